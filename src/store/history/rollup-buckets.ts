// Roll-up buckets: what a run of samples sums up to over one UTC minute or hour (count, sum, min, max, first
// and last with their times). Both SQL engines store them (one row per series and UTC hour: the hour's bucket
// and its minutes' buckets), the memory engine computes them, and hisRead combines them into its intervals.
//
// Sums are hierarchical, so that stored and computed roll-ups are identical to the bit: a minute's sum adds
// its samples in time order, an hour's sum adds its minutes' sums in order. NaN is kept as the read-time
// roll-up keeps it: one NaN sample makes the bucket's sum, min and max NaN.

import type { Sample } from '../store.js';
import type { Bucket, RollupLevel } from './rollup-types.js';

export type { Bucket, RollupLevel } from './rollup-types.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const LEVEL_MS: Record<RollupLevel, number> = { minute: MINUTE_MS, hour: HOUR_MS };

/** The start of the bucket of `size` ms holding `t` (buckets are aligned on the epoch, UTC). */
export const bucketStart = (t: number, size: number) => Math.floor(t / size) * size;

/** Folds `b` (later than everything in `into`) into `into`. */
function fold(into: Bucket, b: Bucket): void {
  into.count += b.count;
  into.sum += b.sum;
  into.min = Math.min(into.min, b.min);
  into.max = Math.max(into.max, b.max);
  into.last = b.last;
  into.lastT = b.lastT;
}

/** One bucket per minute that has samples (`samples` by time, one per time), sums in time order. */
export function minuteBuckets(samples: readonly Sample[]): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | undefined;
  for (const { t, v } of samples) {
    const start = bucketStart(t, MINUTE_MS);
    if (cur === undefined || cur.start !== start) {
      cur = { start, count: 1, sum: 0 + v, min: v, max: v, first: v, firstT: t, last: v, lastT: t };
      out.push(cur);
      continue;
    }
    cur.count++;
    cur.sum += v;
    cur.min = Math.min(cur.min, v);
    cur.max = Math.max(cur.max, v);
    cur.last = v;
    cur.lastT = t;
  }
  return out;
}

/** Finer buckets (in time order) gathered into buckets of `size` ms, their sums added in order. */
export function coarser(buckets: readonly Bucket[], size: number): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | undefined;
  for (const b of buckets) {
    const start = bucketStart(b.start, size);
    if (cur === undefined || cur.start !== start) {
      cur = { ...b, start, sum: 0 + b.sum };
      out.push(cur);
    } else fold(cur, b);
  }
  return out;
}

/** The buckets of a level for samples by time: minutes, or hours made of minutes. */
export function bucketsOf(samples: readonly Sample[], level: RollupLevel): Bucket[] {
  const minutes = minuteBuckets(samples);
  return level === 'minute' ? minutes : coarser(minutes, HOUR_MS);
}

/**
 * Buckets as bytes, float64s (NaN kept): a bucket of one sample as `1, t, v` (the usual minute of samples a
 * minute apart or more), any other as `count, sum, min, max, first, first's time, last, last's time`; its
 * start is its first time's bucket. What a row of roll-ups stores.
 */
export function packBuckets(buckets: readonly Bucket[]): Uint8Array {
  const out: number[] = [];
  for (const b of buckets) {
    if (b.count === 1) out.push(1, b.firstT, b.first);
    else out.push(b.count, b.sum, b.min, b.max, b.first, b.firstT, b.last, b.lastT);
  }
  return new Uint8Array(Float64Array.from(out).buffer);
}

/** The buckets of `size` ms `packBuckets` wrote. */
export function unpackBuckets(bytes: Uint8Array, size: number): Bucket[] {
  // A copy: the bytes need not be aligned for a Float64Array view.
  const f = new Float64Array(new Uint8Array(bytes).buffer);
  const out: Bucket[] = [];
  for (let i = 0; i < f.length; ) {
    const count = f[i] as number;
    if (count === 1) {
      const t = f[i + 1] as number;
      const v = f[i + 2] as number;
      out.push({
        start: bucketStart(t, size),
        count,
        sum: 0 + v,
        min: v,
        max: v,
        first: v,
        firstT: t,
        last: v,
        lastT: t,
      });
      i += 3;
      continue;
    }
    const firstT = f[i + 5] as number;
    out.push({
      start: bucketStart(firstT, size),
      count,
      sum: f[i + 1] as number,
      min: f[i + 2] as number,
      max: f[i + 3] as number,
      first: f[i + 4] as number,
      firstT,
      last: f[i + 6] as number,
      lastT: f[i + 7] as number,
    });
    i += 8;
  }
  return out;
}

/** One stored row of roll-ups: a series' UTC hour, its bucket and its minutes' buckets. */
export interface RollupRow {
  hour: number;
  total: Uint8Array;
  minutes: Uint8Array;
}

/**
 * The rows of the hours `hours` (every hour when absent) from the samples of those hours (by time; others
 * ignored): an hour without samples gets none (its stored row is to be deleted).
 */
export function rollupRows(samples: readonly Sample[], hours?: ReadonlySet<number>): RollupRow[] {
  const byHour = new Map<number, Bucket[]>();
  for (const m of minuteBuckets(samples)) {
    const hour = bucketStart(m.start, HOUR_MS);
    if (hours && !hours.has(hour)) continue;
    const list = byHour.get(hour);
    if (list) list.push(m);
    else byHour.set(hour, [m]);
  }
  return [...byHour].map(([hour, minutes]) => ({
    hour,
    total: packBuckets(coarser(minutes, HOUR_MS)),
    minutes: packBuckets(minutes),
  }));
}

/** The UTC hours that [from, to] (both included) touches. */
export function hoursOf(from: number, to: number, into: Set<number> = new Set()): Set<number> {
  for (let h = bucketStart(from, HOUR_MS); h <= to; h += HOUR_MS) into.add(h);
  return into;
}

/** Hours in order, as runs of consecutive hours [from, to). */
export function hourRuns(hours: ReadonlySet<number>): Array<{ from: number; to: number }> {
  const sorted = [...hours].sort((a, b) => a - b);
  const runs: Array<{ from: number; to: number }> = [];
  for (const h of sorted) {
    const last = runs.at(-1);
    if (last && last.to === h) last.to = h + HOUR_MS;
    else runs.push({ from: h, to: h + HOUR_MS });
  }
  return runs;
}
