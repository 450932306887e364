// What a history engine keeps in memory between flushes: the chunk a series is filling and the samples not
// yet journaled. The same structures as the SQLite engine's (sqlite-history.ts), which keeps its own copy.

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
