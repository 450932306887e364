// The simulation service a protocol agent uses (src/runtime/services/simulation.ts), over a real runtime on a
// virtual clock: live events, requests reaching the behaviour at its next step, signals set and cleared (and
// shared, as a node of a cluster shares its devices' signals).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

test('an agent follows events live, hands requests to the device and sets its signals', async () => {
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({
    site: makeSite([
      ['ev-1', 'ev-charger-level-2', { randomFaults: false, rfidDelayMinS: 1, rfidDelayMaxS: 1 }],
    ]),
    store: new MemoryStore(),
    clock,
    seed: 3,
  });
  const sim = runtime.services.simulation;
  assert.equal(sim.simulated('ev-1'), true);
  assert.equal(sim.simulated('nope'), false);
  const seen: string[] = [];
  const stop = sim.followEvents((device, _ts, event) => seen.push(`${device.id}:${event.kind}`));
  // What a node of a cluster shares with the others: the agent's signals too, as the device's own.
  const shared: Array<[string, string, number]> = [];
  const unfollow = runtime.followShared({
    signal: (device, name, value) => {
      if (name.endsWith('/ocppLink')) shared.push([device, name, value]);
    },
    onDemand: () => {},
  });
  runtime.start();
  sim.setSignal('ev-1', 'ev/ev-1/ocppLink', 1);
  sim.setSignal('ev-1', 'ev/ev-1/plugins', 1);
  for (let i = 0; i < 5; i++) await clock.advance(1000);
  assert.ok(seen.includes('ev-1:vehicle-arrived'), seen.join(' '));
  assert.ok(seen.includes('ev-1:rfid-presented'), 'online: the card goes to the agent');
  assert.equal(sim.request('ev-1', { kind: 'remote-start', data: { idTag: 'X' } }), null);
  assert.match(sim.request('nope', { kind: 'remote-start', data: {} }) ?? '', /no simulated device nope/);
  await clock.advance(1000);
  assert.ok(seen.includes('ev-1:session-start'));
  assert.equal(sim.signal('ev/ev-1/linkFault'), 0);
  sim.setSignal('ev-1', 'ev/ev-1/ocppLink', null);
  assert.equal(sim.signal('ev/ev-1/ocppLink'), undefined);
  assert.deepEqual(shared, [
    ['ev-1', 'ev/ev-1/ocppLink', 1],
    ['ev-1', 'ev/ev-1/ocppLink', Number.NaN],
  ]);
  unfollow();
  stop();
  const before = seen.length;
  assert.equal(runtime.setFault('ev-1', 'offline', true, 'test'), null);
  await clock.advance(1000);
  assert.equal(seen.length, before, 'stopped: no more events');
  await runtime.stop();
});
