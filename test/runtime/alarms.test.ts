// Alarm life cycle: raised from status values, acknowledged by a user, cleared by the point, stored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { AlarmMonitor } from '../../src/runtime/alarm-monitor.js';
import { troubleOf } from '../../src/runtime/alarm-rules.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, profile, T0 } from './site-fixture.js';

const point = (profileId: string, id: string) => {
  const p = profile(profileId).points.find((x) => x.id === id);
  assert.ok(p);
  return p;
};

describe('what means trouble', () => {
  test('boolean alarms when TRUE, but not every boolean', () => {
    assert.equal(troubleOf(point('ev-charger-level-2', 'ground-fault'), true), 'alarm');
    assert.equal(troubleOf(point('ev-charger-level-2', 'ground-fault'), false), null);
    assert.equal(troubleOf(point('ev-charger-level-2', 'cable-connected'), true), null);
    assert.equal(troubleOf(point('pir-detector', 'tamper-status'), true), 'alarm');
    assert.equal(troubleOf(point('pir-detector', 'masked-status'), true), 'alarm');
    assert.equal(troubleOf(point('parking-management-server', 'security-alert'), true), 'alarm');
  });
  test('enum words: trouble, warning, normal', () => {
    assert.equal(troubleOf(point('ev-charger-level-2', 'charger-status'), 'OFFLINE'), 'alarm');
    assert.equal(troubleOf(point('ev-charger-level-2', 'connector-status'), 'FAULTED'), 'alarm');
    assert.equal(troubleOf(point('parking-management-server', 'license-status'), 'EXPIRED'), 'alarm');
    assert.equal(troubleOf(point('parking-management-server', 'license-status'), 'EXPIRING'), 'warning');
    assert.equal(troubleOf(point('dhw-tank', 'anode-status'), 'WORN'), 'warning');
    assert.equal(troubleOf(point('ev-charger-level-2', 'charger-status'), 'CHARGING'), null);
  });
  test('sensors and commands never alarm; the site file can override the words', () => {
    assert.equal(troubleOf(point('ev-charger-level-2', 'active-power'), 22), null);
    const status = point('parking-management-server', 'ocpp-backend-status');
    assert.equal(troubleOf(status, 'STOPPED'), null);
    assert.equal(troubleOf(status, 'STOPPED', { 'ocpp-backend-status': ['STOPPED'] }), 'alarm');
    assert.equal(
      troubleOf(point('ev-charger-level-2', 'ground-fault'), true, { 'ground-fault': false }),
      null,
    );
  });
});

describe('alarm life cycle', () => {
  async function open(store = new MemoryStore()) {
    const clock = new VirtualClock(T0);
    const runtime = await Runtime.open({
      site: makeSite([['ev', 'ev-charger-level-2']]),
      store,
      clock,
      seed: 1,
    });
    const set = (id: string, value: boolean | string) =>
      runtime.points.update(runtime.points.indexOf(`ev.${id}`) as number, value, clock.now());
    return { runtime, clock, store, set };
  }

  test('active → acknowledged → cleared (closed), with times and the user', async () => {
    const { runtime, clock, store, set } = await open();
    set('ground-fault', true);
    await runtime.alarms.settled();
    const [raised] = runtime.alarms.list();
    assert.equal(raised?.state, 'active');
    assert.equal(raised?.key, 'ev.ground-fault');
    assert.equal(raised?.raisedAt, T0);
    clock.advance(60_000);
    assert.equal(runtime.alarms.acknowledge(raised?.id ?? -1, 'bob'), true);
    assert.equal(runtime.alarms.list()[0]?.state, 'acknowledged');
    assert.equal(runtime.alarms.acknowledge(raised?.id ?? -1, 'bob'), false, 'only once');
    clock.advance(60_000);
    set('ground-fault', false);
    await runtime.alarms.settled();
    assert.deepEqual(runtime.alarms.list(), [], 'cleared and acknowledged: closed');
    const [stored] = await store.queryAlarms({ key: 'ev.ground-fault' });
    assert.deepEqual(
      {
        state: stored?.state,
        ackedBy: stored?.ackedBy,
        ackedAt: stored?.ackedAt,
        clearedAt: stored?.clearedAt,
      },
      { state: 'cleared', ackedBy: 'bob', ackedAt: T0 + 60_000, clearedAt: T0 + 120_000 },
    );
    assert.deepEqual(await store.queryAlarms({ state: 'open' }), []);
  });

  test('cleared before acknowledged stays open until acknowledged; a new fault raises a new alarm', async () => {
    const { runtime, store, set } = await open();
    set('charger-status', 'OFFLINE');
    set('charger-status', 'AVAILABLE');
    await runtime.alarms.settled();
    const [open1] = runtime.alarms.list();
    assert.equal(open1?.state, 'cleared');
    assert.equal(open1?.ackedAt, null);
    set('charger-status', 'ERROR');
    await runtime.alarms.settled();
    const alarms = await store.queryAlarms({ key: 'ev.charger-status' });
    assert.deepEqual(
      alarms.map((a) => [a.value, a.state]),
      [
        ['ERROR', 'active'],
        ['OFFLINE', 'cleared'],
      ],
    );
    assert.equal(runtime.alarms.list().length, 2, 'both open: the first still awaits acknowledgement');
  });

  test('open alarms survive a restart; a point normal again clears its alarm, which still awaits acknowledgement', async () => {
    const store = new MemoryStore();
    const first = await open(store);
    first.set('ground-fault', true);
    await first.runtime.alarms.settled();
    const second = await open(store);
    await second.runtime.alarms.settled();
    const [again] = second.runtime.alarms.list();
    assert.equal(again?.key, 'ev.ground-fault');
    assert.equal(again?.state, 'cleared', 'the restarted device has no ground fault');
    assert.equal(again?.ackedAt, null);
    assert.equal((await store.queryAlarms()).length, 1, 'not raised twice');
    assert.equal(second.runtime.alarms.acknowledge(again?.id ?? -1, 'carol'), true);
    await second.runtime.alarms.settled();
    assert.deepEqual(await store.queryAlarms({ state: 'open' }), []);
  });

  test("an acknowledgement reaches the point's device while the point is in trouble, not once it is cleared", async () => {
    const { runtime, clock, set } = await open();
    const told: string[] = [];
    const monitor = new AlarmMonitor(runtime.points, new MemoryStore(), clock, undefined, undefined, (a) =>
      told.push(`${a.key} ${a.state}`),
    );
    await monitor.start();
    set('ground-fault', true);
    await monitor.settled();
    assert.equal(monitor.acknowledge(monitor.list()[0]?.id ?? -1, 'bob'), true);
    assert.deepEqual(told, ['ev.ground-fault acknowledged']);
    set('ground-fault', false);
    set('ground-fault', true);
    set('ground-fault', false);
    await monitor.settled();
    const [cleared] = monitor.list();
    assert.equal(cleared?.state, 'cleared');
    assert.equal(monitor.acknowledge(cleared?.id ?? -1, 'bob'), true);
    assert.deepEqual(told, ['ev.ground-fault acknowledged'], 'a cleared alarm says nothing of the point now');
    monitor.stop();
  });
});
