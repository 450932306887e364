// The stored roll-ups of the SQLite history (history/rollup-buckets.ts): one row per series and UTC hour with
// the hour's bucket and its minutes' buckets, recomputed from the chunk rows for the hours a flush or a merge
// touched, inside that flush's transaction, so that chunks and roll-ups always agree on disk. A database of
// an earlier version gets its roll-ups filled at the first open, series by series (each one transaction, so
// that an interrupted fill goes on where it stopped), with progress.

import type Database from 'better-sqlite3';
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

/** Samples gathered before a fill writes the hours they complete. */
const FILL_BATCH = 100_000;

export class SqliteHistoryRollups {
  private readonly chunksIn: Database.Statement;
  private readonly allChunks: Database.Statement;
  private readonly deleteHours: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly totals: Database.Statement;
  private readonly minutes: Database.Statement;
  private readonly pruneRows: Database.Statement;
  private readonly pruneChunks: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.chunksIn = db.prepare(
      'SELECT data FROM chunks WHERE series = ? AND end >= ? AND start < ? ORDER BY start',
    );
    this.allChunks = db.prepare(
      'SELECT start, data FROM chunks WHERE series = ? AND start > ? ORDER BY start LIMIT 256',
    );
    this.deleteHours = db.prepare('DELETE FROM rollups WHERE series = ? AND hour >= ? AND hour < ?');
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO rollups (series, hour, total, minutes) VALUES (?, ?, ?, ?)',
    );
    this.totals = db.prepare(
      'SELECT total FROM rollups WHERE series = ? AND hour >= ? AND hour < ? ORDER BY hour',
    );
    this.minutes = db.prepare(
      'SELECT minutes FROM rollups WHERE series = ? AND hour >= ? AND hour < ? ORDER BY hour',
    );
    this.pruneRows = db.prepare(
      'DELETE FROM rollups WHERE id IN (SELECT id FROM rollups WHERE hour < ? LIMIT ?)',
    );
    this.pruneChunks = db.prepare(
      'DELETE FROM chunks WHERE id IN (SELECT id FROM chunks WHERE end < ? LIMIT ?)',
    );
  }

  /** Recomputes the rows of `hours` of the series from its chunk rows (inside the caller's transaction). */
  recompute(series: number, hours: ReadonlySet<number>): void {
    for (const run of hourRuns(hours)) {
      const samples: Sample[] = [];
      for (const row of this.chunksIn.all(series, run.from, run.to) as Array<{ data: Uint8Array }>) {
        const { times, values } = decodeChunk(row.data);
        for (let i = 0; i < times.length; i++) {
          const t = times[i] as number;
          if (t >= run.from && t < run.to) samples.push({ t, v: values[i] as number });
        }
      }
      this.deleteHours.run(series, run.from, run.to);
      this.write(series, rollupRows(inTimeOrder(samples)));
    }
  }

  /** Replaces the rows of the hours [from, to) of the series by `rows` (inside the caller's transaction). */
  replace(series: number, from: number, to: number, rows: RollupRow[]): void {
    this.deleteHours.run(series, from, to);
    this.write(series, rows);
  }

  private write(series: number, rows: RollupRow[]): void {
    for (const r of rows) this.insert.run(series, r.hour, r.total, r.minutes);
  }

  /** The stored buckets of the level with from ≤ start < to, in time order. */
  read(series: number, level: RollupLevel, from: number, to: number): Bucket[] {
    if (level === 'hour') {
      const rows = this.totals.all(series, from, to) as Array<{ total: Uint8Array }>;
      return rows.flatMap((r) => unpackBuckets(r.total, HOUR_MS));
    }
    const rows = this.minutes.all(series, bucketStart(from, HOUR_MS), to) as Array<{ minutes: Uint8Array }>;
    return rows
      .flatMap((r) => unpackBuckets(r.minutes, MINUTE_MS))
      .filter((b) => b.start >= from && b.start < to);
  }

  /** Deletes at most `max` chunk rows that end before `before`; how many it deleted. */
  pruneSamples(before: number, max: number): number {
    return this.pruneChunks.run(before, max).changes;
  }

  /** Deletes at most `max` rows of hours that end at or before `before`; how many it deleted. */
  pruneRollups(before: number, max: number): number {
    return this.pruneRows.run(before - HOUR_MS + 1, max).changes;
  }

  /** Fills the roll-ups of the series still listed in `rollup_fill` (a database of an earlier version). */
  fill(progress: FillProgress): void {
    const waiting = this.db
      .prepare('SELECT series FROM rollup_fill ORDER BY series')
      .pluck()
      .all() as number[];
    const done = this.db.prepare('DELETE FROM rollup_fill WHERE series = ?');
    waiting.forEach((series, i) => {
      this.db.transaction(() => {
        this.fillSeries(series);
        done.run(series);
      })();
      progress(i + 1, waiting.length);
    });
  }

  /** Every hour of one series, chunk by chunk, writing the hours completed every `FILL_BATCH` samples. */
  private fillSeries(series: number): void {
    this.db.prepare('DELETE FROM rollups WHERE series = ?').run(series);
    let samples: Sample[] = [];
    let after = Number.NEGATIVE_INFINITY;
    for (;;) {
      // A page of chunks at a time: the connection writes between pages.
      const page = this.allChunks.all(series, after) as Array<{ start: number; data: Uint8Array }>;
      if (page.length === 0) break;
      after = (page.at(-1) as { start: number }).start;
      for (const row of page) {
        const { times, values } = decodeChunk(row.data);
        for (let i = 0; i < times.length; i++)
          samples.push({ t: times[i] as number, v: values[i] as number });
      }
      const last = samples.at(-1);
      if (samples.length < FILL_BATCH || last === undefined) continue;
      // Chunks never overlap: every sample of an hour before the last one's is here.
      const cut = bucketStart(last.t, HOUR_MS);
      const ready = samples.filter((s) => s.t < cut);
      samples = samples.filter((s) => s.t >= cut);
      this.writeRows(series, ready);
    }
    this.writeRows(series, samples);
  }

  private writeRows(series: number, samples: Sample[]): void {
    this.write(series, rollupRows(inTimeOrder(samples)));
  }
}
