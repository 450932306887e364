// Roll-up buckets: what a run of samples sums up to over one UTC minute or hour (count, sum, min, max, first
// and last with their times). Both SQL engines store them (one row per series and UTC hour: the hour's bucket
// and its minutes' buckets), the memory engine computes them, and hisRead combines them into its intervals.
//
// Sums are hierarchical, so that stored and computed roll-ups are identical to the bit: a minute's sum adds
// its samples in time order, an hour's sum adds its minutes' sums in order. NaN is kept as the read-time
// roll-up keeps it: one NaN sample makes the bucket's sum, min and max NaN.

import type { Sample } from '../store.js';
import { PACKED_ROLLUPS, packRollups, unpackRollups } from './rollup-codec.js';
import { unpackFloat64Buckets } from './rollup-float64-format.js';
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

/** Buckets of `size` ms as the bytes a row of roll-ups stores: packed (rollup-codec.ts). */
export function packBuckets(buckets: readonly Bucket[], size: number): Uint8Array {
  return packRollups(buckets, size);
}

/**
 * The buckets of `size` ms in a stored row, packed or of the float64 format that rows had before
 * (rollup-float64-format.ts); CodecError on bytes that are neither.
 *
 * How the two are told apart: a float64 row is a Float64Array's bytes, in the host's byte order — little-
 * endian on every host Node runs on in practice — and its first 8 bytes are its first bucket's count, a whole
 * number from 1 to 3,600,000 (one sample a millisecond at most). As a little-endian float64 such a count's
 * first byte is its lowest mantissa byte, 0x00 for every whole number below 2^45; as a big-endian one it
 * would be the sign and top exponent bits, 0x3F to 0x41 (positive, 1 to 2^32). Packed rows start with 0x81
 * (high bit set, not zero), which no float64 row starts with in either byte order. A row of no buckets is
 * empty in the float64 format (packed ones never are).
 */
export function unpackBuckets(bytes: Uint8Array, size: number): Bucket[] {
  return bytes[0] === PACKED_ROLLUPS ? unpackRollups(bytes, size) : unpackFloat64Buckets(bytes, size);
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
    total: packBuckets(coarser(minutes, HOUR_MS), HOUR_MS),
    minutes: packBuckets(minutes, MINUTE_MS),
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
