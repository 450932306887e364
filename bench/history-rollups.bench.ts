// Stored history roll-ups against roll-ups computed at read time: one point with a year of 1-minute samples
// (525,600), written through `append` and a flush a day, then hisRead's 1-hour average over the whole year
// read both ways — the samples read and rolled up, and the stored 1-hour roll-ups combined (his-rollup-read.ts)
// — on SQLite and on PostgreSQL (a cluster of its own, fsync on, loopback), in the same run. Both answers are
// checked equal before anything is timed. The roll-ups' room: the bytes of the rows SQLite stored (packed),
// and of the same buckets in the float64 format rows had before, per minute of the point.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HNum, HStr } from 'haystack-core';
import type { Point } from '../src/points/model.js';
import { type RollupSpec, rollUp, rollupSpec } from '../src/protocols/haystack/his-rollup.js';
import { storedRollUp } from '../src/protocols/haystack/his-rollup-read.js';
import {
  bucketsOf,
  HOUR_MS,
  MINUTE_MS,
  rollupRows,
  unpackBuckets,
} from '../src/store/history/rollup-buckets.js';
import { packFloat64Buckets } from '../src/store/history/rollup-float64-format.js';
import { PgDatabase } from '../src/store/postgres/pg-database.js';
import { PgHistory } from '../src/store/postgres/pg-history.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { HistoryStore } from '../src/store/store.js';
import { StoreHealth } from '../src/store/store-health.js';
import { PostgresCluster, postgresMissing } from '../test/support/postgres.js';
import { type Figure, measureAsync, round3 } from './harness.js';

const group = 'history rollups';
const KEY = 'ahu-1.supply-temp';
const T0 = Date.UTC(2025, 0, 1);
const MINUTES = 365 * 1440;
const TO = T0 + MINUTES * 60_000;
const NUMBER = { type: 'number' } as Point;
const HOURLY = rollupSpec(HNum.make(1, 'h'), HStr.make('avg')) as RollupSpec;
const TZ = 'Europe/Paris';

const valueAt = (i: number) => Math.round((20 + 5 * Math.sin(i / 700) + ((i * 7919) % 13) / 100) * 100) / 100;

interface Result {
  ingestRate: number;
  rawMs: number;
  storedMs: number;
  rows: number;
}

async function run(history: HistoryStore): Promise<Result> {
  const t = performance.now();
  for (let i = 0; i < MINUTES; i++) {
    history.append(KEY, T0 + i * 60_000, valueAt(i));
    if ((i + 1) % 1440 === 0) await history.flush();
  }
  await history.flush();
  const ingestRate = MINUTES / ((performance.now() - t) / 1000);
  const raw = async () => {
    const samples = await history.read(KEY, T0, TO);
    return rollUp(
      samples.map((s) => s.t),
      samples.map((s) => s.v),
      NUMBER,
      HOURLY,
      TZ,
      T0,
    );
  };
  const stored = async () => storedRollUp((level) => history.readRollups(KEY, level, T0, TO), HOURLY, TZ, T0);
  const a = await raw();
  const b = await stored();
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error('history rollups bench: stored and raw roll-ups differ');
  if (a.times.length !== 365 * 24) throw new Error(`history rollups bench: ${a.times.length} rows`);
  const rawMs = (await measureAsync(raw, 3000, 3)).p50Ms;
  const storedMs = (await measureAsync(stored, 3000, 5)).p50Ms;
  return { ingestRate, rawMs, storedMs, rows: a.times.length };
}

interface RollupBytes {
  /** Bytes of the stored (packed) rows' totals and minutes. */
  packed: number;
  /** Bytes of the same buckets in the float64 format. */
  float64: number;
}

/** The stored roll-ups' bytes, and what the float64 format takes for the same buckets. */
function rollupBytes(file: string): RollupBytes {
  const db = new Database(file, { readonly: true });
  try {
    const sizes = { packed: 0, float64: 0 };
    const rows = db.prepare('SELECT total, minutes FROM rollups').iterate() as Iterable<{
      total: Uint8Array;
      minutes: Uint8Array;
    }>;
    for (const { total, minutes } of rows) {
      sizes.packed += total.length + minutes.length;
      sizes.float64 +=
        packFloat64Buckets(unpackBuckets(total, HOUR_MS)).length +
        packFloat64Buckets(unpackBuckets(minutes, MINUTE_MS)).length;
    }
    return sizes;
  } finally {
    db.close();
  }
}

/**
 * The same for a point sampled every 10 s (six samples a minute, so full buckets), 30 days, the rows
 * computed as a flush writes them; per minute.
 */
