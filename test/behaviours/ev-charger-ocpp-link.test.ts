// The EV charger as an OCPP charge point, seen from its agent's side (src/behaviours/ev-charger/ocpp-link.ts):
// the test plays the agent in a real runtime on a virtual clock — it sets the `ocppLink`/`ocppLimitA` signals,
// answers the `rfid-presented` events with `authorize-result` requests, and sends the central system's requests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BehaviourEvent } from '../../src/behaviours/behaviour.js';
import { evChargerBehaviour } from '../../src/behaviours/ev-charger/behaviour.js';
import { evSignal } from '../../src/behaviours/signals.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';

const ID = 'ev-1';
const MINUTE = 60_000;

/**
 * A charger whose cars arrive when the test's car park sends them, each wanting more energy than a test
 * delivers, and no random faults.
 */
async function open(params: Record<string, unknown> = {}) {
  const clock = new VirtualClock(T0);
  const events: BehaviourEvent[] = [];
  const runtime = await Runtime.open({
    site: makeSite([
      [
        ID,
        'ev-charger-level-2',
        {
          phases: 3,
          nominalVoltageV: 400,
          maxCurrentA: 32,
          randomFaults: false,
          sessionEnergyKwh: 50,
          sessionEnergyMinKwh: 45,
          rfidFailureRate: 0,
          ...params,
        },
      ],
    ]),
    store: new MemoryStore(),
    clock,
    seed: 7,
    behaviourFor: () => evChargerBehaviour as never,
    eventSinks: [(_device, _t, event) => events.push(event)],
  });
  const value = (point: string): Value =>
    runtime.points.value(runtime.points.indexOf(`${ID}.${point}`) as number);
  const signal = (name: Parameters<typeof evSignal>[1], v: number) =>
    runtime.signals.set(evSignal(ID, name), v);
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) await clock.advance(1000);
  };
  const find = (kind: string) => events.filter((e) => e.kind === kind);
  runtime.start();
  return { runtime, clock, events, value, signal, run, find };
}

