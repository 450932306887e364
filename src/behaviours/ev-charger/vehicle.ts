// The car that plugs in: how much current its onboard charger takes, how much energy its driver wants and how
// long it stays. Drawn once per arrival from the device's random stream.

import type { Rng } from '../../core/rng.js';
import { uniform } from '../shared/random.js';
import type { EvChargerParameters } from './parameters.js';

export interface Vehicle {
  /** Onboard-charger limit, A per phase. */
  maxCurrentA: number;
  /** Energy the driver wants, kWh: the session completes when it is delivered. */
  targetKwh: number;
  /** How long the car stays plugged in, ms. */
  dwellMs: number;
  /** Delay until the driver presents the RFID card, ms. */
  rfidDelayMs: number;
}

/** Picks an index with probability proportional to its weight. */
export function pickWeighted(weights: readonly number[], u: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = u * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] as number;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** Log-normal with the given mean and σ of its logarithm (μ = ln mean − σ²/2), clamped. */
export function logNormal(mean: number, sigma: number, lo: number, hi: number, gaussian: number): number {
  const x = Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * gaussian);
  return Math.min(hi, Math.max(lo, x));
}

export function drawVehicle(p: EvChargerParameters, rng: Rng): Vehicle {
  return {
    maxCurrentA: p.vehicleMaxCurrentsA[pickWeighted(p.vehicleShares, rng.next())] as number,
    targetKwh: logNormal(
      p.sessionEnergyKwh,
      p.sessionEnergySpread,
      p.sessionEnergyMinKwh,
      p.sessionEnergyMaxKwh,
      rng.gaussian(),
    ),
    dwellMs: uniform(rng, p.dwellMinH, p.dwellMaxH) * 3_600_000,
    rfidDelayMs: uniform(rng, p.rfidDelayMinS, p.rfidDelayMaxS) * 1000,
  };
}