function tenSecondRollupBytes(): RollupBytes {
  const days = 30;
  const samples = Array.from({ length: days * 8640 }, (_, i) => ({ t: T0 + i * 10_000, v: valueAt(i) }));
  const sizes = { packed: 0, float64: 0 };
  for (const row of rollupRows(samples)) sizes.packed += row.total.length + row.minutes.length;
  sizes.float64 =
    packFloat64Buckets(bucketsOf(samples, 'minute')).length +
    packFloat64Buckets(bucketsOf(samples, 'hour')).length;
  return { packed: sizes.packed / (days * 1440), float64: sizes.float64 / (days * 1440) };
}

async function sqlite(dir: string): Promise<Result & { bytes: number; rollups: RollupBytes }> {
  const store = new SqliteStore(dir);
  try {
    const result = await run(store.history);
    await store.close();
    const file = join(dir, 'history.db');
    return { ...result, bytes: statSync(file).size, rollups: rollupBytes(file) };
  } finally {
    await store.close();
  }
}

async function postgres(cluster: PostgresCluster): Promise<Result> {
  const url = await cluster.createDatabase('bench_rollups');
  const db = new PgDatabase(url, new StoreHealth());
  try {
    const history = await PgHistory.open(db);
    const result = await run(history);
    await history.close();
    return result;
  } finally {
    await db.close();
  }
}

export async function historyRollupsBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-rollups-'));
  const missing = postgresMissing();
  const cluster = missing === null ? await PostgresCluster.start({ fsync: true }) : null;
  try {
    const lite = await sqlite(join(dir, 'sqlite'));
    const tenSeconds = tenSecondRollupBytes();
    const pg = cluster ? await postgres(cluster) : null;
    const read = `a year of 1-min samples (${MINUTES}) at 1h avg, ${lite.rows} rows, p50`;
    const figures: Figure[] = [
      {
        group,
        name: 'year at 1h, raw, SQLite',
        value: round3(lite.rawMs),
        unit: 'ms',
        note: `${read}: samples read and rolled up`,
      },
      {
        group,
        name: 'year at 1h, stored roll-ups, SQLite',
        value: round3(lite.storedMs),
        unit: 'ms',
        note: `${read}: stored 1-hour roll-ups`,
      },
      {
        group,
        name: 'speed-up, SQLite',
        value: round3(lite.rawMs / lite.storedMs),
        unit: '×',
        note: 'raw ÷ stored, same run',
      },
      {
        group,
        name: 'ingest with roll-ups, SQLite',
        value: round3(lite.ingestRate),
        unit: 'samples/s',
        note: 'one point, append, flush a day of samples',
      },
      {
        group,
        name: 'history.db per sample, SQLite',
        value: round3(lite.bytes / MINUTES),
        unit: 'bytes',
        note: 'chunks and roll-ups of the year',
      },
      {
        group,
        name: 'roll-ups per minute, packed',
        value: round3(lite.rollups.packed / MINUTES),
        unit: 'bytes',
        note: 'stored rows (hour and minutes buckets) of a 1-min point, 2-decimal values',
      },
      {
        group,
        name: 'roll-ups per minute, float64 format',
        value: round3(lite.rollups.float64 / MINUTES),
        unit: 'bytes',
        note: 'the same buckets in the format before packing, same run',
      },
      {
        group,
        name: 'roll-ups per minute of a 10-s point, packed',
        value: round3(tenSeconds.packed),
        unit: 'bytes',
        note: '30 days of samples every 10 s (6 a minute), rows as a flush writes them',
      },
      {
        group,
        name: 'roll-ups per minute of a 10-s point, float64 format',
        value: round3(tenSeconds.float64),
        unit: 'bytes',
        note: 'the same buckets in the format before packing, same run',
      },
    ];
    if (pg)
      figures.push(
        {
          group,
          name: 'year at 1h, raw, PostgreSQL',
          value: round3(pg.rawMs),
          unit: 'ms',
          note: `${read}: samples read and rolled up`,
        },
        {
          group,
          name: 'year at 1h, stored roll-ups, PostgreSQL',
          value: round3(pg.storedMs),
          unit: 'ms',
          note: `${read}: stored 1-hour roll-ups`,
        },
        {
          group,
          name: 'speed-up, PostgreSQL',
          value: round3(pg.rawMs / pg.storedMs),
          unit: '×',
          note: 'raw ÷ stored, same run',
        },
        {
          group,
          name: 'ingest with roll-ups, PostgreSQL',
          value: round3(pg.ingestRate),
          unit: 'samples/s',
          note: 'one point, append, flush a day of samples, fsync on',
        },
      );
    return figures;
  } finally {
    await cluster?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
