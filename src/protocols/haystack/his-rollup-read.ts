// A number's hisRead roll-up from the store's roll-ups: the coarsest bucket level that fits the interval
// (his-rollup.ts), or null when none does and the samples are to be read.

import type { Value } from '../../core/value.js';
import type { Bucket, RollupLevel } from '../../runtime/services/history.js';
import { type RollupSpec, rollUpBuckets, rollupLevels } from './his-rollup.js';

/** Reads a point's buckets of a level over the hisRead range. */
export type BucketReader = (level: RollupLevel) => Promise<Bucket[]>;

/** The roll-up of a number point from stored buckets; null when no level's buckets each fall in one interval. */
export async function storedRollUp(
  read: BucketReader,
  spec: RollupSpec,
  tz: string,
  rangeStart: number,
): Promise<{ times: number[]; values: Value[] } | null> {
  for (const level of rollupLevels(spec)) {
    const rolled = rollUpBuckets(await read(level), spec, tz, rangeStart);
    if (rolled !== null) return rolled;
  }
  return null;
}
