// Nodes of a cluster (in-process servers, each on its own PostgresStore, sharing one database of a PostgreSQL
// cluster of this file's own): the devices split among them; every node reads the same values; a write on a
// node that does not run the device is applied by the node that does (its behaviour runs with it) and seen
// everywhere; a node killed (leases not released) loses its devices to the others, which run them with every
// acknowledged write; a node cut from its database stops running its devices (fenced) and they move on.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RealClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import type { Value } from '../../src/core/value.js';
import { type RunningServer, StartFailed, startServer } from '../../src/server.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import { makeSite } from '../runtime/site-fixture.js';
import { PartitionProxy } from '../support/partition-proxy.js';
import { filePostgres } from '../support/postgres.js';

const { skip, postgres } = filePostgres({ fsync: false });
const closers: Array<() => Promise<unknown>> = [];
const silent: Logger = { info() {}, warn() {}, error() {} };
/** Lease time and heartbeat of the nodes of these tests, ms. */
const TTL_MS = 2000;
const HEARTBEAT_MS = 400;

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

const site = (): Site =>
  makeSite([
    ['tank-1', 'level-sensor'],
    ['tank-2', 'level-sensor'],
    ['tank-3', 'level-sensor'],
    ['tank-4', 'level-sensor'],
  ]);

/** A node named `name` on the database `url`: its own store, data folder and real clock; no protocol served. */
async function startNode(url: string, name: string): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `pointyard-node-${name}-`));
  const store = await openPostgresStore(url);
  const server = await startServer({
    site: site(),
    dataDir,
    store,
    clock: new RealClock(1),
    seed: name,
    log: silent,
    http: null,
    servers: {},
    cluster: { node: name, ttlMs: TTL_MS, heartbeatMs: HEARTBEAT_MS },
  });
  closers.push(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return server;
}

const devices = ['tank-1', 'tank-2', 'tank-3', 'tank-4'];
const ownerOf = (nodes: RunningServer[], device: string) =>
  nodes.filter((n) => n.runtime.owns(device)).map((n) => n.cluster?.name);

/** Every node runs its share and every device is run by exactly one node. */
const split = (nodes: RunningServer[]) =>
  devices.every((d) => ownerOf(nodes, d).length === 1) &&
  nodes.every((n) => devices.some((d) => n.runtime.owns(d)));

/** The values of the points computed at each step (not on demand), by key. */
function values(node: RunningServer): Map<string, Value | null> {
  const { points } = node.runtime;
  const out = new Map<string, Value | null>();
  for (const entry of points.entries)
    if (entry.point.update !== 'onDemand')
      out.set(entry.key, points.hasValue(entry.index) ? points.value(entry.index) : null);
  return out;
}

/**
 * The devices split and settled: the same owners over two more heartbeats of every node (no hand-over under
 * way), and every device stepped by its owner since (a device just taken over starts its behaviour again).
 */
async function settled(nodes: RunningServer[]): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await until(() => split(nodes), 'the devices split among the nodes');
    const owners = devices.map((d) => ownerOf(nodes, d).join());
    const beats = nodes.map((n) => n.cluster?.leases.heartbeats ?? 0);
    await until(
      () => nodes.every((n, i) => (n.cluster?.leases.heartbeats ?? 0) >= (beats[i] as number) + 2),
      'two more heartbeats',
    );
    if (!devices.every((d, i) => ownerOf(nodes, d).join() === owners[i])) continue;
    const since = nodes.map((n) => new Map(devices.map((d) => [d, stepTs(n, d)])));
    await until(
      () =>
        devices.every((d) =>
          nodes.some((n, i) => n.runtime.owns(d) && stepTs(n, d) > (since[i]?.get(d) ?? 0)),
        ),
      'every device stepped by its owner',
    );
    return;
  }
  throw new Error('the devices never settled');
}

/** When the owner last published the device's level (each step does). */
const stepTs = (node: RunningServer, device: string) =>
  node.runtime.points.read(node.runtime.points.indexOf(`${device}.level`) as number).ts;

const sameValues = (nodes: RunningServer[]) => {
  const [first, ...rest] = nodes.map(values);
  return rest.every((v) => [...(first as Map<string, Value | null>)].every(([k, x]) => v.get(k) === x));
};

const dbName = (url: string) => new URL(url).pathname.slice(1);

const write = (node: RunningServer, key: string, value: unknown, level = 8) =>
  node.runtime.writes.write({ key, value, level, who: 'test', role: 'admin', via: 'test' });

