// The cluster change feed on a PostgreSQL cluster of its own (fsync on, on the loopback), disposed at the end.
// Throughput: 100,000 points (2,000 devices × 50) each changing once per round, published one device at a time
// without waiting (the publisher's group commit takes what came in while a batch committed), 5 rounds.
// Delivery lag: from a publish's commit acknowledged to the change handed to a follower of the same process
// (performance.now()), under that load and on a quiet feed (one change at a time).

import { ChangeFollower } from '../src/cluster/change-follower.js';
import { ChangePublisher } from '../src/cluster/change-publisher.js';
import type { FeedChange } from '../src/cluster/feed-change.js';
import { PgDatabase } from '../src/store/postgres/pg-database.js';
import { StoreHealth } from '../src/store/store-health.js';
import { PostgresCluster, postgresMissing } from '../test/support/postgres.js';
import { type Figure, round3 } from './harness.js';

const group = 'cluster feed';
const DEVICES = 2000;
const POINTS = 50;
const ROUNDS = 5;
const QUIET = 500;

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Polls `ready` every 2 ms for at most `capMs`. */
async function until(ready: () => boolean, what: string, capMs = 120_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!ready()) {
    if (performance.now() > end) throw new Error(`cluster feed bench: gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function clusterFeedBench(): Promise<Figure[]> {
  const missing = postgresMissing();
  if (missing !== null) throw new Error(`cluster feed bench: ${missing}`);
  const cluster = await PostgresCluster.start({ fsync: true });
  const dbs: PgDatabase[] = [];
  try {
    const url = await cluster.createDatabase('bench_feed');
    const db = () => {
      const d = new PgDatabase(url, new StoreHealth());
      dbs.push(d);
      return d;
    };
    const publisher = await ChangePublisher.open(db(), { node: 'a' });
    // Delivery time of each key's change, by key (the round's value tells rounds apart).
    const delivered = new Map<string, number>();
    let deliveredCount = 0;
    const follower = new ChangeFollower(db(), {
      node: 'b',
      onChange: (c) => {
        delivered.set(`${c.key}=${String(c.value)}`, performance.now());
        deliveredCount++;
      },
      onSnapshot: () => {},
    });
    await follower.start();

    const loadLags: number[] = [];
    let publishMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const acked: Array<{ key: string; at: number }> = [];
      const t = performance.now();
      const calls: Promise<void>[] = [];
      for (let d = 0; d < DEVICES; d++) {
        const changes: FeedChange[] = Array.from({ length: POINTS }, (_, p) => ({
          key: `dev${d}.p${p}`,
          kind: 'value',
          value: r * 1000 + p,
          status: 'ok',
          ts: Date.now(),
        }));
        const last = `dev${d}.p${POINTS - 1}=${r * 1000 + POINTS - 1}`;
        calls.push(
          publisher.publish(changes).then(() => void acked.push({ key: last, at: performance.now() })),
        );
      }
      await Promise.all(calls);
      publishMs += performance.now() - t;
      await until(() => follower.lag().deliveredSeq >= publisher.committedSeq, 'the follower to catch up');
      for (const { key, at } of acked) loadLags.push(Math.max(0, (delivered.get(key) ?? at) - at));
    }

    const quietLags: number[] = [];
    for (let i = 0; i < QUIET; i++) {
      const key = `quiet.p${i % 10}=${i}`;
      await publisher.publish([
        { key: `quiet.p${i % 10}`, kind: 'value', value: i, status: 'ok', ts: Date.now() },
      ]);
      const at = performance.now();
      await until(() => delivered.has(key), 'a quiet change', 10_000);
      quietLags.push(Math.max(0, (delivered.get(key) as number) - at));
    }
    await follower.stop();
    await publisher.stop();
    if (deliveredCount !== DEVICES * POINTS * ROUNDS + QUIET)
      throw new Error(`cluster feed bench: ${deliveredCount} changes delivered, not every one`);

    loadLags.sort((a, b) => a - b);
    quietLags.sort((a, b) => a - b);
    const load = `${DEVICES * POINTS} points × ${ROUNDS} rounds, one publish per device of ${POINTS}, fsync on`;
    return [
      {
        group,
        name: 'changes published',
        value: round3((DEVICES * POINTS * ROUNDS) / (publishMs / 1000)),
        unit: 'changes/s',
        note: `${load}; group commit of what waits, at most 20,000 per transaction`,
      },
      {
        group,
        name: 'delivery lag under load, p50',
        value: round3(percentile(loadLags, 0.5)),
        unit: 'ms',
        note: 'publish acknowledged to onChange of its last change, same process; follower pages of 1000',
      },
      {
        group,
        name: 'delivery lag under load, p99',
        value: round3(percentile(loadLags, 0.99)),
        unit: 'ms',
        note: 'the same',
      },
      {
        group,
        name: 'delivery lag, quiet feed, p50',
        value: round3(percentile(quietLags, 0.5)),
        unit: 'ms',
        note: `${QUIET} single changes one after the other: acknowledged to onChange (NOTIFY, then one read)`,
      },
      {
        group,
        name: 'delivery lag, quiet feed, p99',
        value: round3(percentile(quietLags, 0.99)),
        unit: 'ms',
        note: 'the same',
      },
    ];
  } finally {
    for (const d of dbs) await d.close().catch(() => {});
    await cluster.dispose();
  }
}
