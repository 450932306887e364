// Calls to the node that runs a device, through PostgreSQL (in-process nodes, each on its own PostgresStore,
// sharing one database of a PostgreSQL cluster of this file's own): answered by the owner, refused with its
// handler's reason, abandoned at the timeout and never run later (and deleted some minutes after its
// deadline), run once by the new owner when the owner dies while the call waits, and never run for a caller
// cut from the database; a protocol agent's request handed to a node that does not run the device reaches
// its behaviour.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pruneOwnerCalls } from '../../src/cluster/owner-call-retention.js';
import { RealClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { OwnerCallError } from '../../src/runtime/services/owner-calls.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { makeSite } from '../runtime/site-fixture.js';
import { PartitionProxy } from '../support/partition-proxy.js';
import { filePostgres } from '../support/postgres.js';

const { skip, postgres } = filePostgres({ fsync: false });
const closers: Array<() => Promise<unknown>> = [];
const silent: Logger = { info() {}, warn() {}, error() {} };
const TTL_MS = 2000;
const HEARTBEAT_MS = 400;
const devices = ['tank-1', 'tank-2', 'tank-3', 'tank-4'];

async function closeAll(): Promise<void> {
  while (closers.length > 0) await closers.pop()?.();
}

/** Polls `ready` every 10 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => boolean | Promise<boolean>, what: string, capMs = 20_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await ready())) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every call the `probe` handlers ran, on whichever node. */
interface Run {
  node: string;
  device: string;
  tag: string;
}

/** A node named `name`; its `probe` calls answer `{ node, device, tag }` or refuse with `payload.refuse`. */
async function startNode(
  url: string,
  name: string,
  runs: Run[],
  profile = 'level-sensor',
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `pointyard-calls-${name}-`));
  const store = await openPostgresStore(url);
  const server = await startServer({
    site: makeSite(devices.map((d) => [d, profile])),
    dataDir,
    store,
    clock: new RealClock(1),
    seed: name,
    log: silent,
    http: null,
    servers: {},
    cluster: { node: name, ttlMs: TTL_MS, heartbeatMs: HEARTBEAT_MS },
  });
  server.runtime.services.ownerCalls.handle('probe', (device, payload) => {
    const { tag, refuse } = payload as { tag: string; refuse?: string };
    if (refuse) throw new Error(refuse);
    runs.push({ node: name, device, tag });
    return { node: name, device, tag };
  });
  closers.push(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return server;
}

const ownerOf = (nodes: RunningServer[], device: string) => nodes.filter((n) => n.runtime.owns(device));
const split = (nodes: RunningServer[]) =>
  devices.every((d) => ownerOf(nodes, d).length === 1) &&
  nodes.every((n) => devices.some((d) => n.runtime.owns(d)));
const probe = (node: RunningServer, device: string, payload: object, timeoutMs?: number) =>
  node.runtime.services.ownerCalls.call(
    device,
    'probe',
    payload,
    timeoutMs === undefined ? {} : { timeoutMs },
  );
const dbName = (url: string) => new URL(url).pathname.slice(1);

