// The car park and a charger run by two nodes of a cluster (in-process servers on one database of this file's
// own PostgreSQL cluster), with their real behaviours: the charger's load management is switched through
// writes; the charger's `managed` signal reaches the car park on the other node, and the current the car park
// then allows the charger (`limitA`) reaches the charger's node.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RealClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import { makeSite } from '../runtime/site-fixture.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const closers: Array<() => Promise<unknown>> = [];
const silent: Logger = { info() {}, warn() {}, error() {} };
/** The car park steps every 30 s of site time: 50× makes it a step every 600 ms. */
const SPEED = 50;
const PARK = 'car-park';
const CHARGER = 'ev-1';
/** The current the car park allows a charger outside load management, A (its parameter). */
const UNMANAGED_A = 77;

before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  while (closers.length > 0) await closers.pop()?.();
  await cluster?.dispose();
});

/** Polls `ready` every 10 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => boolean, what: string, capMs = 30_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!ready()) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function startNode(url: string, name: string): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `pointyard-coupled-${name}-`));
  const server = await startServer({
    site: makeSite([
      [PARK, 'parking-management-server', { unmanagedLimitA: UNMANAGED_A, randomFaults: false }],
      [CHARGER, 'ev-charger-level-2'],
    ]),
    dataDir,
    store: await openPostgresStore(url),
    clock: new RealClock(SPEED),
    seed: name,
    log: silent,
    http: null,
    servers: {},
    cluster: { node: name, ttlMs: 2000, heartbeatMs: 400 },
  });
  closers.push(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return server;
}

const write = (node: RunningServer, point: string, value: unknown) =>
  node.runtime.writes.write({
    key: `${CHARGER}.${point}`,
    value,
    level: 8,
    who: 'test',
    role: 'admin',
    via: 'test',
  });

describe('the car park and a charger on two nodes', { skip }, () => {
  test("the charger's managed signal reaches the car park, its limit reaches the charger", async () => {
    const url = await cluster.createDatabase('coupled');
    const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
    await until(
      () =>
        nodes.some((n) => n.runtime.owns(PARK) && !n.runtime.owns(CHARGER)) &&
        nodes.some((n) => n.runtime.owns(CHARGER) && !n.runtime.owns(PARK)),
      'the car park and the charger on different nodes',
    );
    const park = nodes.find((n) => n.runtime.owns(PARK)) as RunningServer;
    const charger = nodes.find((n) => n.runtime.owns(CHARGER)) as RunningServer;
    const signal = (n: RunningServer, name: string) => n.runtime.signals.get(`ev/${CHARGER}/${name}`);

    // Outside load management: the car park (on its node) allows the charger its unmanaged current.
    assert.equal((await write(park, 'load-management-enable', false)).ok, true);
    await until(() => signal(park, 'managed') === 0, "the car park's node reading the charger unmanaged");
    await until(
      () => signal(charger, 'limitA') === UNMANAGED_A,
      "the charger's node reading the car park's unmanaged limit",
    );

    // Managed (SMART): the car park shares its budget among managed chargers; no car: nothing for this one.
    assert.equal((await write(park, 'charge-mode', 'SMART')).ok, true);
    assert.equal((await write(park, 'load-management-enable', true)).ok, true);
    await until(() => signal(park, 'managed') === 1, "the car park's node reading the charger managed");
    await until(
      () => (signal(charger, 'limitA') ?? UNMANAGED_A) < UNMANAGED_A,
      "the charger's node reading the car park's managed limit",
    );
  });
});
