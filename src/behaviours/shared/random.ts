// Random draws the behaviours share, each from the device's own seeded generator (never Math.random), so a
// simulation is reproducible: every draw takes the same numbers from the stream in the same order.

import type { Rng } from '../../core/rng.js';

/**
 * Waiting time (same unit as 1/rate) of a Poisson process of the given rate; Infinity for rate 0, without
 * drawing. `exponential(rng, 1)` is Exp(1): scale it by a mean.
 */
export function exponential(rng: Rng, rate: number): number {
  return rate > 0 ? -Math.log(1 - rng.next()) / rate : Number.POSITIVE_INFINITY;
}

/** Uniform in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
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
