// Interop: a whole `pointyard start` whose simulated charger is a charge point of a foreign CSMS —
// @voltbras/ts-ocpp's CentralSystem on a loopback port, behind HTTP Basic auth — with the password from the
// environment (`server.ocpp.chargers.passwordEnv`). A car arrives, its driver's card is authorized by the
// foreign CSMS, the transaction starts, meter values flow, the foreign CSMS stops it remotely: every message
// valid for ts-ocpp's schemas, the energy of the transaction the charger's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BasicAuthCsms, skipWithoutTsOcpp as skip } from './ocpp-pointyard-foreign-csms.js';
import { adminApi, runPointyard, until } from './ocpp-pointyard-run.js';
import { CARD, CHARGER, chargerSite } from './ocpp-pointyard-sites.js';

const PASSWORD = 'b-yard charger secret';
const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-foreign-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The HTTP status a WebSocket upgrade to `url` gets with the Basic credentials given. */
function upgradeStatus(url: string, user: string, password: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
        'sec-websocket-protocol': 'ocpp1.6',
        authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a whole Pointyard against a foreign CSMS', { skip }, () => {
  /** What ts-ocpp's schemas found wrong in the session's messages (the last test checks it is nothing). */
  let invalid: string[] | null = null;
  /** The StatusNotifications of connector 1 after the boot's. */
  let sessionStatuses: Array<Record<string, unknown>> = [];

  test('its charger runs a whole session with ts-ocpp CentralSystem, Basic auth, a remote stop', async (t) => {
    const csms = await new BasicAuthCsms({ [CHARGER]: PASSWORD }).start();
    t.after(() => csms.close());
    assert.equal(await upgradeStatus(`${csms.url}/${CHARGER}`, CHARGER, 'wrong'), 401, 'the gate is real');
    assert.equal(csms.refused, 1);
    const site = join(root, 'yard-b.yaml');
    writeFileSync(site, chargerSite(csms.url, 'YARD_B_OCPP_PASSWORD', 10));
    const b = await runPointyard(join(root, 'b'), site, {
      args: ['--speed', '20'],
      env: { YARD_B_OCPP_PASSWORD: PASSWORD },
    });
    t.after(() => b.stop());
    const failure = (what: string) => `${what}\nPointyard B said:\n${b.output.join('\n')}`;
    assert.ok(
      b.output.some((l) => l.includes(`1 simulated chargers → ${csms.url}`)),
      failure('the charger reports to the foreign CSMS'),
    );

    await until(
      'the transaction and three meter values',
      () => csms.from(CHARGER, 'MeterValues').length,
      (n) => n >= 3,
    ).catch((err: Error) => assert.fail(failure(err.message)));
    const [start] = csms.from(CHARGER, 'StartTransaction');
    assert.equal(start?.payload.idTag, CARD);
    assert.deepEqual(await csms.send(CHARGER, 'RemoteStopTransaction', { transactionId: 1 }), {
      status: 'Accepted',
    });
    await until(
      'the StopTransaction',
      () => csms.from(CHARGER, 'StopTransaction').length,
      (n) => n === 1,
    );
    await until(
      'Finishing',
      () => csms.from(CHARGER, 'StatusNotification').at(-1)?.payload.status,
      (s) => s === 'Finishing',
    );

    invalid = csms.invalid;
    assert.equal(csms.refused, 1, 'the charger logged in with its password at once');
    // Statuses are not queued (they may overtake a transaction message): each kind is checked in order.
    const sent = csms.from(CHARGER);
    const main = sent.map((r) => r.action).filter((a) => a !== 'StatusNotification' && a !== 'Heartbeat');
    const meterValues = main.filter((a) => a === 'MeterValues').length;
    const timeline = sent.map((r) => `${r.action} ${r.payload.status ?? ''}`).join(', ');
    assert.deepEqual(
      main,
      [
        'BootNotification',
        'Authorize',
        'StartTransaction',
        ...Array<string>(meterValues).fill('MeterValues'),
        'StopTransaction',
      ],
      timeline,
    );
    const statuses = sent.filter((r) => r.action === 'StatusNotification').map((r) => r.payload);
    // The boot's statuses say what is true then: on a loaded machine the car may already be plugged in by the
    // time connector 1's first status goes (Preparing, then no Available before it).
    const connector1 = statuses[1]?.status === 'Available' ? 2 : 1;
    assert.deepEqual(
      statuses.slice(0, connector1).map((s) => [s.connectorId, s.status]),
      connector1 === 2
        ? [
            [0, 'Available'],
            [1, 'Available'],
          ]
        : [[0, 'Available']],
      timeline,
    );
    // (A SuspendedEVSE may show between Charging and Finishing: the last test says why it should not.)
    sessionStatuses = statuses.slice(connector1);
    assert.deepEqual(
      [...new Set(sessionStatuses.map((s) => s.status).filter((s) => s !== 'SuspendedEVSE'))],
      ['Preparing', 'Charging', 'Finishing'],
      'a car, its session, its end',
    );
    const [authorize] = csms.from(CHARGER, 'Authorize');
    assert.equal(authorize?.payload.idTag, CARD);

    // The meter values: the transaction's, the register rising, with the points list's measurands.
    let register = start?.payload.meterStart as number;
    for (const mv of csms.from(CHARGER, 'MeterValues')) {
      assert.equal(mv.payload.transactionId, 1);
      const [value] = mv.payload.meterValue as Array<{ sampledValue: Array<Record<string, string>> }>;
      const byMeasurand = new Map(value?.sampledValue.map((s) => [s.measurand, s]));
      assert.equal(byMeasurand.get('Energy.Active.Import.Register')?.unit, 'Wh');
      assert.ok(byMeasurand.has('Power.Active.Import'), JSON.stringify(value));
      const wh = Number(byMeasurand.get('Energy.Active.Import.Register')?.value);
      assert.ok(wh >= register, `the register never goes back (${wh} after ${register})`);
      register = wh;
    }
    const [stop] = csms.from(CHARGER, 'StopTransaction');
    assert.equal(stop?.payload.transactionId, 1);
    assert.equal(stop?.payload.reason, 'Remote');
    const energyWh = (stop?.payload.meterStop as number) - (start?.payload.meterStart as number);
    assert.ok(energyWh >= register - (start?.payload.meterStart as number), 'the stop after the last sample');
    assert.ok(energyWh > 0);

    // The charger's Energy Delivered (kWh, published every 10 s of clock time) settles on the session's
    // energy once a publication follows the stop: it must equal meterStop − meterStart (Wh, rounded).
    const api = await adminApi(b.url);
    const delivered = await until(
      "the charger's Energy Delivered at the stop",
      async () => ((await api.curVal(`yard-b.${CHARGER}.energy-delivered`)) as { val: number }).val,
      (kwh) => Math.abs(kwh * 1000 - energyWh) <= 1,
    ).catch((err: Error) => assert.fail(`${err.message}; the transaction's energy is ${energyWh} Wh`));
    assert.ok(Math.abs(delivered * 1000 - energyWh) <= 1);
  });

  // ts-ocpp validates with OCPP 1.6's JSON schema as it ships it (UnitOfMeasure "Celcius", as the published
  // schemas spell it): every message of the session must pass it.
  test('every message of the session is valid for ts-ocpp', () => {
    assert.ok(invalid !== null, 'the session ran');
    assert.deepEqual(invalid, []);
  });

  // At the remote stop the charger's Output Current falls to 0 in the same step as its Session Status
  // becomes COMPLETE: the charge point reads its status once the step has published both.
  test('the stop goes from Charging to Finishing, with no SuspendedEVSE for an instant', () => {
    const changes = sessionStatuses.map((s) => `${s.status} ${s.timestamp}`);
    assert.ok(changes.length > 0, 'the session ran');
    assert.deepEqual(
      sessionStatuses.map((s) => s.status),
      ['Preparing', 'Charging', 'Finishing'],
      changes.join(', '),
    );
  });
});
