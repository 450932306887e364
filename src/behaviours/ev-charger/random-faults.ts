// Faults that happen by themselves (parameter `randomFaults`): ground faults, reset by an operator after a
// while, and OCPP link losses of random length. Each is a Poisson process whose next start is drawn ahead,
// so ordinary steps draw nothing.

import type { Rng } from '../../core/rng.js';
import { exponential } from '../shared/random.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface RandomFaultFigures {
  enabled: boolean;
  groundFaultsPerDay: number;
  groundFaultResetMin: number;
  offlinePerDay: number;
  offlineMeanMin: number;
}

export interface RandomFaults {
  /** When the random ground fault in progress ends (epoch ms); 0 when none. */
  groundUntil: number;
  nextGround: number;
  offlineUntil: number;
  nextOffline: number;
}

/** Time to the next event of a Poisson process, ms; Infinity at rate 0. */
function waitMs(perDay: number, rng: Rng): number {
  return exponential(rng, perDay) * DAY_MS;
}

export function initRandomFaults(f: RandomFaultFigures, now: number, rng: Rng): RandomFaults {
  return {
    groundUntil: 0,
    nextGround: f.enabled ? now + waitMs(f.groundFaultsPerDay, rng) : Number.POSITIVE_INFINITY,
    offlineUntil: 0,
    nextOffline: f.enabled ? now + waitMs(f.offlinePerDay, rng) : Number.POSITIVE_INFINITY,
  };
}

/** Starts the faults due by `now`, in place. */
export function advanceRandomFaults(r: RandomFaults, f: RandomFaultFigures, now: number, rng: Rng): void {
  if (now >= r.nextGround) {
    r.groundUntil = now + f.groundFaultResetMin * MINUTE_MS;
    r.nextGround = r.groundUntil + waitMs(f.groundFaultsPerDay, rng);
  }
  if (now >= r.nextOffline) {
    r.offlineUntil = now + waitMs(DAY_MS / MINUTE_MS / f.offlineMeanMin, rng);
    r.nextOffline = r.offlineUntil + waitMs(f.offlinePerDay, rng);
  }
}
