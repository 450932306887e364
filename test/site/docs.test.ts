// The site-file documentation keeps up with the schema: every field the schema knows is documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

type Schema = {
  properties?: Record<string, Schema>;
  items?: Schema;
  definitions?: Record<string, Schema>;
  $ref?: string;
};

function fieldNames(schema: Schema, root: Schema, seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const target = schema.$ref ? root.definitions?.[schema.$ref.split('/').at(-1) ?? ''] : schema;
  if (!target) return [];
  const items = target.items ? fieldNames(target.items, root, seen) : [];
  const fields = Object.entries(target.properties ?? {});
  return [...items, ...fields.flatMap(([name, child]) => [name, ...fieldNames(child, root, seen)])];
}

test('docs/site-file.md documents every field of docs/site-file.schema.json', () => {
  const schema = JSON.parse(readFileSync('docs/site-file.schema.json', 'utf8')) as Schema;
  const docs = readFileSync('docs/site-file.md', 'utf8');
  const names = [...new Set(fieldNames(schema, schema))];
  assert.ok(names.length > 20, names.join(', '));
  for (const name of names)
    assert.ok(docs.includes(`\`${name}\``), `\`${name}\` is not in docs/site-file.md`);
});
