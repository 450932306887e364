// Failover of device leases: three nodes (LeaseManagers, each on a pool of its own) share 30 devices on a
// PostgreSQL cluster made for the run, with the default ttl (4000 ms) and heartbeat (1000 ms). Each of 20
// trials starts them on a fresh database, waits until they hold 10 devices each, waits a random part of a
// heartbeat (a kill comes at any phase), kills one (timers stopped, pool ended, nothing released) and times
// until every one of its devices is owned again; then stops a second one gracefully and times the same.

import { LeaseManager } from '../src/cluster/leases.js';
import { PgDatabase } from '../src/store/postgres/pg-database.js';
import { StoreHealth } from '../src/store/store-health.js';
import { PostgresCluster, postgresMissing } from '../test/support/postgres.js';
import { type Figure, round3 } from './harness.js';

const group = 'cluster failover';
const TRIALS = 20;
const DEVICES = Array.from({ length: 30 }, (_, i) => `dev-${String(i).padStart(2, '0')}`);
const CAP_MS = 30_000;

interface Node {
  manager: LeaseManager;
  db: PgDatabase;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms (capped); the performance.now() at which it first held. */
async function when(condition: () => boolean, what: string): Promise<number> {
  const end = performance.now() + CAP_MS;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`cluster failover bench: no ${what} within ${CAP_MS} ms`);
    await pause(5);
  }
  return performance.now();
}

/** One trial: the kill's failover and the graceful stop's handover, ms. */
async function trial(cluster: PostgresCluster, n: number): Promise<{ kill: number; stop: number }> {
  const url = await cluster.createDatabase(`bench_failover_${n}`);
  const acquired = new Map<string, number>();
  const nodes: Node[] = ['a', 'b', 'c'].map((name) => {
    const db = new PgDatabase(url, new StoreHealth(), 'postgres', { max: 3 });
    const manager = new LeaseManager(db, {
      node: name,
      devices: DEVICES,
      onAcquired: (device) => acquired.set(device, performance.now()),
    });
    return { manager, db };
  });
  try {
    for (const node of nodes) await node.manager.start();
    const [a, b, c] = nodes as [Node, Node, Node];
    await when(() => nodes.every((x) => x.manager.owned().size === 10), 'even spread');
    await pause(Math.random() * 1000);
    const killed = [...a.manager.owned().keys()];
    const killedAt = performance.now();
    await a.manager.stop({ release: false });
    await a.db.close();
    const killTaken = await when(
      () => killed.every((d) => b.manager.owns(d) || c.manager.owns(d)),
      "the killed node's devices owned again",
    );
    await when(() => b.manager.owned().size === 15 && c.manager.owned().size === 15, 'even spread');
    await pause(Math.random() * 1000);
    const stopped = [...b.manager.owned().keys()];
    const stoppedAt = performance.now();
    await b.manager.stop();
    const stopTaken = await when(
      () => stopped.every((d) => c.manager.owns(d)),
      "the stopped node's devices owned again",
    );
    return { kill: killTaken - killedAt, stop: stopTaken - stoppedAt };
  } finally {
    for (const node of nodes) {
      await node.manager.stop({ release: false }).catch(() => {});
      await node.db.close().catch(() => {});
    }
  }
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

export async function clusterFailoverBench(): Promise<Figure[]> {
  const missing = postgresMissing();
  if (missing !== null) throw new Error(`cluster failover bench: ${missing}`);
  const cluster = await PostgresCluster.start({ fsync: true });
  const kills: number[] = [];
  const stops: number[] = [];
  try {
    for (let i = 0; i < TRIALS; i++) {
      const got = await trial(cluster, i);
      kills.push(got.kill);
      stops.push(got.stop);
    }
  } finally {
    await cluster.dispose();
  }
  kills.sort((x, y) => x - y);
  stops.sort((x, y) => x - y);
  const setup = `3 nodes, 30 devices, ttl 4000 ms, heartbeat 1000 ms, ${TRIALS} trials`;
  return [
    {
      group,
      name: 'failover after a kill, p50',
      value: round3(percentile(kills, 0.5)),
      unit: 'ms',
      note: `${setup}; kill (no release) to every device owned again; goal under 5000`,
    },
    {
      group,
      name: 'failover after a kill, max',
      value: round3(kills.at(-1) as number),
      unit: 'ms',
      note: setup,
    },
    {
      group,
      name: 'handover after a graceful stop, p50',
      value: round3(percentile(stops, 0.5)),
      unit: 'ms',
      note: '2 nodes left, 30 devices: the stop releases, the other claims at its next heartbeat',
    },
    {
      group,
      name: 'handover after a graceful stop, max',
      value: round3(stops.at(-1) as number),
      unit: 'ms',
      note: '2 nodes left, 30 devices',
    },
  ];
}
