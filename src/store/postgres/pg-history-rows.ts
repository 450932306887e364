// The statements of the PostgreSQL history, each a batch: series created together, chunk rows written with
// one multi-row `INSERT … SELECT * FROM unnest(…)` per slice of rows (never one statement per chunk), and
// samples of any age merged into the chunks that cover them with one read, one delete and batched inserts.
// Every function runs inside the caller's transaction.

import type pg from 'pg';
import { decodeChunk, encodeChunk } from '../history/codec/chunk.js';
import { mergeSamples, splitRuns } from '../history/sample-order.js';
import type { Sample } from '../store.js';

/** One row of `history_chunks`. */
export interface ChunkRow {
  series: number;
  start: number;
  end: number;
  count: number;
  data: Uint8Array;
}

export interface ChunkLimits {
  samples: number;
  spanMs: number;
}

/** Rows per INSERT statement: bounds the size of one statement's parameters (a few MB at most). */
export const ROWS_PER_STATEMENT = 5000;

/** The ids of the series named `keys`, created when missing (another writer may have created one meanwhile). */
export async function seriesIds(client: pg.ClientBase, keys: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (keys.length === 0) return ids;
  const { rows } = await client.query<{ id: number; key: string }>(
    `INSERT INTO history_series (key) SELECT * FROM unnest($1::text[])
     ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id, key`,
    [keys],
  );
  for (const row of rows) ids.set(row.key, row.id);
  return ids;
}

/** Writes chunk rows, replacing a row of the same series and start (the later of two such rows in `rows` wins). */
export async function upsertChunks(client: pg.ClientBase, rows: ChunkRow[]): Promise<void> {
  // One statement may not update a row twice: the last row of a (series, start) is the one to write.
  const last = new Map<string, number>();
  rows.forEach((r, i) => {
    last.set(`${r.series}:${r.start}`, i);
  });
  const unique =
    last.size === rows.length ? rows : rows.filter((r, i) => last.get(`${r.series}:${r.start}`) === i);
  for (let from = 0; from < unique.length; from += ROWS_PER_STATEMENT) {
    const slice = unique.slice(from, from + ROWS_PER_STATEMENT);
    await client.query(
      `INSERT INTO history_chunks (series, t_start, t_end, count, data)
       SELECT * FROM unnest($1::int4[], $2::float8[], $3::float8[], $4::int4[], $5::bytea[])
       ON CONFLICT (series, t_start) DO UPDATE
         SET t_end = excluded.t_end, count = excluded.count, data = excluded.data`,
      [
        slice.map((r) => r.series),
        slice.map((r) => r.start),
        slice.map((r) => r.end),
        slice.map((r) => r.count),
        slice.map((r) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      ],
    );
  }
}

/** The rows of `samples` cut into chunks by `limits`. */
function chunkRows(series: number, samples: Sample[], limits: ChunkLimits): ChunkRow[] {
  return splitRuns(samples, limits).map((run) => {
    const times = Float64Array.from(run, (s) => s.t);
    const values = Float64Array.from(run, (s) => s.v);
    return {
      series,
      start: times[0] as number,
      end: times[run.length - 1] as number,
      count: run.length,
      data: encodeChunk(times, values, run.length),
    };
  });
}

/**
 * Merges each series' `samples` (by time, one per time) into its chunk rows; they win over stored samples at
 * their time. As the SQLite engine's chunk-merge.ts: each sample belongs to the chunk with the greatest start
 * at or before it (one before every chunk starts its own runs), so re-encoded chunks stay within [their
 * start, the next chunk's start), chunks never overlap, and only the chunks a merge touches are read and written.
 */
export async function mergeIntoChunks(
  client: pg.ClientBase,
  merges: Array<{ series: number; samples: Sample[] }>,
  limits: ChunkLimits,
): Promise<void> {
  const wanted = merges.filter((m) => m.samples.length > 0);
  if (wanted.length === 0) return;
  const { rows } = await client.query<{ series: number; t_start: number; data: Buffer }>(
    `SELECT c.series, c.t_start, c.data
     FROM unnest($1::int4[], $2::float8[], $3::float8[]) AS w(series, first_t, last_t)
     JOIN history_chunks c ON c.series = w.series
       AND c.t_start >= COALESCE(
         (SELECT max(b.t_start) FROM history_chunks b WHERE b.series = w.series AND b.t_start <= w.first_t),
         w.first_t)
       AND c.t_start <= w.last_t
     ORDER BY c.series, c.t_start`,
    [
      wanted.map((m) => m.series),
      wanted.map((m) => (m.samples[0] as Sample).t),
      wanted.map((m) => (m.samples.at(-1) as Sample).t),
    ],
  );
  const stored = new Map<number, Array<{ start: number; data: Buffer }>>();
  for (const row of rows) {
    const list = stored.get(row.series) ?? [];
    if (list.length === 0) stored.set(row.series, list);
    list.push({ start: row.t_start, data: row.data });
  }
  const removed: Array<{ series: number; start: number }> = [];
  const written: ChunkRow[] = [];
  for (const { series, samples } of wanted) {
    const chunks = stored.get(series) ?? [];
    let i = 0;
    // Before every chunk: new runs of their own.
    const head: Sample[] = [];
    while (
      i < samples.length &&
      (chunks.length === 0 || (samples[i] as Sample).t < (chunks[0]?.start as number))
    )
      head.push(samples[i++] as Sample);
    written.push(...chunkRows(series, head, limits));
    chunks.forEach((chunk, k) => {
      const next = chunks[k + 1]?.start ?? Number.POSITIVE_INFINITY;
      const group: Sample[] = [];
      while (i < samples.length && (samples[i] as Sample).t < next) group.push(samples[i++] as Sample);
      if (group.length === 0) return;
      const decoded = decodeChunk(chunk.data);
      const old: Sample[] = [];
      for (let j = 0; j < decoded.times.length; j++)
        old.push({ t: decoded.times[j] as number, v: decoded.values[j] as number });
      removed.push({ series, start: chunk.start });
      written.push(...chunkRows(series, mergeSamples(old, group), limits));
    });
  }
  if (removed.length > 0) {
    await client.query(
      `DELETE FROM history_chunks c USING unnest($1::int4[], $2::float8[]) AS d(series, t_start)
       WHERE c.series = d.series AND c.t_start = d.t_start`,
      [removed.map((r) => r.series), removed.map((r) => r.start)],
    );
  }
  await upsertChunks(client, written);
}
