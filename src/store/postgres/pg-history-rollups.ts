// The stored roll-ups of the PostgreSQL history, as the SQLite engine keeps them (sqlite-history-rollups.ts):
// one `history_rollups` row per series and UTC hour, recomputed from the chunk rows for the hours a flush
// touched, in that flush's transaction, with one read, one delete and batched inserts for all series.
// Retention deletes in batches that skip rows another transaction holds, so that nodes sharing the database
// may all run it: a batch deletes only what is past retention, whoever deletes it first.

import type pg from 'pg';
import { decodeChunk } from '../history/codec/chunk.js';
import {
  type Bucket,
  bucketStart,
  HOUR_MS,
  hourRuns,
  MINUTE_MS,
  type RollupLevel,
  type RollupRow,
  rollupRows,
  unpackBuckets,
} from '../history/rollup-buckets.js';
import type { FillProgress } from '../history/rollup-fill-progress.js';
import { inTimeOrder } from '../history/sample-order.js';
import type { Sample } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import { ROWS_PER_STATEMENT } from './pg-history-rows.js';

const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * Recomputes the roll-ups of the touched hours of each series from its chunk rows, and replaces those of the
 * `fresh` hours [from, to) by the rows computed in memory (in the caller's transaction).
 */
export async function recomputeRollups(
  client: pg.ClientBase,
  touched: ReadonlyMap<number, ReadonlySet<number>>,
  fresh: ReadonlyArray<{ series: number; from: number; to: number; rows: RollupRow[] }> = [],
): Promise<void> {
  const runs: Array<{ series: number; from: number; to: number }> = [];
  for (const [series, hours] of touched) for (const run of hourRuns(hours)) runs.push({ series, ...run });
  if (runs.length + fresh.length === 0) return;
  const ranges = [...runs, ...fresh];
  const args = [runs.map((r) => r.series), runs.map((r) => r.from), runs.map((r) => r.to)];
  const { rows } =
    runs.length === 0
      ? { rows: [] }
      : await client.query<{ i: number; data: Buffer }>(
          `SELECT r.i::int4 AS i, c.data
     FROM unnest($1::int4[], $2::float8[], $3::float8[]) WITH ORDINALITY AS r(series, t_from, t_to, i)
     JOIN history_chunks c ON c.series = r.series AND c.t_end >= r.t_from AND c.t_start < r.t_to
     ORDER BY r.i, c.t_start`,
          args,
        );
  const samples = runs.map(() => [] as Sample[]);
  for (const row of rows) {
    const run = runs[row.i - 1] as { from: number; to: number };
    const into = samples[row.i - 1] as Sample[];
    const { times, values } = decodeChunk(row.data);
    for (let j = 0; j < times.length; j++) {
      const t = times[j] as number;
      if (t >= run.from && t < run.to) into.push({ t, v: values[j] as number });
    }
  }
  await client.query(
    `DELETE FROM history_rollups r USING unnest($1::int4[], $2::float8[], $3::float8[]) AS d(series, t_from, t_to)
     WHERE r.series = d.series AND r.hour >= d.t_from AND r.hour < d.t_to`,
    [ranges.map((r) => r.series), ranges.map((r) => r.from), ranges.map((r) => r.to)],
  );
  const written: Array<RollupRow & { series: number }> = [];
  for (const f of fresh) for (const row of f.rows) written.push({ series: f.series, ...row });
  runs.forEach((run, k) => {
    for (const row of rollupRows(inTimeOrder(samples[k] as Sample[])))
      written.push({ series: run.series, ...row });
  });
  await insertRollups(client, written);
}

async function insertRollups(
  client: pg.ClientBase,
  rows: Array<RollupRow & { series: number }>,
): Promise<void> {
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const slice = rows.slice(from, from + ROWS_PER_STATEMENT);
    await client.query(
      `INSERT INTO history_rollups (series, hour, total, minutes)
       SELECT * FROM unnest($1::int4[], $2::float8[], $3::bytea[], $4::bytea[])
       ON CONFLICT (series, hour) DO UPDATE SET total = excluded.total, minutes = excluded.minutes`,
      [
        slice.map((r) => r.series),
        slice.map((r) => r.hour),
        slice.map((r) => bytes(r.total)),
        slice.map((r) => bytes(r.minutes)),
      ],
    );
  }
}