describe('nodes of a cluster', { skip }, () => {
  test('a node needs a PostgreSQL store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pointyard-node-memory-'));
    try {
      await assert.rejects(
        startServer({
          site: site(),
          dataDir,
          store: new MemoryStore(),
          clock: new RealClock(1),
          seed: 1,
          log: silent,
          http: null,
          servers: {},
          cluster: { node: 'alone' },
        }),
        (err: Error) => err instanceof StartFailed && /needs a PostgreSQL store/.test(err.message),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('devices split, every node reads the same values, a write on any node is run by the owner', async () => {
    try {
      const url = await postgres().createDatabase('split');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b'), await startNode(url, 'c')];
      await settled(nodes);
      await until(() => sameValues(nodes), 'every node reading the same values');

      // A write on a node that does not run the device: the owner's behaviour runs with it.
      const device = 'tank-1';
      const owner = nodes.find((n) => n.runtime.owns(device)) as RunningServer;
      const other = nodes.find((n) => !n.runtime.owns(device)) as RunningServer;
      const key = `${device}.calibration-offset`;
      const offset = 42;
      const calibrated: unknown[] = [];
      const unfollow = owner.runtime.followEvents((d, _t, event) => {
        if (d.id === device && event.kind === 'calibration') calibrated.push(event.data?.offsetMm);
      });
      closers.push(async () => unfollow());
      const result = await write(other, key, offset);
      assert.equal(result.ok, true, JSON.stringify(result));
      await until(
        () => owner.runtime.writes.priorityArray(key)?.array.values[7] === offset,
        'the owner applying the write committed on another node',
      );
      // The owner's behaviour runs with it (writing an offset is a calibration); every node reads it.
      await until(
        () => calibrated.includes(offset),
        "the owner's behaviour calibrating with the offset written",
      );
      await until(
        () => nodes.every((n) => n.runtime.points.value(n.runtime.points.indexOf(key) as number) === offset),
        'the offset written read on every node',
      );
      await until(() => sameValues(nodes), 'every node reading the same values after the write');
      // Committed once, by the node that took it.
      const audit = await owner.store.queryAudit({ key });
      assert.deepEqual(
        audit.map((r) => [r.action, r.written]),
        [['write', offset]],
      );
    } finally {
      await closeAll();
    }
  });

  test('two nodes writing one point at once: no update lost (level changes merged under a row lock)', async () => {
    try {
      const url = await postgres().createDatabase('race');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
      await until(() => split(nodes), 'the devices split');
      const key = 'tank-2.low-level-threshold';
      // Each node writes its own level, many times, at the same time: the array must end with both.
      const rounds = 20;
      const results = await Promise.all(
        nodes.flatMap((node, i) => Array.from({ length: rounds }, (_, r) => write(node, key, 10 + r, 9 + i))),
      );
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results.find((r) => !r.ok)),
      );
      await until(
        () =>
          nodes.every((n) => {
            const array = n.runtime.writes.priorityArray(key)?.array.values;
            return array?.[8] === 10 + rounds - 1 && array?.[9] === 10 + rounds - 1;
          }),
        'both levels in force on both nodes',
      );
      const stored = await nodes[0]?.store.loadPriorities();
      const values = stored?.get(key)?.values;
      assert.equal(values?.[8], 10 + rounds - 1, 'level 9 (node a) kept');
      assert.equal(values?.[9], 10 + rounds - 1, 'level 10 (node b) kept');
    } finally {
      await closeAll();
    }
  });

  test('a node killed: its devices run on the others with every acknowledged write', async () => {
    try {
      const url = await postgres().createDatabase('kill');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b'), await startNode(url, 'c')];
      await settled(nodes);
      const victim = nodes[2] as RunningServer;
      const its = devices.filter((d) => victim.runtime.owns(d));
      assert.ok(its.length > 0);
      // Acknowledged writes to its devices' points, through every node.
      const acknowledged = new Map<string, number>();
      for (const [i, device] of its.entries())
        for (const [j, node] of nodes.entries()) {
          const key = `${device}.calibration-offset`;
          const value = 10 * i + j + 1;
          const result = await write(node, key, value, 10 + j);
          assert.equal(result.ok, true, JSON.stringify(result));
          acknowledged.set(`${key}@${10 + j}`, value);
        }
      // Killed: its leases stay in the database until they expire.
      await victim.cluster?.stop({ release: false });
      const survivors = nodes.slice(0, 2);
      await until(
        () => its.every((d) => ownerOf(survivors, d).length === 1),
        'its devices owned again',
        6 * TTL_MS,
      );
      // Running: the new owner steps them (their level changes again, as seen on both survivors).
      const key = `${its[0]}.level`;
      const owner = survivors.find((n) => n.runtime.owns(its[0] as string)) as RunningServer;
      const index = owner.runtime.points.indexOf(key) as number;
      const since = owner.runtime.points.read(index).ts;
      await until(
        () => owner.runtime.points.read(index).ts > since,
        'the taken device running on its new owner',
      );
      for (const [at, value] of acknowledged) {
        const [k, level] = at.split('@') as [string, string];
        for (const node of survivors)
          assert.equal(
            node.runtime.writes.priorityArray(k)?.array.values[Number(level) - 1],
            value,
            `${at} on ${node.cluster?.name}`,
          );
      }
    } finally {
      await closeAll();
    }
  });

  test('a device taken over: its alarm raised on the node killed is cleared by the new owner, none raised twice', async () => {
    try {
      const url = await postgres().createDatabase('alarms');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
      await settled(nodes);
      const [a, b] = nodes as [RunningServer, RunningServer];
      const device = devices.find((d) => a.runtime.owns(d)) as string;
      // A person's fault goes to the node running the device only.
      assert.match(
        b.runtime.setFault(device, 'sensor-failure', true, 'test') ?? '',
        /runs on another node of the cluster/,
      );
      assert.equal(a.runtime.setFault(device, 'sensor-failure', true, 'test'), null);
      const key = `${device}.sensor-status`;
      const alarmsOf = async () => (await a.store.queryAlarms({ key })).filter((x) => x.reported === null);
      await until(async () => (await alarmsOf()).some((x) => x.state === 'active'), 'the alarm raised by a');
      // a killed: b takes the device over without the fault (it was a's runner's); the alarm clears there.
      await a.cluster?.stop({ release: false });
      await until(() => b.runtime.owns(device), 'b running the device', 6 * TTL_MS);
      await until(
        async () => (await alarmsOf()).every((x) => x.clearedAt !== null),
        'the alarm cleared by the new owner',
      );
      assert.equal((await alarmsOf()).length, 1, 'one alarm, not raised again');
    } finally {
      await closeAll();
    }
  });

  test('a node cut from its database stops running its devices (fenced); the others take them', async () => {
    const proxy = await PartitionProxy.start(postgres().port);
    try {
      const url = await postgres().createDatabase('partition');
      const a = await startNode(url, 'a');
      const cut = await startNode(proxy.via(url), 'cut');
      const nodes = [a, cut];
      await until(() => split(nodes), 'the devices split');
      const its = devices.filter((d) => cut.runtime.owns(d));
      proxy.partition();
      // It stops by its own clock (before the database's expiry), then the other claims.
      await until(
        () => its.every((d) => !cut.runtime.owns(d)),
        'the cut node no longer running its devices',
        4 * TTL_MS,
      );
      await until(() => its.every((d) => a.runtime.owns(d)), 'the other node running them', 6 * TTL_MS);
      // The database's side: when the other node claimed each device.
      const claims = new Map(
        (
          await postgres().sql<{ device: string; at: number }>(
            `SELECT device, extract(epoch FROM acquired_at) * 1000 AS at FROM device_leases WHERE node = 'a'`,
            dbName(url),
          )
        ).map((r) => [r.device, Number(r.at)]),
      );
      // Healed: the cut node beats again (and may claim a share again, with new tokens); nothing it published
      // for a device lands between the other's claim and its own next claim of it (fenced).
      proxy.heal();
      const beats = cut.cluster?.leases.heartbeats ?? 0;
      await until(() => (cut.cluster?.leases.heartbeats ?? 0) >= beats + 2, 'the cut node beating again');
      for (const device of its) {
        const taken = claims.get(device) as number;
        const rows = await postgres().sql<{ n: string }>(
          `SELECT count(*) AS n FROM point_changes c
            WHERE c.node = 'cut' AND c.key LIKE '${device}.%' AND c.kind = 'value'
              AND extract(epoch FROM c.committed_at) * 1000 > ${taken}
              AND NOT EXISTS (SELECT 1 FROM device_leases l WHERE l.device = '${device}' AND l.node = 'cut'
                              AND l.acquired_at <= c.committed_at)`,
          dbName(url),
        );
        assert.equal(
          Number(rows[0]?.n),
          0,
          `${device}: nothing committed by the cut node after its takeover`,
        );
      }
    } finally {
      proxy.heal();
      await closeAll();
      await proxy.close();
    }
  });
});
