// Pointyard's `audit` and `events` ops: real writes and real device events, read back newest first with
// their filters (point or equip, who, kind, range as hisRead, limit); bad filters are error grids.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HDateTime, HNum, HRef, HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);

const SETPOINT = 'lyon-confluence.dhw-tank.temperature-setpoint';
const AUDIT_COLUMNS = [
  'ts',
  'who',
  'via',
  'remote',
  'point',
  'level',
  'action',
  'written',
  'before',
  'after',
  'duration',
  'note',
];

describe('audit', () => {
  before(async () => {
    const olivia = await server.login('olivia');
    for (const value of ['61°C', '62°C']) {
      const write = await call(
        'pointWrite',
        `ver:"3.0"\nid,level,val\n@${SETPOINT},8,${value}\n`,
        olivia.fetch,
      );
      assert.equal(write.error, null);
      server.clock.advance(1000);
    }
    const relinquish = await call('pointWrite', `ver:"3.0"\nid,level,val\n@${SETPOINT},8,N\n`);
    assert.equal(relinquish.error, null);
  });

  test('lists the writes of a point newest first, values in the point’s unit', async () => {
    const { grid, error } = await call('audit', { query: { id: `@${SETPOINT}` } });
    assert.equal(error, null);
    for (const name of AUDIT_COLUMNS) assert.ok(grid.hasColumn(name), name);
    const rows = grid.getRows();
    assert.deepEqual(
      rows.map((r) => [r.get<HStr>('who')?.value, r.get<HStr>('action')?.value]),
      [
        ['admin', 'relinquish'],
        ['olivia', 'write'],
        ['olivia', 'write'],
      ],
    );
    const latest = rows[1];
    assert.equal(latest?.get<HRef>('point')?.value, SETPOINT);
    assert.equal(latest?.get<HStr>('via')?.value, 'haystack');
    assert.match(latest?.get<HStr>('remote')?.value ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal(latest?.get<HNum>('level')?.value, 8);
    assert.equal(latest?.get('written')?.toZinc(), '62°C');
    assert.equal(latest?.get('before')?.toZinc(), '61°C');
    assert.equal(latest?.get('after')?.toZinc(), '62°C');
    assert.equal(rows[0]?.has('written'), false, 'a relinquish writes no value');
    assert.equal(latest?.get<HDateTime>('ts')?.timezone, 'Paris');
  });

  test('filters by who, equip, range and limit', async () => {
    const byOlivia = await call('audit', { query: { who: 'olivia' } });
    assert.equal(byOlivia.grid.length, 2);
    assert.equal((await call('audit', { query: { who: 'nobody' } })).grid.length, 0);
    const equip = await call('audit', 'ver:"3.0"\nid\n@lyon-confluence.dhw-tank\n');
    assert.ok(
      equip.grid.getRows().every((r) => r.get<HRef>('point')?.value.startsWith('lyon-confluence.dhw-tank.')),
    );
    assert.ok(equip.grid.length >= 3);
    assert.equal((await call('audit', { query: { id: `@${SETPOINT}`, range: 'today' } })).grid.length, 3);
    assert.equal((await call('audit', { query: { id: `@${SETPOINT}`, range: 'yesterday' } })).grid.length, 0);
    assert.equal(
      (await call('audit', { query: { id: `@${SETPOINT}`, range: '2026-01-04,2026-01-05' } })).grid.length,
      3,
    );
    const limited = await call('audit', { query: { id: `@${SETPOINT}`, limit: '1' } });
    assert.equal(limited.grid.getRows()[0]?.get<HStr>('action')?.value, 'relinquish');
    assert.equal(limited.grid.length, 1);
  });

  test('an empty answer still has its columns; viewers may read it', async () => {
    const victor = await server.login('victor');
    const empty = await call('audit', { query: { who: 'nobody' } }, victor.fetch);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.grid.getColumnNames(), AUDIT_COLUMNS);
  });

  test('bad filters are error grids', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ range: 'last week' }, /invalid history range 'last week'/],
      [{ range: '2026-01-05', id: '@nope' }, /unknown record @nope/],
      [{ who: '12' }, /who must be a Str/],
      [{ limit: '10001' }, /limit must be a whole Number from 1 to 10000/],
      [{ limit: '2.5' }, /limit must be a whole Number/],
    ];
    for (const [query, message] of cases)
      assert.match((await call('audit', { query })).error ?? '', message, JSON.stringify(query));
  });
});

describe('events', () => {
  before(async () => {
    const fault = await call('fault', 'ver:"3.0"\nid,fault\n@lyon-confluence.pir-2,"tamper"\n');
    assert.equal(fault.error, null);
    server.clock.advance(5000);
    await server.runtime.persist(); // events reach the store with the runtime's periodic save
  });

  test('lists device events newest first, with the equip and the point when there is one', async () => {
    const { grid, error } = await call('events', { query: { id: '@lyon-confluence.pir-2' } });
    assert.equal(error, null);
    assert.deepEqual(grid.getColumnNames().slice(0, 5), ['ts', 'equipRef', 'point', 'kind', 'message']);
    const times = grid.getRows().map((r) => (r.get('ts') as HDateTime).date.valueOf());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    for (const r of grid.getRows()) assert.equal(r.get<HRef>('equipRef')?.value, 'lyon-confluence.pir-2');
    const injected = grid.getRows().find((r) => r.get<HStr>('kind')?.value === 'fault');
    assert.match(injected?.get<HStr>('message')?.value ?? '', /tamper injected by admin/);
    assert.equal(injected?.has('point'), false);
    const sia = grid.getRows().find((r) => r.get<HStr>('kind')?.value === 'sia');
    assert.equal(sia?.get<HRef>('point')?.value, 'lyon-confluence.pir-2.tamper-status');
  });

  test('filters by kind, point, range and limit', async () => {
    const faults = await call('events', { query: { kind: 'fault' } });
    assert.ok(faults.grid.length >= 1);
    for (const r of faults.grid.getRows()) assert.equal(r.get<HStr>('kind')?.value, 'fault');
    const point = await call('events', { query: { id: '@lyon-confluence.pir-2.tamper-status' } });
    assert.ok(point.grid.length >= 1);
    for (const r of point.grid.getRows())
      assert.equal(r.get<HRef>('point')?.value, 'lyon-confluence.pir-2.tamper-status');
    assert.equal((await call('events', { query: { kind: 'fault', range: 'yesterday' } })).grid.length, 0);
    assert.ok((await call('events', { query: { kind: 'fault', range: 'today' } })).grid.length >= 1);
    assert.equal((await call('events', { query: { limit: '1' } })).grid.length, 1);
  });

  test('bad filters are error grids', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ kind: '5' }, /kind must be a Str/],
      [{ range: '2026-13-45' }, /invalid history range/],
      [{ id: '"lyon-confluence.nowhere"' }, /unknown record @lyon-confluence.nowhere/],
      [{ limit: '-1' }, /limit must be a whole Number/],
    ];
    for (const [query, message] of cases)
      assert.match((await call('events', { query })).error ?? '', message, JSON.stringify(query));
  });
});
