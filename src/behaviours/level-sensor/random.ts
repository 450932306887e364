// Random draws the tank processes share.

import type { Rng } from '../../runtime/rng.js';

/** Waiting time (same unit as 1/rate) of a Poisson process of the given rate; Infinity for rate 0. */
export function exponential(rng: Rng, rate: number): number {
  return rate > 0 ? -Math.log(1 - rng.next()) / rate : Number.POSITIVE_INFINITY;
}

/** Uniform in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}
