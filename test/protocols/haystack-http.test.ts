// The Haystack HTTP API over raw HTTP: formats, GET/POST rules, status codes, error grids.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { HDateTime, HGrid, ZincReader } from 'haystack-core';
import { refText } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const get = (path: string, accept?: string) =>
  server.fetch(`${server.url}${path}`, { headers: accept ? { accept } : {} });
const post = (path: string, body: string, type = 'text/zinc') =>
  server.fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
const zinc = async (response: Response) => {
  assert.match(response.headers.get('content-type') ?? '', /^text\/zinc/);
  const grid = ZincReader.readValue(await response.text());
  assert.ok(grid instanceof HGrid, 'a Zinc grid');
  return grid;
};

describe('Haystack HTTP API', () => {
  test('about, in Zinc by default', async () => {
    const grid = await zinc(await get('about'));
    const row = grid.getRows()[0];
    assert.equal(row?.get('haystackVersion')?.toString(), '4.0');
    assert.equal(row?.get('productName')?.toString(), 'Pointyard');
    assert.equal(row?.get('tz')?.toString(), 'Paris');
    assert.equal(row?.get('userName')?.toString(), 'admin');
    assert.equal(row?.get('userRole')?.toString(), 'admin');
  });

  test('about tells each user their own name and role', async () => {
    for (const [user, role] of [
      ['olivia', 'operator'],
      ['victor', 'viewer'],
    ]) {
      const { fetch } = await server.login(user);
      const response = await fetch(`${server.url}about`, { headers: { accept: 'application/json' } });
      const body = (await response.json()) as { rows: Array<Record<string, unknown>> };
      assert.equal(body.rows[0]?.userName, user);
      assert.equal(body.rows[0]?.userRole, role);
    }
  });

  test('JSON (Hayson) and CSV on request', async () => {
    const json = await get('read?filter=site', 'application/json');
    assert.match(json.headers.get('content-type') ?? '', /^application\/vnd\.haystack\+json/);
    const body = (await json.json()) as {
      _kind: string;
      rows: Array<{ id: { _kind: string; val: string } }>;
    };
    assert.equal(body._kind, 'grid');
    assert.deepEqual(body.rows[0]?.id, { _kind: 'ref', val: 'lyon-confluence', dis: 'Parc Confluence Sud' });
    const csv = await (await get('read?filter=equip', 'text/csv')).text();
    assert.equal(csv.split('\n').filter((l) => l.includes('@lyon-confluence.')).length, 14);
  });

  test('read by filter, with ->, and limit', async () => {
    const pir = await zinc(
      await get(
        `read?filter=${encodeURIComponent('point and equipRef->profile=="pir-detector" and navName=="Alarm Status"')}`,
      ),
    );
    assert.deepEqual(
      pir.getRows().map((r) => refText(r.get('id'))),
      [1, 2, 3, 4, 5, 6].map((n) => `@lyon-confluence.pir-${n}.alarm-status`),
    );
    const limited = await zinc(await post('read', 'ver:"3.0"\nfilter,limit\n"point",5\n'));
    assert.equal(limited.length, 5);
    const writable = await zinc(
      await get(`read?filter=${encodeURIComponent('writable and kind=="Number"')}`),
    );
    assert.ok(writable.getRows().every((r) => r.has('writeVal') && r.has('writeLevel')));
    const power = await zinc(
      await get(`read?filter=${encodeURIComponent('power and sensor and unit=="kW"')}`),
    );
    assert.ok(power.length >= 4);
  });

  test('read by id keeps the request order; an unknown id is a row of nulls', async () => {
    const grid = await zinc(
      await post(
        'read',
        'ver:"3.0"\nid\n@lyon-confluence.pir-2.temperature\n@nope\n@lyon-confluence.ev-charger-1.active-power\n',
      ),
    );
    assert.deepEqual(
      grid.getRows().map((r) => refText(r.get('id')) ?? null),
      ['@lyon-confluence.pir-2.temperature', null, '@lyon-confluence.ev-charger-1.active-power'],
    );
    const power = grid.getRows()[2];
    assert.equal(power?.get('unit')?.toString(), 'kW');
    assert.ok(power?.has('curVal') && power.get('curStatus')?.toString() === 'ok');
    // curTs: when the point store last saw its value or status change, as a DateTime in the site's zone.
    const curTs = power?.get('curTs');
    assert.ok(curTs instanceof HDateTime, 'curTs is a DateTime');
    assert.equal(curTs.timezone, 'Paris');
    const points = server.runtime.points;
    const index = points.indexOf('ev-charger-1.active-power') as number;
    assert.equal(curTs.date.valueOf(), points.read(index).ts);
    // A change moves it: a status set later than the last change.
    const later = server.clock.now() + 1234;
    points.setStatus(index, 'fault', later);
    const after = await zinc(
      await post('read', 'ver:"3.0"\nid\n@lyon-confluence.ev-charger-1.active-power\n'),
    );
    assert.equal((after.getRows()[0]?.get('curTs') as HDateTime).date.valueOf(), later);
    assert.equal(after.getRows()[0]?.get('curStatus')?.toString(), 'fault');
    points.setStatus(index, 'ok', later);
  });

  test('curTs is a live tag: a filter on it looks at every record and matches every point', async () => {
    const all = await zinc(await post('read', 'ver:"3.0"\nfilter\n"point"\n'));
    const withTs = await zinc(await post('read', 'ver:"3.0"\nfilter\n"curTs"\n'));
    assert.ok(all.length > 100);
    assert.equal(withTs.length, all.length);
    assert.equal((await zinc(await post('read', 'ver:"3.0"\nfilter\n"site and curTs"\n'))).length, 0);
  });

  test('nav: site → equipment → points', async () => {
    const root = await zinc(await get('nav'));
    assert.equal(root.getRows()[0]?.get('navId')?.toString(), 'lyon-confluence');
    const equips = await zinc(await post('nav', 'ver:"3.0"\nnavId\n"lyon-confluence"\n'));
    assert.equal(equips.length, 14);
    const points = await zinc(await post('nav', 'ver:"3.0"\nnavId\n"lyon-confluence.dhw-tank"\n'));
    assert.equal(points.length, 23);
    assert.ok(
      points.getRows().every((r) => !r.has('navId') || r.get('navId') === null),
      'points are leaves',
    );
  });

  test('ops and filetypes list what is served', async () => {
    const ops = await zinc(await get('ops'));
    const names = ops.getRows().map((r) => r.get('name')?.toString());
    for (const name of ['about', 'ops', 'filetypes', 'read', 'nav', 'close'])
      assert.ok(names.includes(name), name);
    const read = ops.getRows().find((r) => r.get('name')?.toString() === 'read');
    assert.ok(read?.has('noSideEffects'));
    assert.equal((await zinc(await get('filetypes'))).length, 3);
  });

  test('status codes when the request cannot be read', async () => {
    assert.equal((await get('nosuchop')).status, 404); // after the login (401 without one)
    const close = await get('close');
    assert.equal(close.status, 405);
    assert.equal(close.headers.get('allow'), 'POST');
    assert.equal((await get('about', 'text/turtle')).status, 406);
    assert.equal((await post('read', '<xml/>', 'application/xml')).status, 415);
    assert.equal((await post('read', 'this is not zinc', 'text/zinc')).status, 400);
    assert.equal((await server.fetch(`${server.url}about`, { method: 'PUT' })).status, 501);
  });

  test('errors after the request is read are error grids with HTTP 200', async () => {
    const bad = await get(`read?filter=${encodeURIComponent('point and (')}`);
    assert.equal(bad.status, 200);
    const grid = await zinc(bad);
    assert.ok(grid.meta.has('err'));
    assert.match(grid.meta.get('dis')?.toString() ?? '', /cannot read filter 'point and \('/);
    const noColumns = await zinc(await post('read', 'ver:"3.0"\nx\n1\n'));
    assert.match(noColumns.meta.get('dis')?.toString() ?? '', /needs a filter column or an id column/);
  });

  test('nclient-style URLs with a project name work too', async () => {
    const grid = await zinc(await server.fetch(`${server.origin}/api/demo/about`));
    assert.equal(grid.getRows()[0]?.get('productName')?.toString(), 'Pointyard');
  });

  test('without a login: 401 with the HELLO challenge; a bad token: 403', async () => {
    const anonymous = await fetch(`${server.url}about`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^HELLO/i);
    const forged = await fetch(`${server.url}about`, {
      headers: { authorization: 'BEARER authToken=forged' },
    });
    assert.equal(forged.status, 403);
  });

  test('roles: a viewer reads but may not write; an operator writes at levels 8–16 only', async () => {
    const viewer = await server.login('victor');
    const read = await viewer.fetch(`${server.url}read?filter=site`);
    assert.equal(read.status, 200);
    const write = (f: typeof fetch, level: number) =>
      f(`${server.url}pointWrite`, {
        method: 'POST',
        headers: { 'content-type': 'text/zinc' },
        body: `ver:"3.0"\nid,level,val\n@lyon-confluence.ev-charger-2.max-current-limit,${level},12A\n`,
      });
    // Refusals are error grids on HTTP 200 (haystack-answers.test.ts has the details).
    const refused = await write(viewer.fetch, 16);
    assert.equal(refused.status, 200);
    assert.match(await refused.text(), /victor \(viewer\) may not write at level 16/);
    const operator = await server.login('olivia');
    assert.match(
      await (await write(operator.fetch, 3)).text(),
      /olivia \(operator\) may not write at level 3/,
    );
    assert.equal((await write(operator.fetch, 10)).status, 200);
    const [audit] = await server.runtime.options.store.queryAudit({ key: 'ev-charger-2.max-current-limit' });
    assert.equal(audit?.who, 'olivia', 'writes are audited with the user');
  });

  test('close ends the session', async () => {
    const session = await server.login('victor');
    assert.equal((await session.fetch(`${server.url}close`, { method: 'POST' })).status, 200);
    assert.equal((await session.fetch(`${server.url}about`)).status, 403);
  });

  test('any filter text either reads or answers an error grid, never a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (filter) => {
        const response = await get(`read?filter=${encodeURIComponent(filter)}`);
        assert.equal(response.status, 200, `status ${response.status} for ${JSON.stringify(filter)}`);
        await zinc(response);
      }),
      { numRuns: 150 },
    );
  });
});
