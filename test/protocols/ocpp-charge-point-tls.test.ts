// Security Profile 2 from the charge point's side: `wss://` to a CSMS whose certificate (made here with
// openssl) chains to the CA the settings give boots, with its Basic password; without that CA the charge
// point refuses the CSMS's certificate and never boots.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { ScriptedCharger, until } from '../interop/ocpp-charge-point-support.js';
import { peerSkip } from '../support/peers.js';

const T0 = Date.UTC(2026, 0, 5, 8);
const dir = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-tls-'));
const made = spawnSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ],
  { encoding: 'utf8' },
);
const skip = peerSkip(
  made.status === 0
    ? null
    : `openssl could not make a certificate (apt-get install openssl): ${made.stderr ?? made.error}`,
);

describe('OCPP charge point over wss://', { skip }, () => {
  const rpc = new ocppRpc.RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  let https: Server;
  let url = '';
  const passwords: string[] = [];
  before(async () => {
    rpc.auth((accept, _reject, handshake) => {
      passwords.push(handshake.password?.toString() ?? '');
      accept({}, 'ocpp1.6');
    });
    rpc.on('client', (client) => {
      client.handle('BootNotification', async () => ({
        status: 'Accepted',
        interval: 300,
        currentTime: new Date().toISOString(),
      }));
      client.handle('StatusNotification', async () => ({}));
    });
    https = createServer({
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
    });
    https.on('upgrade', rpc.handleUpgrade);
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    url = `wss://127.0.0.1:${(https.address() as AddressInfo).port}/ocpp`;
  });
  after(async () => {
    await rpc.close({ force: true });
    await new Promise((r) => https.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function chargePoint(id: string, ca?: Buffer) {
    const clock = new VirtualClock(T0);
    const charger = new ScriptedCharger(clock);
    const settings = {
      url,
      id,
      password: 'secret-1',
      vendor: 'Pointyard',
      model: 'EV',
      ...(ca ? { ca } : {}),
    };
    const cp = await ChargePoint.open({ settings, host: charger, clock, store: new MemoryStore().outbox });
    charger.cp = cp;
    cp.start();
    return { clock, cp };
  }

  test('with the CA the charge point boots, its password sent over TLS', async (t) => {
    const { cp } = await chargePoint('CP-TLS', readFileSync(join(dir, 'cert.pem')));
    t.after(() => cp.stop());
    await until(() => cp.online, 'the boot over wss://');
    assert.deepEqual(passwords, ['secret-1']);
  });

  test('without the CA the certificate is refused and nothing boots', async (t) => {
    const { clock, cp } = await chargePoint('CP-NO-CA');
    t.after(() => cp.stop());
    let failures = 0;
    cp.link.client.on('close', () => failures++);
    await until(() => {
      clock.advance(1_000);
      return failures >= 2;
    }, 'two refused attempts');
    assert.equal(cp.online, false);
    assert.deepEqual(passwords, ['secret-1'], 'the password never left without TLS trust');
  });
});
