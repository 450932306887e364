// Pointyard's `alarms` and `alarmAck` ops: alarms raised by a real fault, filtered, counted and acknowledged
// through the runtime in the caller's name (operators and admins), all or nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HBool, HDateTime, type HNum, type HRef, type HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);

const TAMPER = 'lyon-confluence.pir-1.tamper-status';

/** Steps the site `ms` of virtual time and waits for the alarms it raised or cleared to be saved. */
async function advance(ms: number) {
  server.clock.advance(ms);
  await server.runtime.alarms.settled();
}

/** The open alarm of `key` in the runtime. */
const openAlarm = (key: string) => server.runtime.alarms.list().find((a) => a.key === key);

before(async () => {
  assert.equal(server.runtime.setFault('pir-1', 'tamper', true, 'test'), null);
  await advance(5000);
  assert.ok(openAlarm('pir-1.tamper-status'), 'the tamper fault raised an alarm');
});

test('alarms lists alarms newest first, with refs, values, times in the site zone and the open counts', async () => {
  const { grid, error } = await call('alarms', { query: {} });
  assert.equal(error, null);
  const open = server.runtime.alarms.list();
  assert.equal(grid.meta.get<HNum>('activeCount')?.value, open.filter((a) => a.clearedAt === null).length);
  assert.equal(grid.meta.get<HNum>('unackedCount')?.value, open.filter((a) => a.ackedAt === null).length);
  for (const name of ['id', 'alarm', 'point', 'equipRef', 'dis', 'val', 'severity', 'state', 'raisedAt'])
    assert.ok(grid.hasColumn(name), name);
  const raised = grid.getRows().map((r) => (r.get('raisedAt') as HDateTime).date.valueOf());
  assert.deepEqual(
    raised,
    [...raised].sort((a, b) => b - a),
  );
  const row = grid.getRows().find((r) => r.get<HRef>('point')?.value === TAMPER);
  assert.ok(row, 'the tamper alarm is listed');
  const id = openAlarm('pir-1.tamper-status')?.id as number;
  assert.equal(row.get<HNum>('alarm')?.value, id);
  assert.equal(row.get<HRef>('id')?.value, `alarm-${id}`);
  assert.equal(row.get<HRef>('equipRef')?.value, 'lyon-confluence.pir-1');
  assert.match(row.get<HStr>('dis')?.value ?? '', /Tamper/i);
  assert.ok(row.get('val') instanceof HBool && row.get<HBool>('val')?.value === true);
  assert.equal(row.get<HStr>('severity')?.value, 'alarm');
  assert.equal(row.get<HStr>('state')?.value, 'active');
  assert.equal(row.get<HDateTime>('raisedAt')?.timezone, 'Paris');
  assert.equal(row.has('ackedAt') || row.has('clearedAt'), false);
});

test('alarms filters by state, equip or point, and limit', async () => {
  const pir = await call('alarms', 'ver:"3.0"\nid\n@lyon-confluence.pir-1\n');
  assert.ok(pir.grid.length >= 1);
  for (const r of pir.grid.getRows()) assert.equal(r.get<HRef>('equipRef')?.value, 'lyon-confluence.pir-1');
  const point = await call('alarms', { query: { id: `@${TAMPER}`, state: 'active' } });
  assert.deepEqual(
    point.grid.getRows().map((r) => r.get<HRef>('point')?.value),
    [TAMPER],
  );
  assert.equal((await call('alarms', { query: { state: 'cleared', id: `@${TAMPER}` } })).grid.length, 0);
  assert.equal((await call('alarms', { query: { limit: '1' } })).grid.length, 1);
});

test('bad filters are error grids naming what is wrong', async () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ state: 'burning' }, /state must be one of active, acknowledged, cleared, open/],
    [{ state: '42' }, /state must be a Str/],
    [{ limit: '0' }, /limit must be a whole Number/],
    [{ limit: '"ten"' }, /limit must be a whole Number/],
    [{ id: '@nowhere' }, /unknown record @nowhere/],
  ];
  for (const [query, message] of cases) {
    const answer = await call('alarms', { query });
    assert.equal(answer.status, 200);
    assert.match(answer.error ?? '', message, JSON.stringify(query));
  }
});

