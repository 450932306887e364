// Values on the wire as Haxall writes and reads them: Zinc answers keep a Ref's display name (`@id "dis"`), as
// Hayson does; a Uri in a request reads its escaped backtick as a backtick.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { HGrid, HRef, type HVal, ZincReader } from 'haystack-core';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const S = server.site.site.id;
const POINT = `${S}.ev-charger-3.active-power`;

async function post(op: string, body: string, accept = 'text/zinc'): Promise<string> {
  const response = await server.fetch(`${server.url}${op}`, {
    method: 'POST',
    headers: { 'content-type': 'text/zinc', accept },
    body,
  });
  assert.equal(response.status, 200);
  return response.text();
}

test('Zinc answers write each Ref with its display name, as JSON does', async () => {
  const body = `ver:"3.0"\nfilter\n"id == @${POINT}"\n`;
  const zinc = await post('read', body);
  const json = JSON.parse(await post('read', body, 'application/json')) as {
    rows: Array<Record<string, { val: string; dis?: string }>>;
  };
  const row = json.rows[0];
  assert.ok(row?.id?.dis && row.equipRef?.dis && row.siteRef?.dis, 'the JSON answer has display names');
  // Haxall's ZincWriter: `@id "dis"`, the display name a Zinc Str.
  assert.ok(zinc.includes(`@${POINT} ${JSON.stringify(row.id.dis)}`), zinc);
  assert.ok(zinc.includes(`@${S}.ev-charger-3 ${JSON.stringify(row.equipRef.dis)}`), zinc);
  const grid = ZincReader.readValue(zinc);
  assert.ok(grid instanceof HGrid);
  for (const tag of ['id', 'equipRef', 'siteRef']) {
    const ref: HVal | null | undefined = grid.getRows()[0]?.get(tag);
    assert.ok(ref instanceof HRef, tag);
    assert.equal(ref.dis, row[tag]?.dis, tag);
  }
});

test('nav answers in Zinc keep the display names too', async () => {
  const zinc = await post('nav', `ver:"3.0"\nnavId\n@${S}\n`);
  const grid = ZincReader.readValue(zinc);
  assert.ok(grid instanceof HGrid);
  const ids = grid.getRows().map((r) => r.get('id'));
  assert.ok(ids.length > 0);
  for (const id of ids)
    assert.ok(id instanceof HRef && id.dis !== id.value, `${id?.toZinc()} has a display name`);
});

test('hisRead answers in Zinc: the grid meta and column meta Refs keep their display names', async () => {
  const one = ZincReader.readValue(
    await post('hisRead', `ver:"3.0"\nid,range\n@${POINT},"today"\n`),
  ) as HGrid;
  const id = one.meta.get('id');
  assert.ok(id instanceof HRef && id.value === POINT && id.dis, one.toZinc());
  const batch = ZincReader.readValue(
    await post('hisRead', `ver:"3.0" range:"today"\nid\n@${POINT}\n@${S}.ev-charger-1.active-power\n`),
  ) as HGrid;
  const columnIds = batch.getColumns().flatMap((c) => (c.name === 'ts' ? [] : [c.meta.get('id')]));
  assert.equal(columnIds.length, 2);
  for (const ref of columnIds) assert.ok(ref instanceof HRef && ref.dis, `${ref?.toZinc()}`);
});

test('a request body Uri reads `\\`` as a backtick, as Haxall reads it', async () => {
  // `kind` must be a Str: the error names the value it read, written back as Zinc.
  const zinc = await post('events', 'ver:"3.0"\nkind\n`a\\`b`\n');
  const grid = ZincReader.readValue(zinc) as HGrid;
  assert.equal(grid.meta.get('dis')?.toString(), 'events: kind must be a Str, not `a\\`b`');
});

test('so does a Uri in a GET query parameter', async () => {
  const response = await server.fetch(`${server.url}events?kind=${encodeURIComponent('`a\\`b`')}`, {
    headers: { accept: 'text/zinc' },
  });
  const grid = ZincReader.readValue(await response.text()) as HGrid;
  assert.equal(grid.meta.get('dis')?.toString(), 'events: kind must be a Str, not `a\\`b`');
});

test('a Uri keeps the backslash of an escaped delimiter, as Haxall does', async () => {
  const zinc = await post('events', 'ver:"3.0"\nkind\n`a\\#b\\`c`\n');
  const grid = ZincReader.readValue(zinc) as HGrid;
  assert.equal(grid.meta.get('dis')?.toString(), 'events: kind must be a Str, not `a\\#b\\`c`');
});
