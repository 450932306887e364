// History in PostgreSQL as the SQLite engine keeps it (sqlite-history.ts): each series (point) fills an
// in-memory chunk of up to `chunkSamples` samples or `chunkSpanMs` of time, encoded by the same codec into one
// `bytea` row of `history_chunks`. `append` touches no database; `flush` writes the closed chunks and the
// open ones as they stand in one transaction, in batches (pg-history-rows.ts); `journal` appends the samples
// buffered since the last journal, raw, as one row of `history_pending`, which the flush empties in its
// transaction and a start replays, so a crash loses only the samples since the last journal. The flush also
// recomputes the stored roll-ups of the hours it touched in its transaction (pg-history-rollups.ts).
//
// The chunks of a series never overlap. A sample later than the series' last one is the fast path (pushed on
// the open chunk); one inside the open chunk is merged into it in place; an older one waits in the series'
// `late` samples (read overlays them) until the next flush re-encodes the chunks that cover it. Every path
// keeps one value per time, the last written. Every series' latest stored time is read at the start, so that
// `append` stays synchronous.
//
// Unlike SQLite's synchronous calls, PostgreSQL's are awaited while appends go on: flushes and journals run
// one at a time, each takes what it writes when it starts and keeps it readable until it commits (reads see
// it meanwhile), and gives it back to the buffers when it fails, so nothing buffered is lost.

import { getOrCreate } from '../../util/maps.js';
import { JournalBuffer, OpenChunk, putLate, type SeriesBuffers } from '../history/buffers.js';
import { decodeChunk, encodeChunk } from '../history/codec/chunk.js';
import { openChunkRollups } from '../history/open-chunk-rollups.js';
import { type Bucket, hoursOf, type RollupLevel, type RollupRow } from '../history/rollup-buckets.js';
import { type FillProgress, fillProgressOnStderr } from '../history/rollup-fill-progress.js';
import { readRollups } from '../history/rollup-read.js';
import { overlaySamples, sortedSamples } from '../history/sample-order.js';
import type { HistoryStore, Sample } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import {
  fillRollups,
  pruneChunks,
  pruneRollupRows,
  readStoredRollups,
  recomputeRollups,
} from './pg-history-rollups.js';
import { type ChunkRow, mergeIntoChunks, seriesIds, upsertChunks } from './pg-history-rows.js';
import { HISTORY_PART, HISTORY_PG_MIGRATIONS } from './pg-history-schema.js';
import { migrateDatabase } from './pg-migrations.js';

export interface PgHistoryOptions {
  /** Samples per chunk (default 1024). */
  chunkSamples?: number;
  /** Longest time a chunk spans, ms (default one hour). */
  chunkSpanMs?: number;
  /**
   * Whose journal this is (a node's name; default ''): a start replays, and a flush empties, only the
   * journal rows of its writer, so that nodes sharing a database keep their journals apart.
   */
  writer?: string;
  /**
   * Told how far the filling of the roll-ups of a database of an earlier version has come, at the first open
   * (default: a line on stderr every 10% when there are 100 series or more).
   */
  onRollupFill?: FillProgress;
}

/** A point's series: its id in `history_series` once saved, the chunk being filled, and what is older than it. */
/** A series' buffers (`last`: -Infinity for none; a later sample takes the fast path), and its ids. */
interface Series extends SeriesBuffers {
  key: string;
  /** Its place in `byOrdinal`: what the journal buffer holds until the series has a database id. */
  ordinal: number;
  id: number | undefined;
  /** The late samples a running flush is writing: still read until it commits, given back if it fails. */
  lateInFlight: Map<number, number> | null;
}

/** A chunk closed in memory, not yet committed. */
interface ClosedChunk {
  series: Series;
  start: number;
  end: number;
  count: number;
  data: Uint8Array;
}

/** A flush not started yet: later flushes and merges join it; merges' undos run if it fails. */
interface QueuedFlush {
  promise: Promise<void>;
  undos: Array<() => void>;
}

export class PgHistory implements HistoryStore {
  private readonly series = new Map<string, Series>();
  private readonly byOrdinal: Series[] = [];
  /** Series without a database id yet: the next journal or flush creates their rows. */
  private unsaved: Series[] = [];
  private closedChunks: ClosedChunk[] = [];
  private unjournaled = new JournalBuffer();
  /** Journal rows of this writer may exist that no flush has emptied yet. */
  private journaledSinceFlush = false;
  private readonly chunkSamples: number;
  private readonly chunkSpanMs: number;
  private readonly writer: string;
  /** The end of the last write started: flushes and journals run one after the other. */
  private tail: Promise<unknown> = Promise.resolve();
  private queuedFlush: QueuedFlush | null = null;

