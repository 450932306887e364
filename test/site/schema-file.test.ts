// docs/site-file.schema.json, the schema editors use, is the one the loader builds from the registry's
// plug-ins: regenerate it with `npm run schema` when a plug-in's fragment changes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { siteSchemaText } from '../../src/site/site-schema.js';

test('the committed docs/site-file.schema.json equals the schema generated from the plug-ins', () => {
  assert.equal(
    readFileSync('docs/site-file.schema.json', 'utf8'),
    siteSchemaText(PROTOCOLS),
    'docs/site-file.schema.json is out of date: run `npm run schema`',
  );
});
