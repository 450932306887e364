// What the CSMS tests share: a site with the parking server and a charger in gateway mode
// (`ocpp://CP-GW`), its CSMS on a free loopback port with two known charge points (Basic passwords stored
// as hashes), started in process on a virtual clock and stopped by the test; and bounded polls.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/core/clock.js';
import { hashPassword } from '../../src/protocols/ocpp/password-hash.js';
import { ocppServerService } from '../../src/protocols/ocpp/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { loadSiteText } from '../../src/site/load.js';

export const T0 = Date.UTC(2026, 0, 5, 8);
export const PASSWORD = 'charge-point-secret-1';
export const GATEWAY_PASSWORD = 'gateway-secret-22';

const quiet = { info() {}, warn() {}, error() {} };

export interface CsmsRig {
  server: RunningServer;
  clock: VirtualClock;
  /** `ws://127.0.0.1:<port>/ocpp` (the charge point's id follows). */
  url: string;
  /** `127.0.0.1:<port>` */
  address: string;
  close(): Promise<void>;
}

export interface RigOptions {
  /** More keys of `server.ocpp` (YAML flow mapping entries: `autoAccept: true`). */
  ocpp?: string;
  /** Serve no CSMS (the parking server's OCPP Backend Status then STOPPED). */
  noCsms?: boolean;
  /** Serve the Haystack API too (its admin's password is ADMIN_PASSWORD). */
  http?: boolean;
  /** How long the CSMS's calls wait for an answer, ms (default 5000). */
  callTimeoutMs?: number;
  /** More keys of CP-1's entry in `chargePoints` (`boot: Pending`). */
  cp1?: string;
}

export const ADMIN_PASSWORD = 'a long test password';

export async function startCsmsRig(options: RigOptions = {}): Promise<CsmsRig> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-'));
  const [hash, gatewayHash] = await Promise.all([
    hashPassword(PASSWORD, 1000),
    hashPassword(GATEWAY_PASSWORD, 1000),
  ]);
  const text = `
site: { id: ocpp-test, name: OCPP test, tz: UTC }
devices:
  - { id: parking-server, profile: parking-management-server }
  - { id: ev-gw, profile: ev-charger-level-2, source: "ocpp://CP-GW" }
server:
  ocpp:
    port: 0
    heartbeatInterval: 60
    callTimeoutMs: ${options.callTimeoutMs ?? 5000}
    chargePoints:
      CP-1: { password: "${hash}"${options.cp1 ? `, ${options.cp1}` : ''} }
      CP-GW: { password: "${gatewayHash}" }
    ${options.ocpp ?? ''}
`;
  const { server, clock } = await startOcppSite(root, text, {
    http: options.http === true,
    noCsms: options.noCsms === true,
  });
  const address = server.endpoints.find((e) => e.name === 'ocpp')?.address ?? '';
  return {
    server,
    clock,
    url: `ws://${address}/ocpp`,
    address,
    async close() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A site file's text started in process (`startServer`) on a virtual clock from `start`, in `root`, with its
 * OCPP settings as the site file gives them (none with `noCsms`) and the Haystack API if asked.
 */
export async function startOcppSite(
  root: string,
  text: string,
  options: { http?: boolean; noCsms?: boolean; seed?: number; start?: number } = {},
): Promise<{ server: RunningServer; clock: VirtualClock }> {
  const { site, diagnostics } = loadSiteText(text, 'ocpp-test.yaml', root, PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const made = ocppServerService.settings(site, {}, {});
  if (made.problems.length > 0) throw new Error(made.problems.join('\n'));
  const clock = new VirtualClock(options.start ?? T0);
  const server = await startServer({
    site,
    dataDir: join(root, 'data'),
    sqlite: { acceptNewDatabase: true },
    clock,
    seed: options.seed ?? 1,
    log: quiet,
    http: options.http ? { host: '127.0.0.1', port: 0, webUiDir: null } : null,
    servers: { ocpp: options.noCsms ? null : made.settings },
    env: { POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  return { server, clock };
}

/** Polls `check` every 5 ms until it is true, failing after `capMs` with `what`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, capMs = 10_000) {
  const end = performance.now() + capMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
