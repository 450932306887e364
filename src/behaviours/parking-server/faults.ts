// The faults the parking server models, and the set in force at a step: the injected ones plus the one
// random fault (if any) the server drew itself.

import type { Rng } from '../../core/rng.js';
import type { BehaviourEvent } from '../behaviour.js';

export const PARKING_FAULTS = [
  'server-error',
  'database-down',
  'database-error',
  'payment-gateway-offline',
  'payment-gateway-error',
  'ocpp-backend-down',
  'cluster-degraded',
  'cluster-fault',
  'bms-disconnected',
  'backup-failure',
  'security-incident',
] as const;

export type ParkingFault = (typeof PARKING_FAULTS)[number];

export interface FaultState {
  injected: ReadonlySet<string>;
  /** The random fault in force, or null. */
  random: ParkingFault | null;
  /** When the random fault ends, epoch ms. */
  randomUntil: number;
}

export function hasFault(f: FaultState, name: ParkingFault): boolean {
  return f.random === name || f.injected.has(name);
}

/** Starts or ends the random fault: `ratePerDay` faults a day, each lasting `durationMs`. */
export function stepRandomFault(
  f: FaultState,
  enabled: boolean,
  ratePerDay: number,
  durationMs: number,
  now: number,
  dtSeconds: number,
  rng: Rng,
  events: BehaviourEvent[],
): void {
  if (f.random !== null && (now >= f.randomUntil || !enabled)) {
    events.push({
      kind: 'fault-cleared',
      point: null,
      message: `${f.random} cleared (random fault)`,
      data: { fault: f.random },
    });
    f.random = null;
  }
  if (!enabled || f.random !== null || dtSeconds <= 0) return;
  if (!rng.chance((ratePerDay / 86_400) * dtSeconds)) return;
  f.random = PARKING_FAULTS[rng.int(0, PARKING_FAULTS.length - 1)] as ParkingFault;
  f.randomUntil = now + durationMs;
  events.push({
    kind: 'fault',
    point: null,
    message: `${f.random} (random fault, ${Math.round(durationMs / 60_000)} min)`,
    data: { fault: f.random },
  });
}
