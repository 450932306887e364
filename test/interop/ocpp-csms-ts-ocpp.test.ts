// Interop: @voltbras/ts-ocpp's ChargePoint (an OCPP 1.6-J implementation not written here, nor the library
// the CSMS uses) runs whole sessions against Pointyard's CSMS over real WebSockets with HTTP Basic auth:
// boot, authorize, start, meter values, a remote stop from our side, stop; the store holds the transaction.
// A bad password gets HTTP 401, a malformed message the CALLERROR OCPP-J names, and in gateway mode the
// foreign charge point fills a site device's points.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import {
  type CsmsRig,
  GATEWAY_PASSWORD,
  PASSWORD,
  startCsmsRig,
  T0,
  until,
} from '../protocols/ocpp-csms-rig.js';
import { peerSkip } from '../support/peers.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the peer is untyped as far as these tests go
type Any = any;

function loadTsOcpp(): Any | null {
  try {
    return require('@voltbras/ts-ocpp');
  } catch {
    return null;
  }
}

const tsOcpp = loadTsOcpp();
// The raw WebSocket client (a dependency of both OCPP libraries) for frames no OCPP library would send.
const WebSocket: Any = require('ws');
type WebSocket = Any;
const skip = peerSkip(
  tsOcpp ? null : '@voltbras/ts-ocpp is not installed (npm ci installs it: a dev dependency)',
);

/** What the foreign charge point answers each CSMS call with (OCPP 1.6's confirmations). */
const ANSWERS: Record<string, Record<string, unknown>> = {
  UnlockConnector: { status: 'Unlocked' },
  GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] },
  GetLocalListVersion: { listVersion: 3 },
};

/**
 * ts-ocpp's ChargePoint at `<url>/<id>` with Basic auth in the URL; `requests` gets the CSMS's calls, and
 * an action in `rejected` is answered Rejected.
 */
async function foreignChargePoint(
  rig: CsmsRig,
  id: string,
  password: string,
  requests: Any[],
  rejected = new Set<string>(),
) {
  const base = rig.url.replace('ws://', `ws://${encodeURIComponent(id)}:${encodeURIComponent(password)}@`);
  const cp = new tsOcpp.ChargePoint(
    id,
    (request: Any) => {
      requests.push(request);
      const answer = rejected.has(request.action)
        ? { status: 'Rejected' }
        : (ANSWERS[request.action] ?? { status: 'Accepted' });
      return { action: request.action, ocppVersion: request.ocppVersion, ...answer };
    },
    base,
  );
  await cp.connect();
  const send = async (action: string, payload: Record<string, unknown>) =>
    (await cp.sendRequest({ action, ocppVersion: 'v1.6-json', payload })).unsafeCoerce();
  return { cp, send };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Opens a raw WebSocket and resolves with its open, or with the HTTP status of a refused upgrade. */
function rawConnect(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req: unknown, res: { statusCode?: number }) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

const basic = (id: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
});

/** Sends a raw frame and resolves with the next frame the CSMS sends. */
function exchange(ws: WebSocket, frame: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
    ws.send(frame);
  });
}

