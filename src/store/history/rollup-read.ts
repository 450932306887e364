// Reading roll-ups the way every engine does: the buckets wholly inside [from, to) and before the first
// sample not yet flushed come from the stored rows; the partial buckets at both ends, and everything from
// the first unflushed sample on, are computed from the samples themselves. Both give the same buckets (see
// rollup-buckets.ts), so where a read is cut makes no difference to what it answers.

import type { Sample } from '../store.js';
import { type Bucket, bucketStart, bucketsOf, LEVEL_MS, type RollupLevel } from './rollup-buckets.js';

export interface RollupSources {
  /** The stored buckets of the level with from ≤ start < to (whole buckets), in time order. */
  stored(from: number, to: number): Promise<Bucket[]>;
  /** The samples with from ≤ t < to, in time order. */
  samples(from: number, to: number): Promise<Sample[]>;
  /** The earliest time of a sample not yet in the stored roll-ups (Infinity when none, -Infinity: no stored ones). */
  unflushedFrom: number;
}

/** The buckets of the level for the samples with from ≤ t < to, in time order. */
export async function readRollups(
  level: RollupLevel,
  from: number,
  to: number,
  sources: RollupSources,
): Promise<Bucket[]> {
  if (!(to > from)) return [];
  const size = LEVEL_MS[level];
  const a = Math.min(bucketStart(from + size - 1, size), to); // first whole bucket
  const cut =
    sources.unflushedFrom === Number.POSITIVE_INFINITY ? to : bucketStart(sources.unflushedFrom, size);
  const b = Math.max(a, Math.min(bucketStart(to, size), cut)); // end of the stored part
  const computed = async (x: number, y: number) =>
    y > x ? bucketsOf(await sources.samples(x, y), level) : [];
  const [head, middle, tail] = await Promise.all([
    computed(from, a),
    b > a ? sources.stored(a, b) : Promise.resolve([]),
    computed(b, to),
  ]);
  return [...head, ...middle, ...tail];
}