  private constructor(
    private readonly db: PgDatabase,
    options: PgHistoryOptions,
  ) {
    this.chunkSamples = options.chunkSamples ?? 1024;
    this.chunkSpanMs = options.chunkSpanMs ?? 3_600_000;
    this.writer = options.writer ?? '';
  }

  /** Migrates the `history` part of the schema, loads the series and replays this writer's journal. */
  static async open(db: PgDatabase, options: PgHistoryOptions = {}): Promise<PgHistory> {
    await PgHistory.migrate(db);
    await fillRollups(db, options.onRollupFill ?? fillProgressOnStderr);
    const history = new PgHistory(db, options);
    await history.load();
    return history;
  }

  /** Runs the `history` part's migrations. */
  static migrate(db: PgDatabase): Promise<void> {
    return migrateDatabase(db, HISTORY_PART, HISTORY_PG_MIGRATIONS);
  }

  /** Every series with its latest stored time (the end of its last chunk), then the journal replayed. */
  private async load(): Promise<void> {
    const { rows } = await this.db.query<{ id: number; key: string; last: number | null }>(
      `SELECT s.id, s.key, c.t_end AS last FROM history_series s
       LEFT JOIN LATERAL (
         SELECT t_end FROM history_chunks WHERE series = s.id ORDER BY t_start DESC LIMIT 1
       ) c ON true`,
    );
    const byId = new Map<number, Series>();
    for (const row of rows) {
      const series = this.addSeries(row.key, row.id, row.last ?? Number.NEGATIVE_INFINITY);
      byId.set(row.id, series);
    }
    const pending = await this.db.query<{ data: Buffer }>(
      'SELECT data FROM history_pending WHERE writer = $1 ORDER BY id',
      [this.writer],
    );
    for (const { data } of pending.rows) {
      // A copy: the bytes need not be aligned for a Float64Array view.
      const triplets = new Float64Array(new Uint8Array(data).buffer);
      for (let i = 0; i + 2 < triplets.length; i += 3) {
        const series = byId.get(triplets[i] as number);
        // Already journaled: not journaled again; the next flush deletes the rows.
        if (series) this.ingest(series, triplets[i + 1] as number, triplets[i + 2] as number);
      }
    }
    this.journaledSinceFlush = pending.rows.length > 0;
  }

  private addSeries(key: string, id: number | undefined, last: number): Series {
    const series: Series = {
      key,
      ordinal: this.byOrdinal.length,
      id,
      chunk: new OpenChunk(),
      last,
      prevEnd: last,
      late: new Map(),
      lateInFlight: null,
    };
    this.series.set(key, series);
    this.byOrdinal.push(series);
    if (id === undefined) this.unsaved.push(series);
    return series;
  }

  private seriesOf(key: string): Series {
    return this.series.get(key) ?? this.addSeries(key, undefined, Number.NEGATIVE_INFINITY);
  }

  append(key: string, t: number, v: number): void {
    const series = this.seriesOf(key);
    const ms = Math.round(t);
    this.ingest(series, ms, v);
    this.unjournaled.push(series.ordinal, ms, v);
  }