describe('EV charger: the OCPP link its charge-point agent drives', () => {
  test('a card is checked by the central system: rfid-presented, then the answer decides', async () => {
    const h = await open({ rfidDelayMinS: 5, rfidDelayMaxS: 5 });
    h.signal('ocppLink', 1);
    h.signal('plugins', 1);
    await h.run(10_000);
    const presented = h.find('rfid-presented');
    assert.equal(presented.length, 1, 'the agent is asked to Authorize the card');
    const idTag = presented[0]?.data?.idTag;
    assert.equal(idTag, 'RFID-0001');
    // No answer yet: the charger waits (up to authTimeoutS), RFID Auth Status PENDING.
    await h.run(5000);
    assert.equal(h.value('rfid-auth-status'), 'PENDING');
    h.runtime.request(ID, { kind: 'authorize-result', data: { idTag, status: 'Invalid' } });
    await h.run(2000);
    assert.equal(h.value('rfid-auth-status'), 'FAILED');
    assert.equal(h.find('session-start').length, 0);
    await h.runtime.stop();
  });

  test('an accepted card starts a transaction with the meter register and the id tag', async () => {
    const h = await open({ rfidDelayMinS: 5, rfidDelayMaxS: 5 });
    h.signal('ocppLink', 1);
    h.signal('plugins', 1);
    await h.run(10_000);
    const idTag = h.find('rfid-presented')[0]?.data?.idTag;
    h.runtime.request(ID, { kind: 'authorize-result', data: { idTag, status: 'Accepted' } });
    await h.run(30 * MINUTE);
    const start = h.find('session-start')[0];
    assert.equal(start?.data?.idTag, 'RFID-0001');
    assert.equal(start?.data?.meterStartWh, 0);
    h.runtime.request(ID, { kind: 'remote-stop', data: {} });
    await h.run(2000);
    const end = h.find('session-end')[0];
    assert.equal(end?.data?.ocppReason, 'Remote');
    const energyWh = (h.value('energy-delivered') as number) * 1000;
    assert.ok(energyWh > 1000, `charged for 30 min (${energyWh} Wh)`);
    // The register moved by the session's energy (kWh rounded to 3 places: 1 Wh).
    assert.ok(Math.abs((end?.data?.meterStopWh as number) - energyWh) <= 1);
    assert.equal(h.runtime.signals.get(evSignal(ID, 'meterWh')), end?.data?.meterStopWh);
    await h.runtime.stop();
  });

  test('no answer within authTimeoutS: the charger decides locally (LocalAuthorizeOffline)', async () => {
    const h = await open({ rfidDelayMinS: 5, rfidDelayMaxS: 5, authTimeoutS: 20 });
    h.signal('ocppLink', 1);
    h.signal('plugins', 1);
    await h.run(10_000 + 21_000);
    assert.equal(h.find('session-start').length, 1);
    await h.runtime.stop();
  });

  test('a charging-profile limit caps Output Current; the link down shows OFFLINE', async () => {
    const h = await open({
      rfidDelayMinS: 5,
      rfidDelayMaxS: 5,
      vehicleMaxCurrentsA: [32],
      vehicleShares: [1],
    });
    h.signal('ocppLink', 0);
    h.signal('plugins', 1);
    await h.run(20 * MINUTE);
    assert.equal(h.value('ocpp-connection'), 'DISCONNECTED');
    assert.equal(h.value('charger-status'), 'OFFLINE');
    assert.equal(h.find('ocpp-offline').length, 0, 'not connected yet is no link lost');
    assert.equal(h.find('rfid-presented').length, 0, 'offline: no Authorize asked, the local list decides');
    assert.equal(h.find('session-start').length, 1);
    assert.ok((h.value('output-current') as number) > 20);
    h.signal('ocppLink', 1);
    h.signal('ocppLimitA', 10);
    await h.run(MINUTE);
    assert.equal(h.value('ocpp-connection'), 'CONNECTED');
    assert.ok((h.value('output-current') as number) <= 10);
    assert.ok((h.value('output-current') as number) > 8);
    await h.runtime.stop();
  });

  test('remote start charges the car waiting; Inoperative turns the next car away', async () => {
    const h = await open({ rfidDelayMinS: 600, rfidDelayMaxS: 600, dwellMinH: 0.5, dwellMaxH: 0.5 });
    h.signal('ocppLink', 1);
    h.signal('plugins', 1);
    await h.run(5000);
    h.runtime.request(ID, { kind: 'remote-start', data: { idTag: 'REMOTE-1' } });
    await h.run(2000);
    assert.equal(h.find('session-start')[0]?.data?.idTag, 'REMOTE-1');
    h.runtime.request(ID, { kind: 'availability', data: { operative: false } });
    await h.run(40 * MINUTE);
    assert.equal(h.value('cable-connected'), false, 'the car left after its stay');
    assert.equal(h.value('connector-status'), 'UNAVAILABLE');
    h.signal('plugins', 2);
    await h.run(2000);
    assert.equal(h.find('vehicle-turned-away').length, 1);
    await h.runtime.stop();
  });

  test('stop ends the transaction with the reason the agent gives', async () => {
    const h = await open({ rfidDelayMinS: 600, rfidDelayMaxS: 600 });
    h.signal('ocppLink', 1);
    h.signal('plugins', 1);
    await h.run(2000);
    h.runtime.request(ID, { kind: 'remote-start', data: { idTag: 'T' } });
    await h.run(60_000);
    h.runtime.request(ID, { kind: 'stop', data: { reason: 'DeAuthorized' } });
    await h.run(1000);
    assert.equal(h.find('session-end')[0]?.data?.ocppReason, 'DeAuthorized');
    await h.runtime.stop();
  });

  test('the offline fault tells the agent to drop its link (linkFault)', async () => {
    const h = await open();
    h.signal('ocppLink', 1);
    await h.run(2000);
    assert.equal(h.runtime.signals.get(evSignal(ID, 'linkFault')), 0);
    assert.equal(h.runtime.setFault(ID, 'offline', true, 'test'), null);
    await h.run(2000);
    assert.equal(h.runtime.signals.get(evSignal(ID, 'linkFault')), 1);
    assert.equal(h.find('ocpp-offline')[0]?.data?.cause, 'fault');
    await h.runtime.stop();
  });
});