describe('owner calls between nodes of a cluster', { skip }, () => {
  test('answered by the node running the device; refused with its handler’s reason', async () => {
    try {
      const url = await postgres().createDatabase('answered');
      const runs: Run[] = [];
      const nodes = [await startNode(url, 'a', runs), await startNode(url, 'b', runs)];
      await until(() => split(nodes), 'the devices split');
      const [a, b] = nodes as [RunningServer, RunningServer];
      const device = devices.find((d) => a.runtime.owns(d)) as string;
      assert.deepEqual(await probe(b, device, { tag: 'one' }), { node: 'a', device, tag: 'one' });
      await assert.rejects(
        probe(b, device, { tag: 'two', refuse: 'not now: the pump is serviced' }),
        (err: Error) => err instanceof OwnerCallError && err.message === 'not now: the pump is serviced',
      );
      await assert.rejects(
        b.runtime.services.ownerCalls.call(device, 'no-such-kind', {}),
        (err: Error) => err instanceof OwnerCallError && /no handler for 'no-such-kind'/.test(err.message),
      );
      assert.deepEqual(runs, [{ node: 'a', device, tag: 'one' }]);
    } finally {
      await closeAll();
    }
  });

  test('a call no node takes within its timeout is abandoned and never runs later', async () => {
    try {
      const url = await postgres().createDatabase('abandoned');
      const runs: Run[] = [];
      const nodes = [await startNode(url, 'a', runs), await startNode(url, 'b', runs)];
      await until(() => split(nodes), 'the devices split');
      const [a, b] = nodes as [RunningServer, RunningServer];
      const device = devices.find((d) => a.runtime.owns(d)) as string;
      // a killed (its leases not released): nobody runs the device until its lease expires.
      await a.cluster?.stop({ release: false });
      await assert.rejects(
        probe(b, device, { tag: 'late' }, 300),
        (err: Error) => err instanceof OwnerCallError && /abandoned/.test(err.message),
      );
      await until(() => b.runtime.owns(device), 'b running the device', 6 * TTL_MS);
      // Calls run oldest first: once a later one is answered, the abandoned one was passed over.
      assert.deepEqual(await probe(b, device, { tag: 'after' }), { node: 'b', device, tag: 'after' });
      assert.deepEqual(
        runs.map((r) => r.tag),
        ['after'],
      );
      const rows = await postgres().sql<{ abandoned: boolean; taken_at: Date | null }>(
        `SELECT abandoned, taken_at FROM owner_calls WHERE payload->>'tag' = 'late'`,
        dbName(url),
      );
      assert.deepEqual(rows, [{ abandoned: true, taken_at: null }]);
      // Retention: a call is deleted once past its deadline by more than the time kept, not before.
      const db = (b.store as PostgresStore).db;
      assert.equal(await pruneOwnerCalls(db), 0);
      assert.equal(await pruneOwnerCalls(db, 0), 1);
      assert.deepEqual(await postgres().sql('SELECT id FROM owner_calls', dbName(url)), []);
    } finally {
      await closeAll();
    }
  });

  test('the owner killed while a call waits: the new owner runs it, once', async () => {
    try {
      const url = await postgres().createDatabase('takeover');
      const runs: Run[] = [];
      const nodes = [
        await startNode(url, 'a', runs),
        await startNode(url, 'b', runs),
        await startNode(url, 'c', runs),
      ];
      await until(() => split(nodes), 'the devices split');
      const [a, b, c] = nodes as [RunningServer, RunningServer, RunningServer];
      const device = devices.find((d) => a.runtime.owns(d)) as string;
      await a.cluster?.stop({ release: false });
      const answer = (await probe(c, device, { tag: 'waiting' }, 8 * TTL_MS)) as Run;
      const owner = ownerOf([b, c], device)[0];
      assert.equal(answer.node, owner?.cluster?.name);
      assert.deepEqual(runs, [{ node: answer.node, device, tag: 'waiting' }]);
    } finally {
      await closeAll();
    }
  });

  test('a protocol agent’s request on the node that does not run the device reaches its behaviour', async () => {
    try {
      const url = await postgres().createDatabase('request');
      const nodes = [
        await startNode(url, 'a', [], 'pir-detector'),
        await startNode(url, 'b', [], 'pir-detector'),
      ];
      await until(() => split(nodes), 'the devices split');
      const [a, b] = nodes as [RunningServer, RunningServer];
      const device = devices.find((d) => a.runtime.owns(d)) as string;
      const status = (node: RunningServer) =>
        node.runtime.points.value(node.runtime.points.indexOf(`${device}.communication-status`) as number);
      assert.notEqual(status(a), 'FAULT');
      const why = b.runtime.services.simulation.request(device, {
        kind: 'receiver-link',
        data: { lost: true, account: '1001' },
      });
      assert.equal(why, null);
      await until(() => status(a) === 'FAULT' && status(b) === 'FAULT', 'Communication Status FAULT on both');
    } finally {
      await closeAll();
    }
  });

  test('a caller cut from the database gets an error, and its call never runs', async () => {
    const proxy = await PartitionProxy.start(postgres().port);
    try {
      const url = await postgres().createDatabase('cut');
      const runs: Run[] = [];
      const a = await startNode(url, 'a', runs);
      const cut = await startNode(proxy.via(url), 'cut', runs);
      await until(() => split([a, cut]), 'the devices split');
      const device = devices.find((d) => a.runtime.owns(d)) as string;
      proxy.partition();
      await assert.rejects(
        probe(cut, device, { tag: 'cut' }, 500),
        (err: Error) => err instanceof OwnerCallError && /cannot be reached/.test(err.message),
      );
      proxy.heal();
      // Its statements held in the network arrive now: the insert is rolled back (or ended by the server).
      await until(
        async () =>
          (
            await postgres().sql<{ n: string }>(
              `SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = '${dbName(url)}' AND state LIKE 'idle in transaction%'`,
            )
          ).every((r) => Number(r.n) === 0),
        'no transaction left open',
      );
      await until(() => cut.runtime.services.ownership.owns(device) || a.runtime.owns(device), 'an owner');
      const owner = a.runtime.owns(device) ? a : cut;
      const other = owner === a ? cut : a;
      assert.equal(((await probe(other, device, { tag: 'healed' })) as Run).tag, 'healed');
      assert.deepEqual(
        runs.map((r) => r.tag),
        ['healed'],
      );
      const rows = await postgres().sql<{ n: string }>(
        `SELECT count(*) AS n FROM owner_calls WHERE payload->>'tag' = 'cut' AND taken_at IS NOT NULL`,
        dbName(url),
      );
      assert.equal(Number(rows[0]?.n), 0);
    } finally {
      proxy.heal();
      await closeAll();
      await proxy.close();
    }
  });
});
