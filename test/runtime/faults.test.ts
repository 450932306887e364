// Faults: injected at run time, scripted in the site file, refused when the behaviour does not model them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

const MIN = 60_000;

async function open(
  faults: Array<{
    fault: string;
    at: { time: number } | { afterMs: number };
    durationMs: number | null;
  }> = [],
) {
  const site = makeSite([['lvl', 'level-sensor', { behaviour: 'generic' }]]);
  (site.devices[0] as { faults: unknown }).faults = faults;
  const clock = new VirtualClock(T0);
  const store = new MemoryStore();
  const runtime = await Runtime.open({ site, store, clock, seed: 1 });
  const status = () => runtime.points.value(runtime.points.indexOf('lvl.communication-status') as number);
  return { runtime, clock, store, status };
}

describe('faults', () => {
  test('injected and cleared at run time, with events', async () => {
    const { runtime, clock, store, status } = await open();
    runtime.start();
    assert.equal(runtime.setFault('lvl', 'communication', true, 'alice'), null);
    clock.advance(2000);
    assert.equal(status(), 'FAULT');
    assert.equal(runtime.setFault('lvl', 'communication', false, 'alice'), null);
    clock.advance(2000);
    assert.equal(status(), 'OK');
    await runtime.stop();
    const events = (await store.queryEvents()).map((e) => [e.kind, e.message]).reverse();
    assert.deepEqual(events, [
      ['fault', 'communication injected by alice'],
      ['fault-cleared', 'communication cleared by alice'],
    ]);
  });

  test('unknown devices and faults are refused with what exists', async () => {
    const { runtime } = await open();
    assert.equal(runtime.setFault('nope', 'communication', true, 't'), 'no device nope');
    assert.equal(
      runtime.setFault('lvl', 'meltdown', true, 't'),
      "lvl has no fault 'meltdown' (its faults: communication)",
    );
  });

  test('scripted: at an offset and at a time, each for its duration', async () => {
    const { runtime, clock, status } = await open([
      { fault: 'communication', at: { afterMs: 10 * MIN }, durationMs: 5 * MIN },
      { fault: 'communication', at: { time: T0 + 60 * MIN }, durationMs: null },
    ]);
    runtime.start();
    clock.advance(10 * MIN - 2000);
    assert.equal(status(), 'OK');
    clock.advance(4000);
    assert.equal(status(), 'FAULT', 'from +10 min');
    clock.advance(5 * MIN);
    assert.equal(status(), 'OK', 'for 5 min');
    clock.advance(45 * MIN);
    assert.equal(status(), 'FAULT', 'from the given time, until the end');
    clock.advance(600 * MIN);
    assert.equal(status(), 'FAULT');
    await runtime.stop();
  });

  test('a scripted fault already over at the start is skipped', async () => {
    const { runtime, clock, status } = await open([
      { fault: 'communication', at: { time: T0 - 60 * MIN }, durationMs: 30 * MIN },
    ]);
    runtime.start();
    clock.advance(5000);
    assert.equal(status(), 'OK');
    await runtime.stop();
  });
});

describe('System Enable', () => {
  test('off pauses every other device (values freeze), on resumes them', async () => {
    const site = makeSite([
      ['server', 'parking-management-server', { behaviour: 'generic' }],
      ['lvl', 'level-sensor', { behaviour: 'generic' }],
    ]);
    const clock = new VirtualClock(T0);
    const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
    runtime.start();
    const level = () => runtime.points.read(runtime.points.indexOf('lvl.level') as number).ts;
    clock.advance(10_000);
    assert.equal(runtime.activeDevices(), 2);
    await runtime.writes.write({
      key: 'server.system-enable',
      value: false,
      who: 't',
      role: 'admin',
      via: 't',
    });
    const frozenAt = level();
    clock.advance(60_000);
    assert.equal(level(), frozenAt, 'the level sensor no longer publishes');
    assert.equal(runtime.activeDevices(), 1);
    await runtime.writes.write({
      key: 'server.system-enable',
      value: true,
      who: 't',
      role: 'admin',
      via: 't',
    });
    clock.advance(5000);
    assert.ok(level() > frozenAt);
    await runtime.stop();
  });
});
