// The charging back end over the Haystack API: the sessions list, a charger's message log, the id tags
// (operators and admins; a viewer is refused), and remote start/stop reaching a connected charge point.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { newUser } from '../../src/auth/credentials.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, type CsmsRig, PASSWORD, startCsmsRig, T0, until } from './ocpp-csms-rig.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the raw WebSocket client is untyped here
const WebSocket: any = require('ws');

/** A minimal charge point on a raw WebSocket: answers every call Accepted, sends calls and waits for results. */
async function rawChargePoint(url: string, id: string, password: string) {
  const ws = new WebSocket(`${url}/${id}`, ['ocpp1.6'], {
    headers: { authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const calls: unknown[][] = [];
  const results = new Map<string, unknown>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as unknown[];
    if (frame[0] === 2) {
      calls.push(frame);
      ws.send(JSON.stringify([3, frame[1], { status: 'Accepted' }]));
    } else results.set(frame[1] as string, frame[2]);
  });
  let n = 0;
  return {
    calls,
    async send(action: string, payload: unknown) {
      const messageId = `m${++n}`;
      ws.send(JSON.stringify([2, messageId, action, payload]));
      await until(`${action} answered`, () => results.has(messageId));
      return results.get(messageId) as Record<string, unknown>;
    },
    close: () => ws.close(),
  };
}

describe('the charging back end over the Haystack API', () => {
  let rig: CsmsRig;
  let origin: string;
  before(async () => {
    rig = await startCsmsRig({ http: true });
    origin = `${rig.server.http?.origin}/api/`;
    await rig.server.store.saveUser(newUser('victor', 'viewer', ADMIN_PASSWORD, Date.now()));
    await rig.server.store.saveUser(newUser('olivia', 'operator', ADMIN_PASSWORD, Date.now()));
  });
  after(async () => {
    await rig?.close();
  });

  test('id tags: an operator adds, lists and removes them; a viewer may not', async () => {
    const operator = (await haystackLogin(origin, 'olivia', ADMIN_PASSWORD)).fetch;
    const added = await callOp(
      origin,
      operator,
      'idTagAdd',
      'ver:"3.0"\nidTag,status\n"CARD-9","Accepted"\n',
    );
    assert.equal(added.error, null, added.text);
    const listed = await callOp(origin, operator, 'idTags', { query: {} });
    assert.deepEqual(rowsOf(listed.grid), [{ idTag: 'CARD-9', status: 'Accepted' }]);
    const bad = await callOp(origin, operator, 'idTagAdd', 'ver:"3.0"\nidTag\n"A CARD"\n');
    assert.match(bad.error ?? '', /1–20 printable characters/);
    const viewer = (await haystackLogin(origin, 'victor', ADMIN_PASSWORD)).fetch;
    const refused = await callOp(origin, viewer, 'idTagAdd', 'ver:"3.0"\nidTag\n"CARD-X"\n');
    assert.match(refused.error ?? '', /victor \(viewer\) may not idTagAdd/);
    assert.equal((await rig.server.store.charging.listIdTags()).length, 1);
    // A viewer reads the list (not changes it); an expiry is kept.
    const seen = await callOp(origin, viewer, 'idTags', { query: {} });
    assert.deepEqual(rowsOf(seen.grid), [{ idTag: 'CARD-9', status: 'Accepted' }]);
    const dated = await callOp(
      origin,
      operator,
      'idTagAdd',
      'ver:"3.0"\nidTag,expires\n"CARD-8",2027-01-01T00:00:00Z UTC\n',
    );
    assert.equal(dated.error, null, dated.text);
    assert.equal((await rig.server.store.charging.getIdTag('CARD-8'))?.expiresAt, Date.UTC(2027, 0, 1));
    const notDate = await callOp(origin, operator, 'idTagAdd', 'ver:"3.0"\nidTag,expires\n"CARD-7","soon"\n');
    assert.match(notDate.error ?? '', /expires must be a DateTime/);
    await rig.server.store.charging.deleteIdTag('CARD-8');
  });

  test('sessions, the message log and remote start/stop with a connected charge point', async () => {
    const admin = (await haystackLogin(origin, 'admin', ADMIN_PASSWORD)).fetch;
    const cp = await rawChargePoint(rig.url, 'CP-1', PASSWORD);
    try {
      await until(
        'connected',
        () => rig.server.runtime.services.chargingBackend.get()?.connected().includes('CP-1') === true,
      );
      const listed = await callOp(origin, admin, 'chargePoints', { query: {} });
      assert.deepEqual(rowsOf(listed.grid), [{ chargePoint: 'CP-1' }]);
      const start = await callOp(
        origin,
        admin,
        'remoteStart',
        'ver:"3.0"\nchargePoint,idTag\n"CP-1","CARD-9"\n',
      );
      assert.equal(start.error, null, start.text);
      assert.deepEqual(cp.calls.at(-1)?.slice(2), [
        'RemoteStartTransaction',
        { connectorId: 1, idTag: 'CARD-9' },
      ]);
      const started = await cp.send('StartTransaction', {
        connectorId: 1,
        idTag: 'CARD-9',
        meterStart: 1000,
        timestamp: new Date(T0).toISOString(),
      });
      const id = started.transactionId as number;
      const open = await callOp(origin, admin, 'chargingSessions', { query: {} });
      const [session] = rowsOf(open.grid);
      assert.equal(session?.chargePoint, 'CP-1');
      assert.equal(session?.idTag, 'CARD-9');
      assert.deepEqual(session?.open, { _kind: 'marker' });

      const stop = await callOp(origin, admin, 'remoteStop', `ver:"3.0"\nid\n${id}\n`);
      assert.equal(stop.error, null, stop.text);
      assert.deepEqual(cp.calls.at(-1)?.slice(2), ['RemoteStopTransaction', { transactionId: id }]);
      await cp.send('StopTransaction', {
        transactionId: id,
        meterStop: 3500,
        timestamp: new Date(T0 + 600_000).toISOString(),
      });
      const done = rowsOf((await callOp(origin, admin, 'chargingSessions', { query: {} })).grid)[0];
      assert.deepEqual(done?.energy, { _kind: 'number', val: 2.5, unit: 'kWh' });
      assert.deepEqual(done?.duration, { _kind: 'number', val: 10, unit: 'min' });
      const again = await callOp(origin, admin, 'remoteStop', `ver:"3.0"\nid\n${id}\n`);
      assert.match(again.error ?? '', /is over/);

      const log = rowsOf(
        (await callOp(origin, admin, 'chargerMessages', { query: { chargePoint: '"CP-1"' } })).grid,
      );
      assert.deepEqual(
        log.map((m) => `${m.direction} ${m.type} ${m.action}`),
        [
          'out call RemoteStartTransaction',
          'in result RemoteStartTransaction',
          'in call StartTransaction',
          'out result StartTransaction',
          'out call RemoteStopTransaction',
          'in result RemoteStopTransaction',
          'in call StopTransaction',
          'out result StopTransaction',
        ],
      );
    } finally {
      cp.close();
    }
    await until(
      'disconnected',
      () => rig.server.runtime.services.chargingBackend.get()?.connected().length === 0,
    );
    const after = await callOp(
      origin,
      admin,
      'remoteStart',
      'ver:"3.0"\nchargePoint,idTag\n"CP-1","CARD-9"\n',
    );
    assert.match(after.error ?? '', /remoteStart: charge point CP-1 is not connected/);
  });
});
