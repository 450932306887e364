// Merging samples of any age into a series' chunk rows, inside the caller's transaction. A chunk is
// immutable once encoded, so a sample that falls in one means decoding it, merging and encoding it again.
// Each sample belongs to the chunk with the greatest start at or before it (one before every chunk starts
// its own runs), so re-encoded chunks stay within [their start, the next chunk's start): chunks never
// overlap and only the chunks a merge touches are read and written.

import type Database from 'better-sqlite3';
import { decodeChunk, encodeChunk } from '../history/codec/chunk.js';
import { mergeSamples, splitRuns } from '../history/sample-order.js';
import type { Sample } from '../store.js';

export interface ChunkLimits {
  samples: number;
  spanMs: number;
}

export class ChunkMerger {
  private readonly before: Database.Statement;
  private readonly starts: Database.Statement;
  private readonly data: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(db: Database.Database) {
    this.before = db.prepare(
      'SELECT start FROM chunks WHERE series = ? AND start <= ? ORDER BY start DESC LIMIT 1',
    );
    this.starts = db.prepare(
      'SELECT start FROM chunks WHERE series = ? AND start >= ? AND start <= ? ORDER BY start',
    );
    this.data = db.prepare('SELECT data FROM chunks WHERE series = ? AND start = ?');
    this.remove = db.prepare('DELETE FROM chunks WHERE series = ? AND start = ?');
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO chunks (series, start, end, count, data) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Merges `samples` (by time, one per time) into the series' rows; they win over stored samples at their time. */
  merge(series: number, samples: Sample[], limits: ChunkLimits): void {
    const first = samples[0];
    const last = samples.at(-1);
    if (first === undefined || last === undefined) return;
    const from = (this.before.get(series, first.t) as { start: number } | undefined)?.start ?? first.t;
    const starts = (this.starts.all(series, from, last.t) as Array<{ start: number }>).map((r) => r.start);
    let i = 0;
    // Before every chunk: new runs of their own.
    const head: Sample[] = [];
    while (i < samples.length && (starts.length === 0 || (samples[i] as Sample).t < (starts[0] as number)))
      head.push(samples[i++] as Sample);
    this.write(series, head, limits);
    starts.forEach((start, k) => {
      const next = starts[k + 1] ?? Number.POSITIVE_INFINITY;
      const group: Sample[] = [];
      while (i < samples.length && (samples[i] as Sample).t < next) group.push(samples[i++] as Sample);
      if (group.length === 0) return;
      const row = this.data.get(series, start) as { data: Uint8Array };
      const stored = decodeChunk(row.data);
      const old: Sample[] = [];
      for (let j = 0; j < stored.times.length; j++)
        old.push({ t: stored.times[j] as number, v: stored.values[j] as number });
      this.remove.run(series, start);
      this.write(series, mergeSamples(old, group), limits);
    });
  }

  private write(series: number, samples: Sample[], limits: ChunkLimits): void {
    for (const run of splitRuns(samples, limits)) {
      const times = Float64Array.from(run, (s) => s.t);
      const values = Float64Array.from(run, (s) => s.v);
      const start = times[0] as number;
      this.insert.run(
        series,
        start,
        times[run.length - 1],
        run.length,
        encodeChunk(times, values, run.length),
      );
    }
  }
}
