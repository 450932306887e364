// The types of the stored history roll-ups that the store's interface names (store.ts), apart from the code
// that computes them (rollup-buckets.ts), which needs the store's Sample: so neither file imports the other.

/** The two levels of stored roll-ups. */
export type RollupLevel = 'minute' | 'hour';

/** What the samples of one bucket [start, start + size) sum up to. */
export interface Bucket {
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  first: number;
  firstT: number;
  last: number;
  lastT: number;
}
