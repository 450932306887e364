// What a history engine (SQLite's, PostgreSQL's) keeps in memory between flushes: the chunk a series is
// filling and the samples not yet journaled.

/** The chunk a series is filling: arrays that start small and double up to the chunk size. */
export class OpenChunk {
  times = new Float64Array(16);
  values = new Float64Array(16);
  n = 0;
  /** Changed since the last flush wrote it as a partial row. */
  dirty = false;

  push(t: number, v: number): void {
    this.dirty = true;
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

  /** Puts a sample at its place in time (t ≥ the first time): replaces the value at t, or shifts the later ones. */
  insert(t: number, v: number): void {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    this.dirty = true;
    if (lo < this.n && this.times[lo] === t) {
      this.values[lo] = v;
      return;
    }
    this.push(t, v); // grows the arrays; then the tail moves up one place
    this.times.copyWithin(lo + 1, lo, this.n - 1);
    this.values.copyWithin(lo + 1, lo, this.n - 1);
    this.times[lo] = t;
    this.values[lo] = v;
  }
}

/** Samples not yet journaled, as (series, t, v) triplets in one growing array. */
export class JournalBuffer {
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

  /** This buffer's triplets followed by `later`'s: what to journal when a write of this one failed. */
  concat(later: JournalBuffer): JournalBuffer {
    const out = new JournalBuffer();
    out.data = new Float64Array(Math.max(256 * 3, this.n + later.n));
    out.data.set(this.data.subarray(0, this.n));
    out.data.set(later.data.subarray(0, later.n), this.n);
    out.n = this.n + later.n;
    return out;
  }
}

/** What both engines keep of a series between flushes. */
export interface SeriesBuffers {
  /** The chunk being filled. */
  chunk: OpenChunk;
  /** The latest time stored or buffered. */
  last: number;
  /** Samples older than the open chunk, by time (the last written wins), re-encoded by the next flush. */
  late: Map<number, number>;
  /** The last time of the chunks before the open one (-Infinity: none; NaN: not looked up yet). */
  prevEnd: number;
}

/**
 * Puts `samples` in the series' late samples (the caller has closed its open chunk); returns what takes them
 * out again, sample by sample, so that live samples that came meanwhile stay.
 */
export function putLate(series: SeriesBuffers, samples: ReadonlyArray<{ t: number; v: number }>): () => void {
  const { chunk, last } = series;
  const before = new Map<number, number | undefined>();
  for (const s of samples) {
    const t = Math.round(s.t);
    if (!before.has(t)) before.set(t, series.late.get(t));
    series.late.set(t, s.v);
    if (t > series.last) series.last = t;
  }
  return () => {
    for (const [t, old] of before) {
      if (old === undefined) series.late.delete(t);
      else series.late.set(t, old);
    }
    series.last = Math.max(last, chunk.n > 0 ? (chunk.times[chunk.n - 1] as number) : last);
    for (const t of series.late.keys()) if (t > series.last) series.last = t;
  };
}
