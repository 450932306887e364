// Which batches of a connector to read when: batches are grouped into buckets by their rate (the points'
// own rates); a bucket is due one period after it was last taken; after a recovery every bucket is due at
// once. The scheduler only keeps the times: the connector reads and arms the clock.

import type { Point } from '../points/model.js';

/** The poll period of a point: its own rate when periodic, else the connector's default. */
export function periodOf(point: Point, defaultMs: number): number {
  return point.update === 'periodic' && point.intervalMs !== null ? point.intervalMs : defaultMs;
}

export interface Bucket<B> {
  periodMs: number;
  /** When the bucket is next due, epoch ms (-Infinity: never read yet, due at once). */
  due: number;
  batches: B[];
}

export class PollScheduler<B> {
  readonly buckets: Array<Bucket<B>> = [];

  constructor(batches: readonly B[], periodOf: (batch: B) => number) {
    const byPeriod = new Map<number, Bucket<B>>();
    for (const batch of batches) {
      const periodMs = periodOf(batch);
      let bucket = byPeriod.get(periodMs);
      if (!bucket) {
        bucket = { periodMs, due: Number.NEGATIVE_INFINITY, batches: [] };
        byPeriod.set(periodMs, bucket);
        this.buckets.push(bucket);
      }
      bucket.batches.push(batch);
    }
  }

  /** Whether `bucket` is due at `now`. */
  isDue(bucket: Bucket<B>, now: number): boolean {
    return bucket.due <= now;
  }

  /** Marks `bucket` read at `now`: due again one period on (from now when it fell behind or was read early). */
  taken(bucket: Bucket<B>, now: number): void {
    const next = bucket.due + bucket.periodMs;
    bucket.due = next > now ? next : now + bucket.periodMs;
  }

  /** Every bucket due at `now` (after a recovery: everything is read again at once). */
  allDue(now: number): void {
    for (const bucket of this.buckets) bucket.due = now;
  }

  /** When the first bucket is next due; Infinity with none. */
  nextDue(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const bucket of this.buckets) next = Math.min(next, bucket.due);
    return next;
  }
}
