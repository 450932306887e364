// The CSMS inside a running site: the parking server's OCPP Backend Status follows it, a refused charge point
// raises the Security Alert, autoAccept lets unknown charge points in, and Security Profile 2 serves wss://
// with a certificate made here by openssl (skipped without it, required under POINTYARD_REQUIRE_PEERS=1).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { peerSkip } from '../support/peers.js';
import { type CsmsRig, PASSWORD, startCsmsRig, until } from './ocpp-csms-rig.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the raw WebSocket client is untyped here
const WebSocket: any = require('ws');

const basic = (id: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
});

/** Resolves with the open socket, or the HTTP status of a refused upgrade. */
function connect(url: string, options: Record<string, unknown> = {}): Promise<{ close(): void } | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], options);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req: unknown, res: { statusCode?: number }) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** A parking-server point, the site stepped `ms` further on the virtual clock first (statuses publish every 30 s). */
function parkingPoint(rig: CsmsRig, point: string, ms = 60_000) {
  rig.clock.advance(ms);
  const { points } = rig.server.runtime.services;
  return points.read(points.indexOf(`parking-server.${point}`) as number).value;
}

describe('the CSMS in a running site', () => {
  const rigs: CsmsRig[] = [];
  after(async () => {
    for (const rig of rigs) await rig.close();
  });
  const start = async (...args: Parameters<typeof startCsmsRig>) => {
    const rig = await startCsmsRig(...args);
    rigs.push(rig);
    return rig;
  };

  test('OCPP Backend Status is RUNNING while the CSMS listens, STOPPED without one', async () => {
    const served = await start();
    assert.equal(parkingPoint(served, 'ocpp-backend-status'), 'RUNNING');
    const none = await start({ noCsms: true });
    assert.equal(parkingPoint(none, 'ocpp-backend-status'), 'STOPPED');
  });

  test('an unknown charge point and a bad password are refused and raise the Security Alert', async () => {
    const rig = await start();
    assert.equal(parkingPoint(rig, 'security-alert'), false);
    assert.equal(await connect(`${rig.url}/CP-INTRUDER`), 404);
    assert.equal(await connect(`${rig.url}/CP-1`, { headers: basic('CP-1', 'guessing') }), 401);
    // The parking server measures every 5 s of wall-clock time: a bounded poll, the site stepped each time.
    await until('the Security Alert', () => parkingPoint(rig, 'security-alert') === true, 20_000);
  });

  test('a charge point the site file holds Pending (or Rejected) is answered so, with the wait before it boots again', async () => {
    for (const status of ['Pending', 'Rejected']) {
      const rig = await startCsmsRig({ cp1: `boot: ${status}` });
      try {
        const ws = (await connect(`${rig.url}/CP-1`, { headers: basic('CP-1', PASSWORD) })) as {
          send(text: string): void;
          once(event: string, fn: (data: Buffer) => void): void;
          close(): void;
        };
        const answer = new Promise<unknown[]>((resolve) =>
          ws.once('message', (d) => resolve(JSON.parse(String(d)))),
        );
        ws.send(
          JSON.stringify([2, 'b1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]),
        );
        const [type, id, payload] = await answer;
        assert.deepEqual([type, id], [3, 'b1']);
        assert.equal((payload as { status: string }).status, status);
        assert.equal((payload as { interval: number }).interval, 60);
        ws.close();
      } finally {
        await rig.close();
      }
    }
  });

  test('autoAccept lets a charge point it does not know in, without a password', async () => {
    const rig = await start({ ocpp: 'autoAccept: true' });
    const ws = await connect(`${rig.url}/CP-ANYONE`);
    assert.notEqual(typeof ws, 'number', 'accepted');
    (ws as { close(): void }).close();
    // A known one still needs its password.
    assert.equal(await connect(`${rig.url}/CP-1`, { headers: basic('CP-1', 'guessing') }), 401);
  });

  test('a call the charge point does not answer fails after callTimeoutMs; a second connection replaces the first', async () => {
    const rig = await start({ callTimeoutMs: 200 });
    const first = await connect(`${rig.url}/CP-1`, { headers: basic('CP-1', PASSWORD) });
    assert.notEqual(typeof first, 'number');
    const backend = rig.server.runtime.services.chargingBackend.get();
    assert.ok(backend);
    await until('CP-1 connected', () => backend.connected().includes('CP-1'));
    // The raw socket never answers.
    await assert.rejects(backend.call('CP-1', 'Reset', { type: 'Soft' }), /Reset to CP-1: .*timed? ?out/i);
    const closed = new Promise((resolve) =>
      (first as unknown as { once(e: string, f: () => void): void }).once('close', () => resolve(true)),
    );
    const second = await connect(`${rig.url}/CP-1`, { headers: basic('CP-1', PASSWORD) });
    assert.notEqual(typeof second, 'number');
    assert.equal(await closed, true, 'the old connection is closed');
    assert.deepEqual(backend.connected(), ['CP-1']);
    (second as { close(): void }).close();
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const skipTls = peerSkip(openssl ? null : 'openssl is not installed (apt-get install openssl)');

  test(
    'Security Profile 2: wss:// with the certificate and key of the site file',
    { skip: skipTls },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-tls-'));
      try {
        const cert = join(dir, 'cert.pem');
        const key = join(dir, 'key.pem');
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-keyout',
            key,
            '-out',
            cert,
            '-days',
            '1',
          ].concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']),
          { stdio: 'ignore' },
        );
        const rig = await start({ ocpp: `tls: { cert: "${cert}", key: "${key}" }` });
        const wss = rig.url.replace('ws://', 'wss://');
        const ca = execFileSync('cat', [cert]);
        const ws = await connect(`${wss}/CP-1`, { headers: basic('CP-1', PASSWORD), ca });
        assert.notEqual(typeof ws, 'number', 'connected over TLS');
        (ws as { close(): void }).close();
        assert.equal(await connect(`${wss}/CP-1`, { headers: basic('CP-1', 'wrong'), ca }), 401);
        // Plain ws:// is not served on a TLS port.
        await assert.rejects(connect(`${rig.url}/CP-1`, { headers: basic('CP-1', PASSWORD) }));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
