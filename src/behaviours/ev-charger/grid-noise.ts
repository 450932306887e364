// The supply's slow random movements: voltage deviation, frequency deviation and the onboard charger's
// power-factor ripple, each an Ornstein–Uhlenbeck walk advanced exactly over the time since its last move.

import type { Rng } from '../../core/rng.js';

export interface GridNoise {
  /** Voltage deviation from nominal, a fraction (−0.005 = −0.5 %). */
  voltage: number;
  /** Frequency deviation from nominal, Hz. */
  frequency: number;
  /** Power-factor deviation from its curve. */
  powerFactor: number;
}

export interface GridNoiseFigures {
  voltageMean: number;
  voltageSpread: number;
  frequencySpread: number;
  powerFactorSpread: number;
  timeConstantS: number;
}

/** One OU move over `dt` seconds: mean `mean`, stationary deviation `spread`. */
export function ouStep(x: number, mean: number, spread: number, dt: number, tau: number, gaussian: number) {
  const decay = Math.exp(-dt / tau);
  return mean + (x - mean) * decay + spread * Math.sqrt(1 - decay * decay) * gaussian;
}

/** A start drawn from the stationary distribution. */
export function initialNoise(f: GridNoiseFigures, rng: Rng): GridNoise {
  return {
    voltage: f.voltageMean + f.voltageSpread * rng.gaussian(),
    frequency: f.frequencySpread * rng.gaussian(),
    powerFactor: f.powerFactorSpread * rng.gaussian(),
  };
}

/** Moves every walk over `dt` seconds, in place. */
export function moveNoise(n: GridNoise, f: GridNoiseFigures, dt: number, rng: Rng): void {
  const tau = f.timeConstantS;
  n.voltage = ouStep(n.voltage, f.voltageMean, f.voltageSpread, dt, tau, rng.gaussian());
  n.frequency = ouStep(n.frequency, 0, f.frequencySpread, dt, tau, rng.gaussian());
  // The power factor ripples faster than the grid: a tenth of its time constant.
  n.powerFactor = ouStep(n.powerFactor, 0, f.powerFactorSpread, dt, tau / 10, rng.gaussian());
}