  /** Adds a sample (t in whole ms): on the open chunk, closing it first when full; into it; or as late. */
  private ingest(series: Series, t: number, v: number): void {
    const chunk = series.chunk;
    if (t > series.last) {
      series.last = t;
      if (
        chunk.n >= this.chunkSamples ||
        (chunk.n > 0 && t - (chunk.times[0] as number) >= this.chunkSpanMs)
      ) {
        this.closedChunks.push(this.encode(series, chunk));
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

  private encode(series: Series, chunk: OpenChunk): ClosedChunk {
    return {
      series,
      start: chunk.times[0] as number,
      end: chunk.times[chunk.n - 1] as number,
      count: chunk.n,
      data: encodeChunk(chunk.times, chunk.values, chunk.n),
    };
  }

  /**
   * Seals each point's open chunk (closed as it stands), so every merged sample is late, and flushes: one
   * transaction re-encodes the chunks that cover them. If that flush fails, the merged samples are taken out
   * again (live samples kept).
   */
  merge(writes: ReadonlyArray<{ key: string; samples: Sample[] }>): Promise<void> {
    const undos: Array<() => void> = [];
    for (const { key, samples } of writes) {
      if (samples.length > 0) undos.push(this.mergeLate(this.seriesOf(key), samples));
    }
    if (undos.length === 0) return Promise.resolve();
    const flush = this.nextFlush();
    flush.undos.push(...undos);
    return flush.promise;
  }

  /** Puts `samples` in the series' late samples; returns what takes them out again. */
  private mergeLate(series: Series, samples: Sample[]): () => void {
    const chunk = series.chunk;
    if (chunk.n > 0) {
      this.closedChunks.push(this.encode(series, chunk));
      series.prevEnd = chunk.times[chunk.n - 1] as number;
      chunk.n = 0;
      chunk.dirty = false;
    }
    return putLate(series, samples);
  }

  /** Runs `work` after every write started before it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => {});
    return run;
  }

  /** The flush not started yet, or a new one queued after the writes under way. */
  private nextFlush(): QueuedFlush {
    if (this.queuedFlush) return this.queuedFlush;
    const queued: QueuedFlush = { promise: Promise.resolve(), undos: [] };
    queued.promise = this.serial(async () => {
      this.queuedFlush = null; // from here on, a flush call queues another one
      try {
        await this.write();
      } catch (err) {
        for (const undo of queued.undos.reverse()) undo(); // the latest merge's first
        throw err;
      }
    });
    this.queuedFlush = queued;
    return queued;
  }

  flush(): Promise<void> {
    return this.nextFlush().promise;
  }

  /** The flush itself: everything buffered when it starts, in one transaction. */
  private async write(): Promise<void> {
    const closed = this.closedChunks.slice();
    const created = this.unsaved.slice();
    const partial: ClosedChunk[] = [];
    const dirty: OpenChunk[] = [];
    const late: Series[] = [];
    // Open chunks whose hours hold no other sample: their roll-ups from memory (open-chunk-rollups.ts).
    const fresh: Array<{ series: Series; from: number; to: number; rows: RollupRow[] }> = [];
    const fromMemory = new Set<ClosedChunk>();
    for (const series of this.series.values()) {
      const { chunk } = series;
      if (chunk.dirty && chunk.n > 0) {
        const encoded = this.encode(series, chunk);
        partial.push(encoded);
        dirty.push(chunk);
        chunk.dirty = false;
        const rollups = openChunkRollups(series, chunk);
        if (rollups) {
          fresh.push({ series, ...rollups });
          fromMemory.add(encoded);
        }
      }
      if (series.late.size > 0) {
        series.lateInFlight = series.late;
        series.late = new Map();
        late.push(series);
      }
    }
    const nothing = closed.length + partial.length + late.length + created.length === 0;
    if (nothing && !this.journaledSinceFlush) return;
    const taken = this.unjournaled; // every sample of it is in what this flush writes
    this.unjournaled = new JournalBuffer();
    const limits = { samples: this.chunkSamples, spanMs: this.chunkSpanMs };
    try {
      const ids = await this.db.transaction(async (client) => {
        const ids = await seriesIds(
          client,
          created.map((s) => s.key),
        );
        const idOf = (s: Series) => (s.id ?? ids.get(s.key)) as number;
        const rows = (chunks: ClosedChunk[]): ChunkRow[] =>
          chunks.map((c) => ({
            series: idOf(c.series),
            start: c.start,
            end: c.end,
            count: c.count,
            data: c.data,
          }));
        await upsertChunks(client, [...rows(closed), ...rows(partial)]);
        await mergeIntoChunks(
          client,
          late.map((s) => ({
            series: idOf(s),
            samples: sortedSamples(s.lateInFlight as Map<number, number>),
          })),
          limits,
        );
        const touched = new Map<number, Set<number>>();
        const touch = (s: Series) => getOrCreate(touched, idOf(s), () => new Set<number>());
        for (const c of [...closed, ...partial])
          if (!fromMemory.has(c)) hoursOf(c.start, c.end, touch(c.series));
        for (const s of late)
          for (const t of (s.lateInFlight as Map<number, number>).keys()) hoursOf(t, t, touch(s));
        await recomputeRollups(
          client,
          touched,
          fresh.map((f) => ({ ...f, series: idOf(f.series) })),
        );
        // Every journaled sample of this writer is in a chunk now.
        await client.query('DELETE FROM history_pending WHERE writer = $1', [this.writer]);
        return ids;
      });
      this.saved(ids);
      this.closedChunks.splice(0, closed.length);
      for (const series of late) series.lateInFlight = null;
      this.journaledSinceFlush = false;
    } catch (err) {
      // Nothing was written: everything goes back for the next flush; what came since wins at its time.
      for (const chunk of dirty) chunk.dirty = true;
      for (const series of late) {
        const since = series.late;
        series.late = series.lateInFlight as Map<number, number>;
        series.lateInFlight = null;
        for (const [t, v] of since) series.late.set(t, v);
      }
      this.unjournaled = taken.concat(this.unjournaled);
      throw err;
    }
  }

  /** Gives the series created by a committed write their database ids. */
  private saved(ids: Map<string, number>): void {
    if (ids.size === 0) return;
    for (const series of this.unsaved) {
      const id = ids.get(series.key);
      if (id !== undefined) series.id = id;
    }
    this.unsaved = this.unsaved.filter((s) => s.id === undefined);
  }

  journal(): Promise<void> {
    return this.serial(() => this.writeJournal());
  }

  /** One statement in the usual case (no new series): the buffered triplets as one row. */
  private async writeJournal(): Promise<void> {
    if (this.unjournaled.n === 0) return;
    const taken = this.unjournaled;
    this.unjournaled = new JournalBuffer();
    const created = this.unsaved.slice();
    // The triplets with database ids for the series' ordinals.
    const bytes = (ids: Map<string, number>): Buffer => {
      const data = taken.data.slice(0, taken.n);
      for (let i = 0; i < data.length; i += 3) {
        const series = this.byOrdinal[data[i] as number] as Series;
        data[i] = (series.id ?? ids.get(series.key)) as number;
      }
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    };
    const insert = 'INSERT INTO history_pending (writer, data) VALUES ($1, $2)';
    try {
      if (created.length === 0) {
        await this.db.query(insert, [this.writer, bytes(new Map())], true);
      } else {
        const ids = await this.db.transaction(async (client) => {
          const ids = await seriesIds(
            client,
            created.map((s) => s.key),
          );
          await client.query(insert, [this.writer, bytes(ids)]);
          return ids;
        });
        this.saved(ids);
      }
      this.journaledSinceFlush = true;
    } catch (err) {
      this.unjournaled = taken.concat(this.unjournaled); // nothing was written: all of it stays
      throw err;
    }
  }

  async read(key: string, from: number, to: number): Promise<Sample[]> {
    const found = this.series.get(key);
    if (found === undefined) return [];
    // What memory holds now, taken before the query: a flush that commits meanwhile is then read from both.
    const inMemory = this.closedChunks.filter((c) => c.series === found);
    const open = found.chunk;
    const openTimes = open.times.slice(0, open.n);
    const openValues = open.values.slice(0, open.n);
    const late = found.lateInFlight ? new Map([...found.lateInFlight, ...found.late]) : new Map(found.late);
    const rows =
      found.id === undefined
        ? []
        : (
            await this.db.query<{ t_start: number; data: Buffer }>(
              `SELECT t_start, data FROM history_chunks
               WHERE series = $1 AND t_end >= $2 AND t_start < $3 ORDER BY t_start`,
              [found.id, from, to],
            )
          ).rows;
    // Chunks still in memory replace any row with the same start (an earlier partial flush).
    const skip = new Set<number>(inMemory.map((c) => c.start));
    if (openTimes.length > 0) skip.add(openTimes[0] as number);
    const out: Sample[] = [];
    const take = (times: ArrayLike<number>, values: ArrayLike<number>) => {
      for (let i = 0; i < times.length; i++) {
        const t = times[i] as number;
        if (t >= from && t < to) out.push({ t, v: values[i] as number });
      }
    };
    const decoded = [
      ...rows.filter((r) => !skip.has(r.t_start)).map((r) => ({ start: r.t_start, ...decodeChunk(r.data) })),
      ...inMemory.map((c) => ({ start: c.start, ...decodeChunk(c.data) })),
    ].sort((a, b) => a.start - b.start);
    for (const d of decoded) take(d.times, d.values);
    take(openTimes, openValues);
    return overlaySamples(out, late, from, to);
  }

  async readRollups(key: string, level: RollupLevel, from: number, to: number): Promise<Bucket[]> {
    const found = this.series.get(key);
    if (found === undefined) return [];
    // The open chunk (flushed or not), chunks closed and not committed, late samples (in flight too): not in
    // the stored roll-ups yet. Taken before the query: a flush that commits meanwhile changes nothing before.
    let unflushedFrom = found.chunk.n > 0 ? (found.chunk.times[0] as number) : Number.POSITIVE_INFINITY;
    for (const c of this.closedChunks)
      if (c.series === found) unflushedFrom = Math.min(unflushedFrom, c.start);
    for (const late of [found.late, found.lateInFlight ?? new Map<number, number>()])
      for (const t of late.keys()) unflushedFrom = Math.min(unflushedFrom, t);
    const id = found.id;
    return readRollups(level, from, to, {
      unflushedFrom: id === undefined ? Number.NEGATIVE_INFINITY : unflushedFrom,
      stored: (a, b) =>
        id === undefined ? Promise.resolve([]) : readStoredRollups(this.db, id, level, a, b),
      samples: (a, b) => this.read(key, a, b),
    });
  }

  pruneSamples(before: number, max: number): Promise<number> {
    return pruneChunks(this.db, before, max);
  }

  pruneRollups(before: number, max: number): Promise<number> {
    return pruneRollupRows(this.db, before, max);
  }

  /**
   * Waits for the flushes and journals under way (their outcome is their callers'). The connections are the
   * `PgDatabase`'s, closed by its owner; like SQLite's close, this flushes nothing.
   */
  async close(): Promise<void> {
    await this.tail;
  }
}
