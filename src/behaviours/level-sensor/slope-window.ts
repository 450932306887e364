// Least-squares slope of the last N equally spaced samples, updated in O(1) per sample from a ring buffer
// and two running sums (Σy and Σk·y, k = 0 for the oldest sample), rebuilt exactly every N samples so that
// rounding never accumulates. Used for Level Rate of Change: the slope of Level over the last 5 minutes.

export class SlopeWindow {
  private readonly values: Float64Array;
  /** Index of the oldest sample in the ring. */
  private head = 0;
  private sum = 0;
  private weighted = 0;
  private sinceRebuild = 0;
  /** Σ(k − k̄)² over k = 0…N−1. */
  private readonly spread: number;

  constructor(
    readonly size: number,
    /** Time between samples, seconds. */
    readonly spacingS: number,
  ) {
    if (!Number.isInteger(size) || size < 2) throw new RangeError('a slope needs at least 2 samples');
    this.values = new Float64Array(size);
    this.spread = (size * (size * size - 1)) / 12;
  }

  /** Sets every sample to `value` (a level that has been steady): the slope is then 0. */
  fill(value: number): void {
    this.values.fill(value);
    this.head = 0;
    this.rebuild();
  }

  /** Adds the newest sample and drops the oldest. */
  push(value: number): void {
    const n = this.size;
    const oldest = this.values[this.head] as number;
    this.values[this.head] = value;
    this.head = this.head + 1 === n ? 0 : this.head + 1;
    // Every remaining sample moves one index down; the new one takes index N − 1.
    this.weighted = this.weighted - (this.sum - oldest) + (n - 1) * value;
    this.sum = this.sum - oldest + value;
    if (++this.sinceRebuild >= n) this.rebuild();
  }

  /** Slope in units per hour. */
  slopePerHour(): number {
    const mean = (this.size - 1) / 2;
    return ((this.weighted - mean * this.sum) / this.spread / this.spacingS) * 3600;
  }

  private rebuild(): void {
    let sum = 0;
    let weighted = 0;
    for (let k = 0; k < this.size; k++) {
      const y = this.values[(this.head + k) % this.size] as number;
      sum += y;
      weighted += k * y;
    }
    this.sum = sum;
    this.weighted = weighted;
    this.sinceRebuild = 0;
  }
}

/** Least-squares slope (units per hour) of samples spaced `spacingS` apart: the reference for tests. */
export function leastSquaresSlopePerHour(samples: readonly number[], spacingS: number): number {
  const n = samples.length;
  const mean = (n - 1) / 2;
  let ySum = 0;
  for (const y of samples) ySum += y;
  const yMean = ySum / n;
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    num += (k - mean) * ((samples[k] as number) - yMean);
    den += (k - mean) * (k - mean);
  }
  return (num / den / spacingS) * 3600;
}
