// Hot water draws: a daily volume spread over the local day with a morning and an evening peak. Draws start
// as a Poisson process whose rate follows the profile; each has a volume (gamma, shape 2) and a tap flow
// (uniform). Up to MAX_TAPS draws run at once and their flows add up.

import type { Rng } from '../../core/rng.js';
import { exponential, uniform } from '../shared/random.js';
import type { DhwParameters } from './parameters.js';

export const MAX_TAPS = 4;
const MINUTES = 1440;

export interface Taps {
  /** Litres left to draw on each tap (0: closed). */
  remainingL: Float64Array;
  /** Flow of each tap, L/min. */
  flowLpm: Float64Array;
}

export function createTaps(): Taps {
  return { remainingL: new Float64Array(MAX_TAPS), flowLpm: new Float64Array(MAX_TAPS) };
}

/** Normal density wrapped around the 24 h clock. */
function wrappedGaussian(h: number, mean: number, sd: number): number {
  let sum = 0;
  for (let k = -1; k <= 1; k++) {
    const z = (h + 24 * k - mean) / sd;
    sum += Math.exp(-0.5 * z * z);
  }
  return sum;
}

/**
 * Share of the daily volume drawn in each minute of the local day (sums to 1): `peakShare` in two equal
 * peaks, the rest evenly over the active hours.
 */
export function dailyShape(p: DhwParameters): Float64Array {
  const morning = new Float64Array(MINUTES);
  const evening = new Float64Array(MINUTES);
  const flat = new Float64Array(MINUTES);
  for (let m = 0; m < MINUTES; m++) {
    const h = (m + 0.5) / 60;
    morning[m] = wrappedGaussian(h, p.morningPeakH, p.peakWidthH);
    evening[m] = wrappedGaussian(h, p.eveningPeakH, p.peakWidthH);
    flat[m] = h >= p.activeFromH && h < p.activeToH ? 1 : 0;
  }
  const total = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
  const [tm, te, tf] = [total(morning), total(evening), total(flat)];
  const shape = new Float64Array(MINUTES);
  for (let m = 0; m < MINUTES; m++) {
    shape[m] =
      (p.peakShare / 2) * ((morning[m] as number) / tm + (evening[m] as number) / te) +
      (1 - p.peakShare) * ((flat[m] as number) / tf);
  }
  return shape;
}

/** Draw starts per second in each minute of the local day. */
export function drawRates(p: DhwParameters): Float64Array {
  const shape = dailyShape(p);
  const rates = new Float64Array(MINUTES);
  for (let m = 0; m < MINUTES; m++) rates[m] = (p.tappingDailyL * (shape[m] as number)) / p.drawMeanL / 60;
  return rates;
}

/** Rate of draw starts at `hourOfDay`, per second. */
export function rateAt(rates: Float64Array, hourOfDay: number): number {
  return rates[Math.min(MINUTES - 1, Math.floor(hourOfDay * 60))] as number;
}

/** Maybe opens a tap over `h` seconds at `ratePerS`; a draw finding every tap busy is lost. */
export function maybeStartDraw(taps: Taps, p: DhwParameters, ratePerS: number, h: number, rng: Rng): boolean {
  if (ratePerS <= 0 || !rng.chance(ratePerS * h)) return false;
  // Gamma(2) volume: the sum of two exponentials of half the mean.
  const volume = (p.drawMeanL / 2) * (exponential(rng, 1) + exponential(rng, 1));
  const flow = uniform(rng, p.drawFlowMinLpm, p.drawFlowMaxLpm);
  for (let i = 0; i < MAX_TAPS; i++) {
    if ((taps.remainingL[i] as number) > 0) continue;
    taps.remainingL[i] = volume;
    taps.flowLpm[i] = flow;
    return true;
  }
  return false;
}

/** Litres drawn over `h` seconds by the open taps; taps close when their draw is done. */
export function drawOver(taps: Taps, h: number): number {
  let volume = 0;
  for (let i = 0; i < MAX_TAPS; i++) {
    const left = taps.remainingL[i] as number;
    if (left <= 0) continue;
    const v = Math.min(left, ((taps.flowLpm[i] as number) * h) / 60);
    taps.remainingL[i] = left - v <= 1e-9 ? 0 : left - v;
    volume += v;
  }
  return volume;
}

/** Flow of the open taps now, L/min. */
export function flowNow(taps: Taps): number {
  let flow = 0;
  for (let i = 0; i < MAX_TAPS; i++)
    if ((taps.remainingL[i] as number) > 0) flow += taps.flowLpm[i] as number;
  return flow;
}
