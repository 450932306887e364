// History ingest into PostgreSQL beside SQLite, the same workload in the same run: 10,000 points each
// appending a sample a second, flushed every 50 samples (as the runtime's periodic flush does), through the
// engines' own `append` and `flush`. PostgreSQL runs on a cluster of its own made for the run (fsync on, on
// the loopback), disposed at the end. Bytes per sample: the chunk table's total relation size (heap, TOAST,
// index), as written and compacted, against the SQLite history file.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgDatabase } from '../src/store/postgres/pg-database.js';
import { PgHistory } from '../src/store/postgres/pg-history.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { HistoryStore } from '../src/store/store.js';
import { StoreHealth } from '../src/store/store-health.js';
import { PostgresCluster, postgresMissing } from '../test/support/postgres.js';
import { type Figure, round3 } from './harness.js';

const group = 'History PostgreSQL';
const SERIES = 10_000;
const PER_SERIES = 200;
const FLUSH_EVERY = 50;
const T0 = Date.UTC(2026, 0, 5);
const TOTAL = SERIES * PER_SERIES;

/** A realistic sensor value: a slow wave with a little noise, rounded like a device would. */
const valueAt = (series: number, i: number) =>
  Math.round((20 + 5 * Math.sin((i + series) / 300) + ((i * 7919) % 13) / 100) * 100) / 100;

interface Ingest {
  /** Samples per second through append and flush. */
  rate: number;
  /** The time the flushes took, ms in all. */
  flushMs: number;
}

async function ingest(history: HistoryStore): Promise<Ingest> {
  let flushMs = 0;
  const t = performance.now();
  for (let i = 0; i < PER_SERIES; i++) {
    const ts = T0 + i * 1000;
    for (let s = 0; s < SERIES; s++) history.append(`dev-${s}.temp`, ts, valueAt(s, i));
    if ((i + 1) % FLUSH_EVERY === 0) {
      const f = performance.now();
      await history.flush();
      flushMs += performance.now() - f;
    }
  }
  return { rate: TOTAL / ((performance.now() - t) / 1000), flushMs };
}

async function sqlite(dir: string): Promise<Ingest & { bytes: number }> {
  const store = new SqliteStore(dir);
  try {
    const got = await ingest(store.history);
    await store.close();
    return { ...got, bytes: statSync(join(dir, 'history.db')).size };
  } finally {
    await store.close();
  }
}

async function postgres(
  cluster: PostgresCluster,
): Promise<Ingest & { bytes: number; compactBytes: number; journalMs: number }> {
  const url = await cluster.createDatabase('bench_history');
  const db = new PgDatabase(url, new StoreHealth());
  try {
    const history = await PgHistory.open(db);
    const got = await ingest(history);
    // One journal of one round of samples (every point once), as the runtime journals between flushes.
    for (let s = 0; s < SERIES; s++) history.append(`dev-${s}.temp`, T0 + PER_SERIES * 1000, 1);
    const j = performance.now();
    await history.journal();
    const journalMs = performance.now() - j;
    await history.flush();
    const size = async () =>
      Number(
        (await db.query<{ bytes: string }>("SELECT pg_total_relation_size('history_chunks') AS bytes"))
          .rows[0]?.bytes,
      );
    const bytes = await size();
    // The row versions each flush's rewrite of the open chunks left behind, gone: what the rows take.
    await db.query('VACUUM FULL history_chunks');
    return { ...got, journalMs, bytes, compactBytes: await size() };
  } finally {
    await db.close();
  }
}

export async function historyPostgresBench(): Promise<Figure[]> {
  const missing = postgresMissing();
  if (missing !== null) throw new Error(`history postgres bench: ${missing}`);
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-history-pg-'));
  const cluster = await PostgresCluster.start({ fsync: true });
  try {
    const lite = await sqlite(join(dir, 'sqlite'));
    const pg = await postgres(cluster);
    const workload = `${SERIES} points × ${PER_SERIES} samples, append + flush every ${FLUSH_EVERY}`;
    return [
      {
        group,
        name: 'ingest, PostgreSQL',
        value: round3(pg.rate),
        unit: 'samples/s',
        note: `${workload}, fsync on`,
      },
      {
        group,
        name: 'ingest, SQLite (same run)',
        value: round3(lite.rate),
        unit: 'samples/s',
        note: workload,
      },
      {
        group,
        name: 'flush time, PostgreSQL',
        value: round3(pg.flushMs / (PER_SERIES / FLUSH_EVERY)),
        unit: 'ms',
        note: `per flush of ${SERIES} chunks (${SERIES * FLUSH_EVERY} new samples)`,
      },
      {
        group,
        name: 'flush time, SQLite (same run)',
        value: round3(lite.flushMs / (PER_SERIES / FLUSH_EVERY)),
        unit: 'ms',
        note: `per flush of ${SERIES} chunks`,
      },
      {
        group,
        name: 'journal, PostgreSQL',
        value: round3(pg.journalMs),
        unit: 'ms',
        note: `${SERIES} raw samples in one statement`,
      },
      {
        group,
        name: 'disk per sample, PostgreSQL',
        value: round3(pg.bytes / TOTAL),
        unit: 'bytes',
        note: 'pg_total_relation_size of the chunk table as written (older versions of rewritten open chunks included)',
      },
      {
        group,
        name: 'disk per sample, PostgreSQL, compacted',
        value: round3(pg.compactBytes / TOTAL),
        unit: 'bytes',
        note: 'the same after VACUUM FULL (what autovacuum lets later rows reuse)',
      },
      {
        group,
        name: 'disk per sample, SQLite (same run)',
        value: round3(lite.bytes / TOTAL),
        unit: 'bytes',
        note: 'history.db',
      },
    ];
  } finally {
    await cluster.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