describe('OCPP CSMS with @voltbras/ts-ocpp as the charge point', { skip }, () => {
  let rig: CsmsRig;
  before(async () => {
    rig = await startCsmsRig();
    await rig.server.runtime.services.charging.saveIdTag({
      idTag: 'CARD-OK',
      status: 'Accepted',
      expiresAt: null,
      parentIdTag: null,
    });
  });
  after(async () => {
    await rig?.close();
  });

  test('a whole session: boot, authorize, start, meter values, remote stop from our side, stop', async () => {
    const requests: Any[] = [];
    const { cp, send } = await foreignChargePoint(rig, 'CP-1', PASSWORD, requests);
    try {
      const boot = await send('BootNotification', {
        chargePointVendor: 'Voltbras',
        chargePointModel: 'ts-ocpp',
      });
      assert.equal(boot.status, 'Accepted');
      assert.equal(boot.interval, 60);
      assert.ok(Number.isFinite(Date.parse(boot.currentTime)));
      assert.ok((await send('Heartbeat', {})).currentTime);
      await send('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
      assert.deepEqual(await send('Authorize', { idTag: 'CARD-OK' }), { idTagInfo: { status: 'Accepted' } });
      assert.deepEqual(await send('Authorize', { idTag: 'NOBODY' }), { idTagInfo: { status: 'Invalid' } });

      const started = await send('StartTransaction', {
        connectorId: 1,
        idTag: 'CARD-OK',
        meterStart: 12_000,
        timestamp: iso(T0),
      });
      assert.equal(started.idTagInfo.status, 'Accepted');
      const id = started.transactionId as number;
      // Committed before the answer: the store holds it open.
      const open = await rig.server.store.charging.getTransaction(id);
      assert.equal(open?.chargePointId, 'CP-1');
      assert.equal(open?.meterStart, 12_000);
      assert.equal(open?.stoppedAt, null);

      const meter = {
        timestamp: iso(T0 + 60_000),
        sampledValue: [{ value: '12500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
      };
      assert.deepEqual(
        await send('MeterValues', { connectorId: 1, transactionId: id, meterValue: [meter] }),
        {},
      );
      assert.deepEqual(await send('DataTransfer', { vendorId: 'com.example' }), {
        status: 'UnknownVendorId',
      });

      // The remote stop from our side, through the one call function.
      const csms = rig.server.runtime.services.chargingBackend.get();
      assert.ok(csms, 'the CSMS runs');
      assert.deepEqual(await csms.call('CP-1', 'RemoteStopTransaction', { transactionId: id }), {
        status: 'Accepted',
      });
      assert.equal(requests.at(-1)?.action, 'RemoteStopTransaction');
      assert.equal(requests.at(-1)?.transactionId, id);

      const stop = await send('StopTransaction', {
        transactionId: id,
        meterStop: 13_250,
        timestamp: iso(T0 + 120_000),
        reason: 'Remote',
        transactionData: [meter],
      });
      assert.deepEqual(stop, {});
      const done = await rig.server.store.charging.getTransaction(id);
      assert.equal(done?.meterStart, 12_000);
      assert.equal(done?.meterStop, 13_250);
      assert.equal(done?.stoppedAt, T0 + 120_000);
      assert.equal(done?.stopReason, 'Remote');
      assert.deepEqual(done?.meterValues, [{ ts: T0 + 60_000, sampledValue: meter.sampledValue }]);

      // Every message both ways is in the charge point's log, results with their call's action.
      const log = csms.messages('CP-1');
      const actions = log.filter((m) => m.type === 'result').map((m) => `${m.direction} ${m.action}`);
      assert.ok(actions.includes('out StartTransaction'), actions.join(', '));
      assert.ok(actions.includes('in RemoteStopTransaction'), actions.join(', '));
    } finally {
      cp.close();
    }
  });

  test('every call of the CSMS reaches the foreign charge point and comes back with its answer', async () => {
    const requests: Any[] = [];
    const { cp } = await foreignChargePoint(rig, 'CP-1', PASSWORD, requests);
    const csms = rig.server.runtime.services.chargingBackend.get();
    assert.ok(csms);
    try {
      await until('CP-1 connected', () => csms.connected().includes('CP-1'));
      const profile = {
        chargingProfileId: 7,
        stackLevel: 1,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
      };
      const calls: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
        ['RemoteStartTransaction', { connectorId: 1, idTag: 'CARD-OK' }, { status: 'Accepted' }],
        ['ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, { status: 'Accepted' }],
        ['UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' }],
        ['SetChargingProfile', { connectorId: 1, csChargingProfiles: profile }, { status: 'Accepted' }],
        ['ClearChargingProfile', { id: 7 }, { status: 'Accepted' }],
        [
          'GetConfiguration',
          { key: ['HeartbeatInterval'] },
          ANSWERS.GetConfiguration as Record<string, unknown>,
        ],
        ['ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' }, { status: 'Accepted' }],
        ['Reset', { type: 'Soft' }, { status: 'Accepted' }],
        [
          'TriggerMessage',
          { requestedMessage: 'StatusNotification', connectorId: 1 },
          { status: 'Accepted' },
        ],
        [
          'SendLocalList',
          {
            listVersion: 4,
            updateType: 'Full',
            localAuthorizationList: [{ idTag: 'CARD-OK', idTagInfo: { status: 'Accepted' } }],
          },
          { status: 'Accepted' },
        ],
        ['GetLocalListVersion', {}, { listVersion: 3 }],
      ];
      for (const [action, payload, answer] of calls) {
        assert.deepEqual(await csms.call('CP-1', action, payload), answer, action);
        assert.equal(requests.at(-1)?.action, action);
      }
      // A payload that is not OCPP 1.6's never leaves: refused before it is sent.
      const sent = requests.length;
      await assert.rejects(csms.call('CP-1', 'Reset', { type: 'Sideways' }), /Reset to CP-1/);
      await assert.rejects(csms.call('CP-NOBODY', 'Reset', { type: 'Soft' }), /CP-NOBODY is not connected/);
      assert.equal(requests.length, sent);
    } finally {
      cp.close();
    }
  });

  test('a bad or missing password gets HTTP 401, an unknown charge point 404; a good one connects', async () => {
    assert.equal(await rawConnect(`${rig.url}/CP-1`, basic('CP-1', 'not-the-password')), 401);
    assert.equal(await rawConnect(`${rig.url}/CP-1`), 401);
    assert.equal(await rawConnect(`${rig.url}/CP-STRANGER`, basic('CP-STRANGER', 'x')), 404);
    assert.equal(await rawConnect(`ws://${rig.address}/elsewhere/CP-1`, basic('CP-1', PASSWORD)), 404);
    const ws = await rawConnect(`${rig.url}/CP-1`, basic('CP-1', PASSWORD));
    assert.ok(ws instanceof WebSocket);
    assert.equal(ws.protocol, 'ocpp1.6');
    ws.close();
  });

  test('malformed messages get the CALLERROR OCPP-J names, and nothing is stored', async () => {
    const ws = await rawConnect(`${rig.url}/CP-1`, basic('CP-1', PASSWORD));
    assert.ok(ws instanceof WebSocket);
    try {
      const before = (await rig.server.store.charging.queryTransactions()).length;
      // The codes as OCPP-J 1.6's errata spells them (FormationViolation, OccurrenceConstraintViolation).
      // A required property missing.
      const missing = await exchange(ws, JSON.stringify([2, 'm1', 'StartTransaction', { connectorId: 1 }]));
      assert.deepEqual(missing.slice(0, 3), [4, 'm1', 'OccurrenceConstraintViolation']);
      // A value of the wrong type.
      const typed = await exchange(
        ws,
        JSON.stringify([
          2,
          'm2',
          'StartTransaction',
          { connectorId: 'one', idTag: 'X', meterStart: 0, timestamp: iso(T0) },
        ]),
      );
      assert.deepEqual(typed.slice(0, 3), [4, 'm2', 'TypeConstraintViolation']);
      // A value outside what the schema allows (an id tag over 20 characters).
      const long = await exchange(ws, JSON.stringify([2, 'm3', 'Authorize', { idTag: 'X'.repeat(21) }]));
      assert.deepEqual(long.slice(0, 3), [4, 'm3', 'FormationViolation']);
      // A property the message does not have.
      const extra = await exchange(ws, JSON.stringify([2, 'm6', 'Authorize', { idTag: 'X', pin: 1234 }]));
      assert.deepEqual(extra.slice(0, 3), [4, 'm6', 'PropertyConstraintViolation']);
      // An action OCPP 1.6 does not have.
      const unknown = await exchange(ws, JSON.stringify([2, 'm4', 'MakeCoffee', {}]));
      assert.deepEqual(unknown.slice(0, 3), [4, 'm4', 'NotImplemented']);
      // Not an OCPP-J frame at all.
      const garbage = await exchange(ws, '[2, "m5"');
      assert.equal(garbage[0], 4);
      assert.equal(garbage[2], 'RpcFrameworkError');
      assert.equal((await rig.server.store.charging.queryTransactions()).length, before);
    } finally {
      ws.close();
    }
  });

  test('gateway mode: the foreign charge point fills its site device, and writes become CSMS calls', async () => {
    const { points } = rig.server.runtime.services;
    const read = (point: string) => points.read(points.indexOf(`ev-gw.${point}`) as number);
    // Down until the charge point connects.
    assert.equal(read('charger-status').status, 'down');
    assert.equal(read('ocpp-connection').value, 'DISCONNECTED');

    const requests: Any[] = [];
    const rejected = new Set<string>();
    const { cp, send } = await foreignChargePoint(rig, 'CP-GW', GATEWAY_PASSWORD, requests, rejected);
    try {
      await until('OCPP Connection CONNECTED', () => read('ocpp-connection').value === 'CONNECTED');
      await send('BootNotification', { chargePointVendor: 'Voltbras', chargePointModel: 'ts-ocpp' });
      await send('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
      assert.equal(read('charger-status').value, 'CHARGING');
      assert.equal(read('charger-status').status, 'ok');
      assert.equal(read('connector-status').value, 'OCCUPIED');
      assert.equal(read('fault-code').value, '');
      await send('MeterValues', {
        connectorId: 1,
        meterValue: [
          {
            timestamp: iso(T0 + 1000),
            sampledValue: [
              { value: '7400', measurand: 'Power.Active.Import', unit: 'W' },
              { value: '32.1', measurand: 'Current.Import', unit: 'A' },
              { value: '23456', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '231', measurand: 'Voltage', unit: 'V' },
            ],
          },
        ],
      });
      assert.equal(read('active-power').value, 7.4);
      assert.equal(read('output-current').value, 32.1);
      assert.equal(read('energy-delivered').value, 23.456);
      assert.equal(read('output-voltage').value, 231);
      // Into the history, at the sample's time.
      const history = await rig.server.store.history.read('ev-gw.active-power', T0, T0 + 2000);
      assert.deepEqual(history, [{ t: T0 + 1000, v: 7.4 }]);
      await send('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted' });
      assert.equal(read('charger-status').value, 'ERROR');
      assert.equal(read('connector-status').value, 'FAULTED');
      assert.equal(read('fault-code').value, 'GroundFailure');

      // A write of Max Current Limit becomes SetChargingProfile in A; Charge Enable a remote start.
      const { writes } = rig.server.runtime.services;
      const write = async (point: string, value: unknown) => {
        const result = await writes.write({
          key: `ev-gw.${point}`,
          value,
          who: 'admin',
          role: 'admin',
          via: 'test',
        });
        assert.ok(result.ok, JSON.stringify(result));
      };
      await write('max-current-limit', 16);
      await until('SetChargingProfile', () => requests.some((r) => r.action === 'SetChargingProfile'));
      const profile = requests.find((r) => r.action === 'SetChargingProfile');
      assert.equal(profile.connectorId, 1);
      assert.equal(profile.csChargingProfiles.chargingProfilePurpose, 'TxDefaultProfile');
      assert.deepEqual(profile.csChargingProfiles.chargingSchedule, {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
      });
      await write('charge-enable', true);
      await until('RemoteStartTransaction', () =>
        requests.some((r) => r.action === 'RemoteStartTransaction'),
      );
      assert.equal(requests.find((r) => r.action === 'RemoteStartTransaction').connectorId, 1);
      await write('connector-lock', false);
      await until('UnlockConnector', () => requests.some((r) => r.action === 'UnlockConnector'));
      // During a transaction the limit is a TxProfile of it, and Charge Enable off stops it.
      const { transactionId } = await send('StartTransaction', {
        connectorId: 1,
        idTag: 'CARD-OK',
        meterStart: 0,
        timestamp: iso(T0 + 2000),
      });
      await write('max-current-limit', 20);
      await until('a TxProfile', () =>
        requests.some((r) => r.csChargingProfiles?.chargingProfilePurpose === 'TxProfile'),
      );
      const txProfile = requests.find((r) => r.csChargingProfiles?.chargingProfilePurpose === 'TxProfile');
      assert.equal(txProfile.csChargingProfiles.transactionId, transactionId);
      await write('charge-enable', false);
      await until('RemoteStopTransaction', () => requests.some((r) => r.action === 'RemoteStopTransaction'));
      assert.equal(requests.find((r) => r.action === 'RemoteStopTransaction').transactionId, transactionId);
      await send('StopTransaction', {
        transactionId,
        meterStop: 500,
        timestamp: iso(T0 + 3000),
        reason: 'Remote',
      });
      // A call the charge point refuses is a refused write: the point `fault`, a write-refused event.
      rejected.add('SetChargingProfile');
      await write('max-current-limit', 10);
      await until('the refusal', () => read('max-current-limit').status === 'fault');
      rig.clock.advance(15_000); // the runtime saves events every 10 s
      await until('the write-refused event', async () => {
        const events = await rig.server.store.queryEvents({ device: 'ev-gw', kind: 'write-refused' });
        return events.some((e) =>
          /Max Current Limit = 10: .*SetChargingProfile answered Rejected/.test(e.message),
        );
      });
    } finally {
      cp.close();
    }
    await until('OCPP Connection DISCONNECTED', () => read('ocpp-connection').value === 'DISCONNECTED');
    assert.equal(read('charger-status').status, 'down');
  });
});
