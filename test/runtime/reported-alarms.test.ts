// Alarms of conditions reported from outside (no point of the site follows them): raised once however often
// reported, cleared by key, acknowledged like any other (but no device is told), kept across a restart (still
// standing, so the next report raises nothing new and the restore clears it), and a refused save rejects so
// that the reporting interface can refuse the report (the change is kept and tried again).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { AlarmMonitor, type ReportedCondition } from '../../src/runtime/alarm-monitor.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

const burglary: ReportedCondition = {
  key: 'sia/2001/003/BA',
  source: 'SIA account 2001',
  subject: 'zone 003 BA',
  value: 'BA',
  severity: 'alarm',
  text: 'Burglary alarm, account 2001, zone 003',
};

async function monitorOn(store: MemoryStore, told: string[] = []) {
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({
    site: makeSite([['ev', 'ev-charger-level-2']]),
    store,
    clock,
    seed: 1,
  });
  const monitor = new AlarmMonitor(runtime.points, store, clock, undefined, undefined, (a) =>
    told.push(a.key),
  );
  await monitor.start();
  return { monitor, clock };
}

test('raised once, acknowledged without telling a device, cleared by key', async () => {
  const store = new MemoryStore();
  const told: string[] = [];
  const { monitor, clock } = await monitorOn(store, told);
  await monitor.raiseReported(burglary);
  await monitor.raiseReported(burglary);
  const [alarm] = monitor.list();
  assert.equal(monitor.list().length, 1);
  assert.equal(alarm?.reported, burglary.text);
  assert.equal(alarm?.device, 'SIA account 2001');
  assert.equal(alarm?.point, 'zone 003 BA');
  assert.equal(alarm?.raisedAt, T0);
  assert.ok((alarm?.id ?? 0) > 0, 'saved when the promise resolved');
  assert.equal(monitor.acknowledge(alarm?.id ?? -1, 'bob'), true);
  assert.deepEqual(told, [], 'no device follows a reported condition');
  clock.advance(5_000);
  await monitor.clearReported(burglary.key);
  assert.deepEqual(monitor.list(), [], 'cleared and acknowledged: closed');
  const [saved] = await store.queryAlarms({ key: burglary.key });
  assert.equal(saved?.clearedAt, T0 + 5_000);
  await monitor.clearReported(burglary.key); // nothing stands: nothing to do
  await monitor.raiseReported(burglary); // a new burglary: a new alarm
  assert.equal((await store.queryAlarms({ key: burglary.key })).length, 2);
});

test('a standing reported alarm is still standing after a restart', async () => {
  const store = new MemoryStore();
  await (await monitorOn(store)).monitor.raiseReported(burglary);
  const { monitor } = await monitorOn(store);
  await monitor.raiseReported(burglary);
  assert.equal((await store.queryAlarms()).length, 1, 'not raised twice');
  await monitor.clearReported(burglary.key);
  await monitor.settled();
  assert.equal((await store.queryAlarms({ key: burglary.key }))[0]?.state, 'cleared');
});

test('a save the store refuses rejects; the change is kept and saved at the next try', async () => {
  const store = new MemoryStore();
  const { monitor, clock } = await monitorOn(store);
  const save = store.saveAlarms.bind(store);
  store.saveAlarms = () => Promise.reject(new Error('disk full'));
  await assert.rejects(monitor.raiseReported(burglary), /disk full/);
  assert.equal(monitor.unsavedCount, 1);
  assert.equal(monitor.list().length, 1, 'still in the open list');
  store.saveAlarms = save;
  clock.advance(1_000);
  await monitor.settled();
  assert.equal(monitor.unsavedCount, 0);
  assert.equal((await store.queryAlarms({ key: burglary.key })).length, 1);
});
