// Roles in the one write path: which role may write which point is data on the point (its writeRole), and
// every interface passes the role it acts with, so the rule is the same everywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { WriteRequest } from '../../src/runtime/write-path.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

async function open() {
  const site = makeSite([
    ['server', 'parking-management-server'],
    ['tank', 'level-sensor'],
  ]);
  const store = new MemoryStore();
  const clock = new VirtualClock(T0);
  const events: Array<{ device: string; point: string | null }> = [];
  const eventSinks = [
    (device: { id: string }, _t: number, e: { point: string | null }) => {
      events.push({ device: device.id, point: e.point });
    },
  ];
  const runtime = await Runtime.open({ site, store, clock, seed: 1, eventSinks });
  runtime.start();
  clock.advance(60_000);
  const request = (key: string, value: unknown, more: Partial<WriteRequest>): WriteRequest => ({
    key,
    value,
    who: 'someone',
    role: 'operator',
    via: 'test',
    ...more,
  });
  /** Events the point's device reported about the point (an action that runs reports, even when it fails). */
  const eventsOf = (point: string) => events.filter((e) => e.device === 'server' && e.point === point);
  return { site, runtime, store, clock, request, eventsOf };
}

test('the points list gives each command its role: backups and reports are an admin’s, the rest an operator’s', () => {
  const { devices } = makeSite([['server', 'parking-management-server']]);
  const roles = Object.fromEntries(
    (devices[0]?.profile.points ?? []).map((p) => [p.id, p.writeRole] as const),
  );
  assert.equal(roles['database-backup'], 'admin');
  assert.equal(roles['report-generation'], 'admin');
  assert.equal(roles['notification-send'], 'operator');
  assert.equal(roles['integration-sync'], 'operator');
  assert.equal(roles['system-enable'], 'operator');
  assert.equal(roles['total-occupied'], null);
  assert.equal(roles['backup-status'], null);
});

test('an operator is refused the admin actions: forbidden, audited as refused, the action does not run', async () => {
  const { runtime, store, clock, request, eventsOf } = await open();
  try {
    for (const [key, word] of [
      ['server.database-backup', 'BACKUP'],
      ['server.report-generation', 'GENERATE'],
      ['server.database-backup', true],
    ] as const) {
      const r = request(key, word, {});
      const checked = runtime.writes.check(r);
      assert.equal(checked?.code, 'forbidden', `${key} = ${word}`);
      assert.match(checked?.message ?? '', /is an admin's command: an operator may not run it/);
      assert.deepEqual(await runtime.writes.write(r), checked);
    }
    clock.advance(60_000);
    assert.deepEqual(
      (await store.queryAudit({})).map((a) => [a.action, a.note?.startsWith('forbidden: ')]),
      Array(3).fill(['refused', true]),
    );
    assert.deepEqual(eventsOf('database-backup'), []);
    assert.deepEqual(eventsOf('report-generation'), []);
    assert.equal(runtime.points.value(runtime.points.indexOf('server.backup-status') as number), 'OK');
  } finally {
    await runtime.stop();
  }
});

test('an admin runs them; an operator runs the other actions and writes at levels 8–16 only', async () => {
  const { runtime, store, clock, request, eventsOf } = await open();
  try {
    const backup = await runtime.writes.write(request('server.database-backup', 'BACKUP', { role: 'admin' }));
    assert.equal(backup.ok, true, JSON.stringify(backup));
    clock.advance(60_000);
    assert.ok(eventsOf('database-backup').length > 0, 'the backup ran');

    const sync = await runtime.writes.write(request('server.integration-sync', 'SYNC', {}));
    assert.equal(sync.ok, true, JSON.stringify(sync));
    const reset = await runtime.writes.write(request('tank.reset-min-max', 'RESET', {}));
    assert.equal(reset.ok, true, JSON.stringify(reset));
    const at8 = await runtime.writes.write(request('tank.high-level-threshold', 90, { level: 8 }));
    assert.equal(at8.ok, true, JSON.stringify(at8));

    const at7 = request('tank.high-level-threshold', 95, { level: 7 });
    assert.equal(runtime.writes.check(at7)?.code, 'forbidden');
    const refused = await runtime.writes.write(at7);
    assert.equal(refused.ok ? 'ok' : refused.code, 'forbidden');
    assert.equal(runtime.writes.priorityArray('tank.high-level-threshold')?.array.values[6], null);
    assert.equal((await runtime.writes.write({ ...at7, role: 'admin' })).ok, true);

    const audit = await store.queryAudit({});
    assert.deepEqual(audit.map((a) => `${a.key} ${a.action} ${a.level}`).sort(), [
      'server.database-backup run null',
      'server.integration-sync run null',
      'tank.high-level-threshold refused 7',
      'tank.high-level-threshold write 7',
      'tank.high-level-threshold write 8',
      'tank.reset-min-max run null',
    ]);
  } finally {
    await runtime.stop();
  }
});

test('a viewer writes nothing: commands, actions and relinquishes are all refused, and nothing changes', async () => {
  const { runtime, store, request } = await open();
  try {
    for (const r of [
      request('tank.high-level-threshold', 90, { role: 'viewer', level: 16 }),
      request('tank.high-level-threshold', null, { role: 'viewer', level: 16 }),
      request('tank.reset-min-max', 'RESET', { role: 'viewer' }),
      request('server.system-enable', false, { role: 'viewer' }),
      request('server.database-backup', 'BACKUP', { role: 'viewer' }),
    ]) {
      const result = await runtime.writes.write(r);
      assert.equal(result.ok ? 'ok' : result.code, 'forbidden', `${r.key} = ${r.value}`);
      assert.match(result.ok ? '' : result.message, /^a viewer may not write /);
    }
    // Each refusal is audited; nothing else is.
    assert.deepEqual(
      (await store.queryAudit({})).map((a) => [
        a.action,
        /^forbidden: a viewer may not write /.test(a.note ?? ''),
      ]),
      Array(5).fill(['refused', true]),
    );
    assert.equal(runtime.points.value(runtime.points.indexOf('server.system-enable') as number), true);
  } finally {
    await runtime.stop();
  }
});
