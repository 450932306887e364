// The site's simulated chargers as charge points of the built-in CSMS (src/protocols/ocpp/fleet/): a real
// `startServer` on a virtual clock, the charger's car and card driven by its behaviour, the OCPP messages over
// a real WebSocket on loopback, and the CSMS's store checked: the card authorized by the CSMS's id-tag list,
// the transaction with the charger's meter register, a remote stop from the CSMS, an offline fault cutting the
// link and the queued messages delivered once it clears.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startOcppSite, until } from './ocpp-csms-rig.js';

async function openSite() {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-fleet-'));
  const text = `
site: { id: fleet-test, name: Fleet test, tz: UTC }
devices:
  - id: ev-1
    profile: ev-charger-level-2
    parameters:
      randomFaults: false
      arrivalsPerDay: 0
      rfidDelayMinS: 5
      rfidDelayMaxS: 5
      rfidFailureRate: 0
      sessionEnergyKwh: 50
      sessionEnergyMinKwh: 45
server:
  ocpp:
    port: 0
    idTags: [RFID-0001]
    chargers: { meterValueSampleInterval: 10 }
`;
  const { server, clock } = await startOcppSite(root, text);
  const services = server.runtime.services;
  const value = (point: string) =>
    services.points.read(services.points.indexOf(`ev-1.${point}`) as number).value;
  /** Virtual time in 1 s steps, each followed by a turn of real I/O (the WebSocket). */
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      await clock.advance(1000);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const close = async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  };
  return { server, services, clock, value, run, close };
}

test('a simulated charger runs a whole session as a charge point of the built-in CSMS', async () => {
  const s = await openSite();
  try {
    assert.ok(
      s.server.endpoints.find((e) => e.name === 'ocpp')?.banner?.some((l) => /1 simulated chargers/.test(l)),
    );
    const backend = () => s.services.chargingBackend.get();
    await until('the charger connected and booted', async () => {
      await s.run(1000);
      return s.value('ocpp-connection') === 'CONNECTED';
    });
    assert.deepEqual(backend()?.connected(), ['ev-1']);
    s.services.simulation.setSignal('ev-1', 'ev/ev-1/plugins', 1);
    await until('the transaction opened in the CSMS', async () => {
      await s.run(1000);
      return (await s.services.charging.queryTransactions({ open: true })).length === 1;
    });
    const [open] = await s.services.charging.queryTransactions({ open: true });
    assert.equal(open?.chargePointId, 'ev-1');
    assert.equal(open?.idTag, 'RFID-0001');
    assert.equal(open?.meterStart, 0);
    const actions = () => (backend()?.messages('ev-1') ?? []).map((m) => m.action);
    assert.ok(actions().includes('Authorize'), 'the card was checked by the CSMS');
    // Ten minutes of charging, MeterValues every 10 s.
    await s.run(600_000);
    assert.ok(actions().filter((a) => a === 'MeterValues').length >= 10, 'meter values sent');
    const answer = await backend()?.call('ev-1', 'RemoteStopTransaction', { transactionId: open?.id });
    assert.equal(answer?.status, 'Accepted');
    await until('the transaction stopped in the CSMS', async () => {
      await s.run(1000);
      return (await s.services.charging.queryTransactions({ open: false })).length === 1;
    });
    const [done] = await s.services.charging.queryTransactions({ open: false });
    assert.equal(done?.stopReason, 'Remote');
    // The CSMS's energy is the charger's: the register it ended on, less the one it started on.
    const register = s.services.simulation.signal('ev/ev-1/meterWh') as number;
    assert.equal(done?.meterStop, register);
    const energyWh = (done?.meterStop as number) - (done?.meterStart as number);
    assert.ok(energyWh > 1000, `energy delivered ${energyWh} Wh`);
    // Energy Delivered is published every 10 s: it may lag the register by that much charging (< 70 Wh).
    assert.ok(Math.abs((s.value('energy-delivered') as number) * 1000 - energyWh) < 70);
  } finally {
    await s.close();
  }
});

test('an offline fault cuts the link; the transaction messages wait in the outbox and arrive once it clears', async () => {
  const s = await openSite();
  try {
    await until('connected', async () => {
      await s.run(1000);
      return s.value('ocpp-connection') === 'CONNECTED';
    });
    assert.equal(await s.services.faults.set('ev-1', 'offline', true, 'test'), null);
    await until('the link dropped', async () => {
      await s.run(1000);
      return s.services.chargingBackend.get()?.connected().length === 0;
    });
    assert.equal(s.value('charger-status'), 'OFFLINE');
    // Offline, the card is decided locally and the session starts; its StartTransaction waits.
    s.services.simulation.setSignal('ev-1', 'ev/ev-1/plugins', 1);
    await s.run(120_000);
    assert.equal(s.value('session-status'), 'CHARGING');
    assert.equal((await s.services.charging.queryTransactions()).length, 0);
    assert.equal(await s.services.faults.set('ev-1', 'offline', false, 'test'), null);
    await until('the queued StartTransaction delivered', async () => {
      await s.run(1000);
      return (await s.services.charging.queryTransactions({ open: true })).length === 1;
    });
    assert.equal(s.value('ocpp-connection'), 'CONNECTED');
  } finally {
    await s.close();
  }
});
