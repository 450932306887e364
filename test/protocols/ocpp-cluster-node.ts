// What the OCPP cluster tests share: a node of a cluster started in process (`startServer`) on a site file's
// text and a PostgreSQL database, serving OCPP only (its central system on a free loopback port), with short
// lease durations; what stops it and removes its folder goes to `closers`.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { ocppServerService } from '../../src/protocols/ocpp/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { loadSiteText } from '../../src/site/load.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';

/** Lease time and heartbeat of the test nodes, ms. */
export const TTL_MS = 2000;
export const HEARTBEAT_MS = 400;

const silent: Logger = { info() {}, warn() {}, error() {} };

export async function startOcppNode(
  siteText: string,
  url: string,
  name: string,
  closers: Array<() => Promise<unknown>>,
): Promise<RunningServer> {
  const root = mkdtempSync(join(tmpdir(), `pointyard-ocpp-node-${name}-`));
  const { site, diagnostics } = loadSiteText(siteText, 'ocpp-cluster.yaml', root, PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const made = ocppServerService.settings(site, {}, {});
  assert.deepEqual(made.problems, []);
  const server = await startServer({
    site,
    dataDir: join(root, 'data'),
    store: await openPostgresStore(url),
    clock: new RealClock(1),
    seed: name,
    log: silent,
    http: null,
    servers: { ocpp: made.settings },
    cluster: { node: name, ttlMs: TTL_MS, heartbeatMs: HEARTBEAT_MS },
  });
  closers.push(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });
  return server;
}
