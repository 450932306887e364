// History in SQLite as compressed chunks: each series (point) fills an in-memory chunk of up to
// `chunkSamples` samples or `chunkSpanMs` of time; a full chunk is encoded (Gorilla-style delta-of-delta
// times, XOR values) into one row. `flush` writes closed chunks and the open ones as they stand (a later
// flush replaces them). Between flushes, `journal` appends the samples buffered since the last journal, raw,
// as one row of the `pending` table; a flush empties that table in its transaction and a start replays it,
// so a crash loses only the samples since the last journal. Retention and roll-ups work on whole chunks
// (delete or summarise rows by `end`), which this layout keeps cheap.

import type Database from 'better-sqlite3';
import { decodeChunk, encodeChunk } from '../history/codec/chunk.js';
import type { HistoryStore, Sample } from '../store.js';

export interface SqliteHistoryOptions {
  /** Samples per chunk (default 1024). */
  chunkSamples?: number;
  /** Longest time a chunk spans, ms (default one hour). */
  chunkSpanMs?: number;
}

/** The chunk a series is filling: arrays that start small and double up to the chunk size. */
class OpenChunk {
  times = new Float64Array(16);
  values = new Float64Array(16);
  n = 0;
  /** Samples already written as a partial row by a flush. */
  flushed = 0;

  push(t: number, v: number): void {
    if (this.n === this.times.length) {
      const times = new Float64Array(this.n * 2);
      const values = new Float64Array(this.n * 2);
      times.set(this.times);
      values.set(this.values);
      this.times = times;
      this.values = values;
    }
    this.times[this.n] = t;
    this.values[this.n] = v;
    this.n++;
  }
}

interface ClosedChunk {
  series: number;
  start: number;
  end: number;
  count: number;
  data: Uint8Array;
}

/** Samples not yet journaled, as (series, t, v) triplets in one growing array: the row `journal` writes. */
class JournalBuffer {
  data = new Float64Array(3 * 256);
  n = 0;

  push(series: number, t: number, v: number): void {
    if (this.n + 3 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.n++] = series;
    this.data[this.n++] = t;
    this.data[this.n++] = v;
  }

  /** The buffered triplets as bytes (a copy). */
  bytes(): Uint8Array {
    return new Uint8Array(this.data.buffer.slice(0, this.n * 8));
  }
}

/** A point's series: its id in the `series` table and the chunk being filled. */
interface Series {
  id: number;
  chunk: OpenChunk;
}

export class SqliteHistory implements HistoryStore {
  private readonly series = new Map<string, Series>();
  /** Series created since the last flush: their rows are inserted by the flush, with the chunks. */
  private newSeries: Array<{ id: number; key: string }> = [];
  private nextId: number;
  private closedChunks: ClosedChunk[] = [];
  private readonly chunkSamples: number;
  private readonly chunkSpanMs: number;
  private readonly upsertChunk: Database.Statement;
  private readonly insertSeries: Database.Statement;
  private readonly selectChunks: Database.Statement;
  private readonly insertPending: Database.Statement;
  private readonly clearPending: Database.Statement;
  private unjournaled = new JournalBuffer();

  constructor(
    private readonly db: Database.Database,
    options: SqliteHistoryOptions = {},
  ) {
    this.chunkSamples = options.chunkSamples ?? 1024;
    this.chunkSpanMs = options.chunkSpanMs ?? 3_600_000;
    this.nextId = 1;
    for (const row of db.prepare('SELECT id, key FROM series').all() as Array<{ id: number; key: string }>) {
      this.series.set(row.key, { id: row.id, chunk: new OpenChunk() });
      this.nextId = Math.max(this.nextId, row.id + 1);
    }
    this.insertSeries = db.prepare('INSERT INTO series (id, key) VALUES (?, ?)');
    this.upsertChunk = db.prepare(
      'INSERT OR REPLACE INTO chunks (series, start, end, count, data) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectChunks = db.prepare(
      'SELECT start, data FROM chunks WHERE series = ? AND end >= ? AND start < ? ORDER BY start',
    );
    this.insertPending = db.prepare('INSERT INTO pending (data) VALUES (?)');
    this.clearPending = db.prepare('DELETE FROM pending');
    this.replayPending();
  }

  /** Puts the journaled samples of a process that did not flush them back into the open chunks. */
  private replayPending(): void {
    const byId = new Map<number, Series>();
    for (const series of this.series.values()) byId.set(series.id, series);
    const rows = this.db.prepare('SELECT data FROM pending ORDER BY id').all() as Array<{ data: Buffer }>;
    for (const { data } of rows) {
      // A copy: the blob's bytes need not be aligned for a Float64Array view.
      const triplets = new Float64Array(new Uint8Array(data).buffer);
      for (let i = 0; i + 2 < triplets.length; i += 3) {
        const series = byId.get(triplets[i] as number);
        // Already in the `pending` table: not journaled again, and the next flush clears them.
        if (series) this.appendTo(series, triplets[i + 1] as number, triplets[i + 2] as number);
      }
    }
  }

