// Committed writes per second with 200 concurrent writers, on SQLite and on PostgreSQL in the same run: each
// writer commits one point write (its priority array and audit record) and awaits it before the next, in a
// loop, for a bounded time; the rate counts commits acknowledged in the window, the p99 is of their latency.
// PostgreSQL runs in a cluster of its own with fsync on, as SQLite's state database syncs at every commit.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyPriorityArray, withLevel } from '../src/core/priority-array.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { PgDatabase } from '../src/store/postgres/pg-database.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { CommittedWrite, Store } from '../src/store/store.js';
import { StoreHealth } from '../src/store/store-health.js';
import { PostgresCluster, postgresMissing } from '../test/support/postgres.js';
import { type Figure, round3 } from './harness.js';

const group = 'Store writes';
const WRITERS = 200;
const WARM_UP_MS = 1000;
const WINDOW_MS = 5000;
/** PgDatabase's default pool. */
const POOL = 10;

/** Writer `i`'s `n`th write: its own point, level 16, with the audit record. */
function pointWrite(i: number, n: number): CommittedWrite {
  const key = `dev-${i}.sp`;
  const value = 20 + (n % 100) / 10;
  return {
    key,
    array: withLevel(emptyPriorityArray(), 16, value),
    audit: {
      ts: Date.now(),
      who: `user-${i % 20}`,
      via: 'bench',
      remote: '127.0.0.1:50000',
      key,
      level: 16,
      action: 'write',
      written: value,
      before: null,
      after: value,
    },
  };
}

/**
 * Commits/s and p99 commit latency (ms) of WRITERS writers over WINDOW_MS, after a warm-up. The bounds are
 * checked by each writer between commits, not by a timer: an engine whose commits resolve without a turn of
 * the event loop (SQLite's are synchronous inside) would never let a timer fire.
 */
async function measureWriters(store: Store): Promise<{ rate: number; p99: number }> {
  const start = performance.now() + WARM_UP_MS;
  const end = start + WINDOW_MS;
  const latencies: number[] = [];
  const writer = async (i: number) => {
    for (let n = 0; performance.now() < end; n++) {
      const t = performance.now();
      await store.commitWrites([pointWrite(i, n)]);
      const done = performance.now();
      if (t >= start && done <= end) latencies.push(done - t);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))] ?? Number.NaN;
  return { rate: (latencies.length * 1000) / WINDOW_MS, p99 };
}

function figures(engine: string, result: { rate: number; p99: number }, how: string): Figure[] {
  return [
    {
      group,
      name: `committed writes/s, ${WRITERS} writers (${engine})`,
      value: round3(result.rate),
      unit: 'writes/s',
      note: `one point write + audit per commit, each writer awaiting its commit; ${how}`,
    },
    {
      group,
      name: `p99 commit latency, ${WRITERS} writers (${engine})`,
      value: round3(result.p99),
      unit: 'ms',
      note: how,
    },
  ];
}

async function sqlite(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-writes-'));
  const store = new SqliteStore(join(dir, 'data'));
  try {
    return figures('SQLite', await measureWriters(store), 'state database synchronous=FULL');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<Figure[]> {
  const missing = postgresMissing();
  if (missing) {
    process.stderr.write(`  PostgreSQL skipped: ${missing}\n`);
    return [];
  }
  const cluster = await PostgresCluster.start({ fsync: true });
  try {
    const memory = new MemoryStore();
    const db = new PgDatabase(await cluster.createDatabase('bench'), new StoreHealth(), 'postgres', {
      max: POOL,
    });
    const store = await PostgresStore.open(db, {
      history: Object.assign(memory.history, { close: () => {} }),
      alarmReports: memory.alarmReports,
    });
    try {
      return figures(
        'PostgreSQL',
        await measureWriters(store),
        `own cluster on the loopback, fsync on, pool of ${POOL} connections`,
      );
    } finally {
      await store.close();
    }
  } finally {
    await cluster.dispose();
  }
}

export async function storeWritesBench(): Promise<Figure[]> {
  return [...(await sqlite()), ...(await postgres())];
}
