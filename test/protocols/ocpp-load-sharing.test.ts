// Load management over OCPP: four SMART chargers, charge points of the built-in CSMS, share a 22 kW limit.
// The parking server's shares reach them only as ChargePointMaxProfiles (SetChargingProfile over the real
// WebSocket); at every step of a busy morning the chargers' power together stays within the limit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startOcppSite } from './ocpp-csms-rig.js';

const LIMIT_KW = 22;
const CHARGERS = ['ev-1', 'ev-2', 'ev-3', 'ev-4'];

test('4 SMART chargers under 22 kW: profiles sent, the sum of their power within the limit at every step', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-sharing-'));
  const charger = (id: string) => `
  - id: ${id}
    profile: ev-charger-level-2
    parameters: { randomFaults: false, rfidFailureRate: 0, sessionEnergyKwh: 30, sessionEnergyMinKwh: 20 }`;
  const text = `
site: { id: sharing, name: Sharing, tz: UTC }
devices:
  - id: parking-server
    profile: parking-management-server
    parameters: { evPowerLimitKw: ${LIMIT_KW}, evPlugInShare: 100, randomFaults: false }
${CHARGERS.map(charger).join('')}
server:
  ocpp:
    port: 0
    idTags: [RFID-0001, RFID-0002, RFID-0003, RFID-0004, RFID-0005, RFID-0006, RFID-0007, RFID-0008, RFID-0009, RFID-0010]
`;
  const { server, clock } = await startOcppSite(root, text, { seed: 2 });
  try {
    const { points, chargingBackend } = server.runtime.services;
    const power = (id: string) => points.read(points.indexOf(`${id}.active-power`) as number).value as number;
    let maxKw = 0;
    let charging = 0;
    for (let t = 0; t < 3 * 3600_000; t += 1000) {
      await clock.advance(1000);
      await new Promise((resolve) => setImmediate(resolve));
      const kw = CHARGERS.reduce((sum, id) => sum + power(id), 0);
      maxKw = Math.max(maxKw, kw);
      assert.ok(kw <= LIMIT_KW + 1e-9, `${kw} kW at ${new Date(clock.now()).toISOString()}`);
      charging = Math.max(charging, CHARGERS.filter((id) => power(id) > 0).length);
    }
    const profiles = CHARGERS.flatMap((id) =>
      (chargingBackend.get()?.messages(id) ?? []).filter((m) => m.action === 'SetChargingProfile'),
    );
    assert.ok(profiles.length >= 4, `profiles sent: ${profiles.length}`);
    assert.ok(charging >= 3, `chargers drawing at once: ${charging}`);
    assert.ok(maxKw > LIMIT_KW * 0.8, `the limit is used (${maxKw.toFixed(1)} kW at most)`);
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