test('viewers may list alarms but not acknowledge them; alarmAck needs POST', async () => {
  const victor = await server.login('victor');
  assert.equal((await call('alarms', { query: {} }, victor.fetch)).status, 200);
  const id = openAlarm('pir-1.tamper-status')?.id;
  const denied = await call('alarmAck', `ver:"3.0"\nalarm\n${id}\n`, victor.fetch);
  assert.equal(denied.status, 200);
  assert.equal(denied.error, 'victor (viewer) may not alarmAck');
  assert.equal((await call('alarmAck', { query: { alarm: String(id) } })).status, 405);
  assert.equal(openAlarm('pir-1.tamper-status')?.ackedAt, null);
});

test('alarmAck acknowledges all the alarms named or none', async () => {
  const olivia = await server.login('olivia');
  const tamper = openAlarm('pir-1.tamper-status');
  const other = server.runtime.alarms.list().find((a) => a !== tamper && a.ackedAt === null);
  assert.ok(tamper && other);
  const mixed = await call('alarmAck', `ver:"3.0"\nalarm\n${tamper.id}\n999999\n`, olivia.fetch);
  assert.match(mixed.error ?? '', /nothing acknowledged: alarm 999999 is not open/);
  assert.equal(openAlarm('pir-1.tamper-status')?.ackedAt, null, 'nothing changed');
  for (const body of [
    'ver:"3.0"\nempty\n',
    'ver:"3.0"\nalarm\n"one"\n',
    'ver:"3.0"\nid\n@lyon-confluence.pir-1\n',
  ])
    assert.match((await call('alarmAck', body, olivia.fetch)).error ?? '', /name|names no alarm/, body);

  // One by its number, one by its id as the alarms op gives it.
  const acked = await call(
    'alarmAck',
    `ver:"3.0"\nalarm,id\n${tamper.id},N\nN,@alarm-${other.id}\n`,
    olivia.fetch,
  );
  assert.equal(acked.error, null);
  assert.deepEqual(
    acked.grid
      .getRows()
      .map((r) => [r.get<HNum>('alarm')?.value, r.get<HStr>('ackedBy')?.value])
      .sort(),
    [
      [tamper.id, 'olivia'],
      [other.id, 'olivia'],
    ].sort(),
  );
  const row = acked.grid.getRows().find((r) => r.get<HNum>('alarm')?.value === tamper.id);
  assert.equal(row?.get<HStr>('state')?.value, 'acknowledged');
  assert.ok(row?.get('ackedAt') instanceof HDateTime);
  assert.equal(openAlarm('pir-1.tamper-status')?.ackedBy, 'olivia');
  const unacked = server.runtime.alarms.list().filter((a) => a.ackedAt === null).length;
  assert.equal(acked.grid.meta.get<HNum>('unackedCount')?.value, unacked);

  const again = await call('alarmAck', `ver:"3.0"\nalarm\n${tamper.id}\n`);
  assert.match(again.error ?? '', new RegExp(`alarm ${tamper.id} is already acknowledged by olivia`));
});

test('a cleared and acknowledged alarm is closed: no longer open, still listed as cleared', async () => {
  const id = openAlarm('pir-1.tamper-status')?.id as number;
  assert.equal(server.runtime.setFault('pir-1', 'tamper', false, 'test'), null);
  await advance(5000);
  assert.equal(openAlarm('pir-1.tamper-status'), undefined);
  const open = await call('alarms', { query: { state: 'open', id: `@${TAMPER}` } });
  assert.equal(open.grid.length, 0);
  const cleared = await call('alarms', { query: { state: 'cleared', id: `@${TAMPER}` } });
  const row = cleared.grid.getRows().find((r) => r.get<HNum>('alarm')?.value === id);
  assert.ok(row?.get('clearedAt') instanceof HDateTime);
  const closed = await call('alarmAck', `ver:"3.0"\nalarm\n${id}\n`);
  assert.match(closed.error ?? '', new RegExp(`alarm ${id} is not open`));
});

test('the ops op lists alarms and alarmAck', async () => {
  const { grid } = await call('ops', { query: {} });
  const names = grid.getRows().map((r) => r.get<HStr>('name')?.value);
  for (const name of ['alarms', 'alarmAck', 'audit', 'events', 'files', 'users', 'userAdd', 'userRemove'])
    assert.ok(names.includes(name), name);
});
