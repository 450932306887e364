// The cost of a charge point's Basic auth: the PBKDF2 of its stored hash is paid once per charge point and
// password, a reconnect with the same password is accepted on a keyed digest kept in memory (a reconnect
// storm of thousands of charge points must not cost minutes of CPU); a wrong password is still refused after
// that, and failures throttle the charge point's next attempts (HTTP 429, no PBKDF2) for a while.
// The CPU is compared with the cold check measured in the same run, never with a fixed time.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { hashPassword } from '../../src/protocols/ocpp/password-hash.js';
import { ocppServerService } from '../../src/protocols/ocpp/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { loadSiteText } from '../../src/site/load.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the raw WebSocket client is untyped here
const WebSocket: any = require('ws');

const PASSWORD = 'charge-point-secret-1';
const quiet = { info() {}, warn() {}, error() {} };

interface Csms {
  url: string;
  clock: VirtualClock;
  close(): Promise<void>;
}

/** A site's CSMS on a free loopback port knowing CP-1 … CP-7 by one hash of `iterations`, on a virtual clock. */
async function startCsms(iterations: number): Promise<Csms> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-auth-'));
  const hash = await hashPassword(PASSWORD, iterations);
  const text = `
site: { id: ocpp-auth, name: OCPP auth, tz: UTC }
devices:
  - { id: parking-server, profile: parking-management-server }
server:
  ocpp:
    port: 0
    chargePoints:
${Array.from({ length: 7 }, (_, i) => `      CP-${i + 1}: { password: "${hash}" }`).join('\n')}
`;
  const { site, diagnostics } = loadSiteText(text, 'ocpp-auth.yaml', root, PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const made = ocppServerService.settings(site, {}, {});
  if (!made.settings) throw new Error(made.problems.join('\n'));
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 8));
  const server: RunningServer = await startServer({
    site,
    dataDir: join(root, 'data'),
    sqlite: { acceptNewDatabase: true },
    clock,
    seed: 1,
    log: quiet,
    http: null,
    servers: { ocpp: made.settings },
    env: { POINTYARD_ADMIN_PASSWORD: 'a long test password' },
  });
  const address = server.endpoints.find((e) => e.name === 'ocpp')?.address ?? '';
  return {
    url: `ws://${address}/ocpp`,
    clock,
    async close() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Connects `id` (CP-1) with `password` and closes again; answers 101 when accepted, else the HTTP status. */
function attempt(csms: Csms, password: string, id = 'CP-1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${csms.url}/${id}`, ['ocpp1.6'], {
      headers: { authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` },
    });
    ws.once('open', () => {
      ws.once('close', () => resolve(101));
      ws.close();
    });
    ws.once('unexpected-response', (_req: unknown, res: { statusCode?: number }) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** CPU time of this process (every thread: PBKDF2 runs on the thread pool) spent by `work`, ms. */
async function cpuOf(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('the cost of a charge point’s Basic auth', () => {
  const started: Csms[] = [];
  after(async () => {
    for (const csms of started) await csms.close();
  });

  test('a reconnect with the same password costs no PBKDF2; a wrong one is still refused', async () => {
    // A million iterations: the cold check costs far more CPU than a WebSocket handshake.
    const csms = await startCsms(1_000_000);
    started.push(csms);
    const cold = await cpuOf(async () => assert.equal(await attempt(csms, PASSWORD), 101));
    const warm: number[] = [];
    for (let i = 0; i < 3; i++)
      warm.push(await cpuOf(async () => assert.equal(await attempt(csms, PASSWORD), 101)));
    for (const w of warm)
      assert.ok(
        w < cold / 4,
        `a reconnect cost ${w.toFixed(1)} ms of CPU, the first check ${cold.toFixed(1)} ms`,
      );
    assert.equal(await attempt(csms, 'not-the-password'), 401);
    assert.equal(await attempt(csms, PASSWORD), 101);
  });

  test('failed attempts throttle the charge point: 429 until the wait is over, then its password works', async () => {
    const csms = await startCsms(1000);
    started.push(csms);
    for (let i = 0; i < 5; i++) assert.equal(await attempt(csms, `guess-${i}`), 401);
    assert.equal(await attempt(csms, 'guess-5'), 429);
    assert.equal(await attempt(csms, PASSWORD), 429, 'even the right password waits');
    csms.clock.advance(1000);
    assert.equal(await attempt(csms, PASSWORD), 101);
    // A success forgets the failures: the next mistake is a plain 401.
    assert.equal(await attempt(csms, 'guess-6'), 401);
  });

  test('failures of other charge points from the same address do not throttle a charge point', async () => {
    // Charge points often share one address (a site's router): five of them misconfigured must not lock
    // out the others.
    const csms = await startCsms(1000);
    started.push(csms);
    for (let cp = 2; cp <= 7; cp++) assert.equal(await attempt(csms, 'stale-password', `CP-${cp}`), 401);
    assert.equal(await attempt(csms, PASSWORD, 'CP-1'), 101);
  });
});