/** The stored buckets of the level with from ≤ start < to, in time order. */
export async function readStoredRollups(
  db: PgDatabase,
  series: number,
  level: RollupLevel,
  from: number,
  to: number,
): Promise<Bucket[]> {
  if (level === 'hour') {
    const { rows } = await db.query<{ total: Buffer }>(
      'SELECT total FROM history_rollups WHERE series = $1 AND hour >= $2 AND hour < $3 ORDER BY hour',
      [series, from, to],
    );
    return rows.flatMap((r) => unpackBuckets(r.total, HOUR_MS));
  }
  const { rows } = await db.query<{ minutes: Buffer }>(
    'SELECT minutes FROM history_rollups WHERE series = $1 AND hour >= $2 AND hour < $3 ORDER BY hour',
    [series, bucketStart(from, HOUR_MS), to],
  );
  return rows
    .flatMap((r) => unpackBuckets(r.minutes, MINUTE_MS))
    .filter((b) => b.start >= from && b.start < to);
}

/** Deletes at most `max` chunk rows that end before `before` (rows another transaction holds are skipped). */
export async function pruneChunks(db: PgDatabase, before: number, max: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM history_chunks WHERE (series, t_start) IN (
       SELECT series, t_start FROM history_chunks WHERE t_end < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [before, max],
    true,
  );
  return rowCount ?? 0;
}

/** Deletes at most `max` roll-up rows of hours that end at or before `before`. */
export async function pruneRollupRows(db: PgDatabase, before: number, max: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM history_rollups WHERE (series, hour) IN (
       SELECT series, hour FROM history_rollups WHERE hour <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [before - HOUR_MS, max],
    true,
  );
  return rowCount ?? 0;
}

/**
 * Fills the roll-ups of the series still listed in `history_rollup_fill` (a database of an earlier version),
 * each in one transaction that takes its series off the list: nodes opening the database together share the
 * work, and an interrupted fill goes on where it stopped.
 */
export async function fillRollups(db: PgDatabase, progress: FillProgress): Promise<void> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int4 AS n FROM history_rollup_fill');
  const total = rows[0]?.n ?? 0;
  for (let done = 0; done < total; ) {
    const filled = await db.transaction(async (client) => {
      const claimed = await client.query<{ series: number }>(
        `DELETE FROM history_rollup_fill WHERE series = (
           SELECT series FROM history_rollup_fill ORDER BY series LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING series`,
      );
      const series = claimed.rows[0]?.series;
      if (series === undefined) return false;
      await fillSeries(client, series);
      return true;
    });
    if (!filled) break;
    progress(++done, total);
  }
}

/** Every hour of one series, a page of chunks at a time. */
async function fillSeries(client: pg.ClientBase, series: number): Promise<void> {
  await client.query('DELETE FROM history_rollups WHERE series = $1', [series]);
  let samples: Sample[] = [];
  let after = Number.NEGATIVE_INFINITY;
  for (;;) {
    const page = await client.query<{ t_start: number; data: Buffer }>(
      `SELECT t_start, data FROM history_chunks WHERE series = $1 AND t_start > $2
       ORDER BY t_start LIMIT 256`,
      [series, after],
    );
    if (page.rows.length === 0) break;
    after = (page.rows.at(-1) as { t_start: number }).t_start;
    for (const row of page.rows) {
      const { times, values } = decodeChunk(row.data);
      for (let i = 0; i < times.length; i++) samples.push({ t: times[i] as number, v: values[i] as number });
    }
    const last = samples.at(-1);
    if (last === undefined) continue;
    // Chunks never overlap: every sample of an hour before the last one's is here.
    const cut = bucketStart(last.t, HOUR_MS);
    const ready = samples.filter((s) => s.t < cut);
    samples = samples.filter((s) => s.t >= cut);
    await insertRollups(
      client,
      rollupRows(inTimeOrder(ready)).map((r) => ({ series, ...r })),
    );
  }
  await insertRollups(
    client,
    rollupRows(inTimeOrder(samples)).map((r) => ({ series, ...r })),
  );
}
