// Random draws the car park needs, from the device's seeded generator.

import type { Rng } from '../../runtime/rng.js';

/** Exp(1). */
export function exponential(rng: Rng): number {
  return -Math.log(1 - rng.next());
}

/** A Poisson count of mean `mean`: exact (Knuth) for small means, normal approximation above 30. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.gaussian()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}
