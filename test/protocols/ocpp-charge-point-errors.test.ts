// Bad calls from a CSMS get the CALLERROR OCPP-J gives and change nothing on the charger; a wrong password
// never reaches a boot. The CSMS here is a bare ocpp-rpc server without schema checks, so that the test can
// send what a careless CSMS would.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { ScriptedCharger, until } from '../interop/ocpp-charge-point-support.js';

const T0 = Date.UTC(2026, 0, 5, 8);
type ServerClient = InstanceType<typeof ocppRpc.RPCClient>;

describe('OCPP charge point: bad calls from the CSMS', () => {
  const server = new ocppRpc.RPCServer({ protocols: ['ocpp1.6'], strictMode: false });
  const clients = new Map<string, ServerClient>();
  const raw: string[] = [];
  let url = '';
  before(async () => {
    server.auth((accept, reject, handshake) => {
      if (handshake.identity === 'CP-LOCKED' && handshake.password?.toString() !== 'right')
        reject(401, 'Unauthorized');
      else accept({}, 'ocpp1.6');
    });
    server.on('client', (client: ServerClient) => {
      clients.set(client.identity as string, client);
      client.handle('BootNotification', async () => ({
        status: 'Accepted',
        interval: 300,
        currentTime: new Date().toISOString(),
      }));
      client.handle('StatusNotification', async () => ({}));
      client.on('message', ({ message, outbound }: { message: Buffer | string; outbound: boolean }) => {
        if (!outbound) raw.push(message.toString());
      });
    });
    const http = await server.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;
  });
  after(() => server.close({ force: true }));

  async function chargePoint(id: string, password?: string) {
    const clock = new VirtualClock(T0);
    const charger = new ScriptedCharger(clock);
    const settings = { url, id, vendor: 'Pointyard', model: 'EV', ...(password ? { password } : {}) };
    const cp = await ChargePoint.open({ settings, host: charger, clock, store: new MemoryStore().outbox });
    charger.cp = cp;
    cp.start();
    return { clock, charger, cp };
  }

  test('malformed, mistyped and unknown calls get their CALLERROR and start nothing', async (t) => {
    const { charger, cp } = await chargePoint('CP-BAD');
    t.after(() => cp.stop());
    await until(() => cp.online, 'the boot');
    const client = clients.get('CP-BAD') as ServerClient;
    const answerTo = async (id: string, frame: unknown[]) => {
      client.sendRaw(JSON.stringify(frame));
      await until(() => raw.some((m) => m.includes(`"${id}"`)), `the answer to ${id}`);
      return JSON.parse(raw.find((m) => m.includes(`"${id}"`)) as string) as unknown[];
    };
    const missing = await answerTo('m1', [2, 'm1', 'RemoteStartTransaction', {}]);
    // Spelled as the OCPP 1.6-J errata (v1.0, section 5) corrects the specification.
    assert.deepEqual(missing.slice(0, 3), [4, 'm1', 'OccurrenceConstraintViolation']);
    const mistyped = await answerTo('m2', [2, 'm2', 'RemoteStartTransaction', { idTag: 42 }]);
    assert.deepEqual(mistyped.slice(0, 3), [4, 'm2', 'TypeConstraintViolation']);
    const unknown = await answerTo('m3', [
      2,
      'm3',
      'UpdateFirmware',
      { location: 'ftp://x', retrieveDate: new Date(T0).toISOString() },
    ]);
    assert.deepEqual(unknown.slice(0, 3), [4, 'm3', 'NotImplemented']);
    const notAnAction = await answerTo('m4', [2, 'm4', 'MakeCoffee', {}]);
    assert.equal(notAnAction[0], 4);
    assert.equal(cp.transaction, null);
    assert.deepEqual(charger.calls, ['setLimit:null'], 'the charger was asked nothing');
  });

  test('Basic auth: the right password boots; a wrong one is refused and never boots', async (t) => {
    const good = await chargePoint('CP-LOCKED', 'right');
    t.after(() => good.cp.stop());
    await until(() => good.cp.online, 'the boot with the right password');
    await good.cp.stop();
    clients.delete('CP-LOCKED');
    const bad = await chargePoint('CP-LOCKED', 'wrong');
    t.after(() => bad.cp.stop());
    let refusals = 0;
    bad.cp.link.client.on('close', () => refusals++);
    await until(() => {
      bad.clock.advance(1_000); // the next attempt, on the back-off
      return refusals >= 3;
    }, 'three refused attempts');
    assert.equal(bad.cp.online, false);
    assert.equal(clients.has('CP-LOCKED'), false);
  });

  test('settings it cannot use are refused when the charge point opens', async () => {
    const clock = new VirtualClock(T0);
    const open = (url: string, id = 'CP-X') =>
      ChargePoint.open({
        settings: { url, id, vendor: 'Pointyard', model: 'EV' },
        host: new ScriptedCharger(clock),
        clock,
        store: new MemoryStore().outbox,
      });
    await assert.rejects(open('http://127.0.0.1:9000/ocpp'), /url must start with ws:\/\/ or wss:\/\//);
    await assert.rejects(open(url, 'x'.repeat(49)), /id must have 1 to 48 characters/);
  });
});
