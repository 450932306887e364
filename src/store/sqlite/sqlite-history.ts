// History in SQLite as compressed chunks: each series (point) fills an in-memory chunk of up to
// `chunkSamples` samples or `chunkSpanMs` of time; a full chunk is encoded (Gorilla-style delta-of-delta
// times, XOR values) into one row. `flush` writes closed chunks and the open ones as they stand (a later
// flush replaces them). Between flushes, `journal` appends the samples buffered since the last journal, raw,
// as one row of the `pending` table; a flush empties that table in its transaction and a start replays it,
// so a crash loses only the samples since the last journal. Each flush also recomputes, in its transaction,
// the stored roll-ups of the hours it touched (sqlite-history-rollups.ts); retention deletes whole chunks.
//
// The chunks of a series never overlap, so a read in chunk order is in time order. A sample later than the
// series' last one is the fast path (pushed on the open chunk); one inside the open chunk is merged into it
// in place; an older one waits in the series' `late` samples (read overlays them) until the next flush
// re-encodes the chunks that cover it (see chunk-merge.ts). Every path keeps one value per time, the last
// written.

import type Database from 'better-sqlite3';
import { getOrCreate } from '../../util/maps.js';
import { JournalBuffer, OpenChunk, putLate, type SeriesBuffers } from '../history/buffers.js';
import { decodeChunk, encodeChunk } from '../history/codec/chunk.js';
import { openChunkRollups } from '../history/open-chunk-rollups.js';
import { type Bucket, hoursOf, type RollupLevel, type RollupRow } from '../history/rollup-buckets.js';
import { type FillProgress, fillProgressOnStderr } from '../history/rollup-fill-progress.js';
import { readRollups } from '../history/rollup-read.js';
import { overlaySamples, sortedSamples } from '../history/sample-order.js';
import type { HistoryStore, Sample } from '../store.js';
import { ChunkMerger } from './chunk-merge.js';
import { SqliteHistoryRollups } from './sqlite-history-rollups.js';

export interface SqliteHistoryOptions {
  /** Samples per chunk (default 1024). */
  chunkSamples?: number;
  /** Longest time a chunk spans, ms (default one hour). */
  chunkSpanMs?: number;
  /**
   * Told how far the filling of the roll-ups of a database of an earlier version has come, at its first open
   * (default: a line on stderr every 10% when there are 100 series or more).
   */
  onRollupFill?: FillProgress;
}

interface ClosedChunk {
  series: number;
  start: number;
  end: number;
  count: number;
  data: Uint8Array;
}

/**
 * A point's series: its id in the `series` table and its buffers (`last`: -Infinity for none, NaN until looked
 * up; a later sample takes the fast path).
 */
interface Series extends SeriesBuffers {
  id: number;
}