  append(key: string, t: number, v: number): boolean {
    let series = this.series.get(key);
    if (!series) {
      series = { id: this.nextId++, chunk: new OpenChunk() };
      this.series.set(key, series);
      this.newSeries.push({ id: series.id, key });
    }
    if (!this.appendTo(series, t, v)) return false;
    this.unjournaled.push(series.id, Math.round(t), v);
    return true;
  }

  /** Adds a sample to the series' open chunk, closing it first when full; false when out of order. */
  private appendTo(series: Series, t: number, v: number): boolean {
    const chunk = series.chunk;
    if (chunk.n > 0) {
      const last = chunk.times[chunk.n - 1] as number;
      if (t < last) return false; // out of order: history is append-only per series
      if (chunk.n === this.chunkSamples || t - (chunk.times[0] as number) >= this.chunkSpanMs) {
        this.closedChunks.push(this.encode(series.id, chunk));
        chunk.n = 0;
        chunk.flushed = 0;
      }
    }
    chunk.push(Math.round(t), v);
    return true;
  }

  private encode(series: number, chunk: OpenChunk): ClosedChunk {
    const data = encodeChunk(chunk.times, chunk.values, chunk.n);
    return {
      series,
      start: chunk.times[0] as number,
      end: chunk.times[chunk.n - 1] as number,
      count: chunk.n,
      data,
    };
  }

  journal(): Promise<void> {
    if (this.unjournaled.n === 0 && this.newSeries.length === 0) return Promise.resolve();
    const created = this.newSeries;
    const bytes = this.unjournaled.bytes();
    try {
      this.db.transaction(() => {
        for (const s of created) this.insertSeries.run(s.id, s.key);
        if (bytes.length > 0) this.insertPending.run(bytes);
      })();
    } catch (err) {
      return Promise.reject(err); // nothing was written: all of it stays for the next journal or flush
    }
    // Synchronous since the copy: nothing was appended meanwhile.
    this.newSeries = [];
    this.unjournaled.n = 0;
    return Promise.resolve();
  }

  flush(): Promise<void> {
    const closed = this.closedChunks;
    this.closedChunks = [];
    const created = this.newSeries;
    this.newSeries = [];
    const partial: ClosedChunk[] = [];
    const flushedBefore = new Map<OpenChunk, number>();
    for (const { id, chunk } of this.series.values()) {
      if (chunk.n > chunk.flushed) {
        partial.push(this.encode(id, chunk));
        flushedBefore.set(chunk, chunk.flushed);
        chunk.flushed = chunk.n;
      }
    }
    try {
      this.db.transaction(() => {
        for (const s of created) this.insertSeries.run(s.id, s.key);
        for (const c of closed) this.upsertChunk.run(c.series, c.start, c.end, c.count, c.data);
        for (const c of partial) this.upsertChunk.run(c.series, c.start, c.end, c.count, c.data);
        this.clearPending.run(); // every journaled sample is in a chunk now
      })();
      this.unjournaled.n = 0;
      return Promise.resolve();
    } catch (err) {
      // Nothing was written: keep everything for the next flush.
      this.newSeries = [...created, ...this.newSeries];
      this.closedChunks = [...closed, ...this.closedChunks];
      for (const [chunk, flushed] of flushedBefore) chunk.flushed = flushed;
      return Promise.reject(err);
    }
  }

  read(key: string, from: number, to: number): Promise<Sample[]> {
    const found = this.series.get(key);
    if (found === undefined) return Promise.resolve([]);
    const series = found.id;
    const open = found.chunk;
    const openStart = open && open.n > 0 ? (open.times[0] as number) : null;
    // Chunks still in memory replace any row with the same start (an earlier partial flush).
    const inMemory = this.closedChunks.filter((c) => c.series === series);
    const skip = new Set<number>([
      ...inMemory.map((c) => c.start),
      ...(openStart === null ? [] : [openStart]),
    ]);
    const rows = this.selectChunks.all(series, from, to) as Array<{ start: number; data: Uint8Array }>;
    const out: Sample[] = [];
    const take = (times: ArrayLike<number>, values: ArrayLike<number>, n: number) => {
      for (let i = 0; i < n; i++) {
        const t = times[i] as number;
        if (t >= from && t < to) out.push({ t, v: values[i] as number });
      }
    };
    const decoded = [
      ...rows.filter((r) => !skip.has(r.start)).map((r) => ({ start: r.start, ...decodeChunk(r.data) })),
      ...inMemory.map((c) => ({ start: c.start, ...decodeChunk(c.data) })),
    ].sort((a, b) => a.start - b.start);
    for (const d of decoded) take(d.times, d.values, d.times.length);
    if (open && open.n > 0) take(open.times, open.values, open.n);
    return Promise.resolve(out);
  }

  /** Online copy of the history database into `file`. */
  backup(file: string): Promise<unknown> {
    return this.db.backup(file);
  }

  close(): void {
    this.db.close();
  }
}