const newSeries = (id: number, last = Number.NEGATIVE_INFINITY): Series => ({
  id,
  chunk: new OpenChunk(),
  last,
  prevEnd: last,
  late: new Map(),
});

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
  private readonly merger: ChunkMerger;
  private readonly lastChunkEnd: Database.Statement;
  private readonly rollups: SqliteHistoryRollups;

  constructor(
    private readonly db: Database.Database,
    options: SqliteHistoryOptions = {},
  ) {
    this.chunkSamples = options.chunkSamples ?? 1024;
    this.chunkSpanMs = options.chunkSpanMs ?? 3_600_000;
    this.nextId = 1;
    for (const row of db.prepare('SELECT id, key FROM series').all() as Array<{ id: number; key: string }>) {
      // Its latest time is looked up at its first sample (one indexed row), not here: a start reads no chunk.
      this.series.set(row.key, newSeries(row.id, Number.NaN));
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
    this.merger = new ChunkMerger(db);
    this.lastChunkEnd = db.prepare('SELECT end FROM chunks WHERE series = ? ORDER BY start DESC LIMIT 1');
    this.rollups = new SqliteHistoryRollups(db);
    this.rollups.fill(options.onRollupFill ?? fillProgressOnStderr);
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
        if (series) this.ingest(series, triplets[i + 1] as number, triplets[i + 2] as number);
      }
    }
  }

  private seriesOf(key: string): Series {
    let series = this.series.get(key);
    if (!series) {
      series = newSeries(this.nextId++);
      this.series.set(key, series);
      this.newSeries.push({ id: series.id, key });
    }
    return series;
  }

  append(key: string, t: number, v: number): void {
    const series = this.seriesOf(key);
    const ms = Math.round(t);
    this.ingest(series, ms, v);
    this.unjournaled.push(series.id, ms, v);
  }

  /** Adds a sample (t in whole ms): on the open chunk, closing it first when full; into it; or as late. */
  private ingest(series: Series, t: number, v: number): void {
    const chunk = series.chunk;
    if (Number.isNaN(series.last)) series.last = series.prevEnd = this.storedLast(series.id);
    if (t > series.last) {
      series.last = t;
      if (
        chunk.n >= this.chunkSamples ||
        (chunk.n > 0 && t - (chunk.times[0] as number) >= this.chunkSpanMs)
      ) {
        this.closedChunks.push(this.encode(series.id, chunk));
        series.prevEnd = chunk.times[chunk.n - 1] as number;
        chunk.n = 0;
      }
      chunk.push(t, v);
    } else if (chunk.n > 0 && t >= (chunk.times[0] as number)) {
      chunk.insert(t, v);
    } else {
      series.late.set(t, v);
    }
  }

  /**
   * Seals each point's open chunk (closed as it stands), so every merged sample is late: one flush re-encodes
   * the chunks that cover them in its one transaction. A flush that fails leaves the series as they were
   * (live samples kept).
   */
  async merge(writes: ReadonlyArray<{ key: string; samples: Sample[] }>): Promise<void> {
    const undo: Array<() => void> = [];
    for (const { key, samples } of writes) {
      if (samples.length > 0) undo.push(this.mergeLate(this.seriesOf(key), samples));
    }
    if (undo.length === 0) return;
    try {
      await this.flush();
    } catch (err) {
      for (const u of undo) u();
      throw err;
    }
  }

  /**
   * The end of the series' last chunk: its latest stored time, chunks never overlapping. A database opened
   * unchecked may be damaged here: the series then counts as empty, and the flush reports the damage.
   */
  private storedLast(series: number): number {
    try {
      const row = this.lastChunkEnd.get(series) as { end: number } | undefined;
      return row?.end ?? Number.NEGATIVE_INFINITY;
    } catch {
      return Number.NEGATIVE_INFINITY;
    }
  }

  /** Puts `samples` in the series' late samples; returns what takes them out again. */
  private mergeLate(series: Series, samples: Sample[]): () => void {
    const chunk = series.chunk;
    if (Number.isNaN(series.last)) series.last = series.prevEnd = this.storedLast(series.id);
    if (chunk.n > 0) {
      this.closedChunks.push(this.encode(series.id, chunk));
      series.prevEnd = chunk.times[chunk.n - 1] as number;
      chunk.n = 0;
      chunk.dirty = false;
    }
    return putLate(series, samples);
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
    const dirty: OpenChunk[] = [];
    const late: Series[] = [];
    // Open chunks whose hours hold no other sample: their roll-ups from memory (open-chunk-rollups.ts).
    const fresh: Array<{ series: number; from: number; to: number; rows: RollupRow[] }> = [];
    const fromMemory = new Set<OpenChunk>();
    for (const series of this.series.values()) {
      const { id, chunk } = series;
      if (chunk.dirty && chunk.n > 0) {
        partial.push(this.encode(id, chunk));
        dirty.push(chunk);
        chunk.dirty = false;
        const rollups = openChunkRollups(series, chunk);
        if (rollups) {
          fresh.push({ series: id, ...rollups });
          fromMemory.add(chunk);
        }
      }
      if (series.late.size > 0) late.push(series);
    }
    // The hours whose roll-ups this flush changes, by series.
    const touched = new Map<number, Set<number>>();
    const touch = (series: number) => getOrCreate(touched, series, () => new Set<number>());
    for (const c of closed) hoursOf(c.start, c.end, touch(c.series));
    partial.forEach((c, i) => {
      if (!fromMemory.has(dirty[i] as OpenChunk)) hoursOf(c.start, c.end, touch(c.series));
    });
    for (const series of late) for (const t of series.late.keys()) hoursOf(t, t, touch(series.id));
    try {
      this.db.transaction(() => {
        for (const s of created) this.insertSeries.run(s.id, s.key);
        for (const c of closed) this.upsertChunk.run(c.series, c.start, c.end, c.count, c.data);
        for (const c of partial) this.upsertChunk.run(c.series, c.start, c.end, c.count, c.data);
        for (const series of late) this.merger.merge(series.id, sortedSamples(series.late), this.limits);
        for (const [series, hours] of touched) this.rollups.recompute(series, hours);
        for (const f of fresh) this.rollups.replace(f.series, f.from, f.to, f.rows);
        this.clearPending.run(); // every journaled sample is in a chunk now
      })();
      this.unjournaled.n = 0;
      for (const series of late) series.late = new Map();
      return Promise.resolve();
    } catch (err) {
      // Nothing was written: keep everything for the next flush.
      this.newSeries = [...created, ...this.newSeries];
      this.closedChunks = [...closed, ...this.closedChunks];
      for (const chunk of dirty) chunk.dirty = true;
      return Promise.reject(err);
    }
  }

  private get limits() {
    return { samples: this.chunkSamples, spanMs: this.chunkSpanMs };
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
    // In time order even from a database whose chunks overlap (written before chunks were merged).
    return Promise.resolve(overlaySamples(out, found.late, from, to));
  }

  readRollups(key: string, level: RollupLevel, from: number, to: number): Promise<Bucket[]> {
    const found = this.series.get(key);
    if (found === undefined) return Promise.resolve([]);
    // The open chunk (flushed or not), chunks closed since the flush and late samples: not in the roll-ups yet.
    let unflushedFrom = found.chunk.n > 0 ? (found.chunk.times[0] as number) : Number.POSITIVE_INFINITY;
    for (const c of this.closedChunks)
      if (c.series === found.id) unflushedFrom = Math.min(unflushedFrom, c.start);
    for (const t of found.late.keys()) unflushedFrom = Math.min(unflushedFrom, t);
    return readRollups(level, from, to, {
      unflushedFrom,
      stored: (a, b) => Promise.resolve(this.rollups.read(found.id, level, a, b)),
      samples: (a, b) => this.read(key, a, b),
    });
  }

  pruneSamples(before: number, max: number): Promise<number> {
    return Promise.resolve(this.rollups.pruneSamples(before, max));
  }

  pruneRollups(before: number, max: number): Promise<number> {
    return Promise.resolve(this.rollups.pruneRollups(before, max));
  }

  /** Online copy of the history database into `file`. */
  backup(file: string): Promise<unknown> {
    return this.db.backup(file);
  }

  close(): void {
    this.db.close();
  }
}
