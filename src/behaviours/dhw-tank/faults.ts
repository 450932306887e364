// The faults a DHW tank models (docs/behaviour.md says why each), injected through the runtime or
// started at random at a small rate, each random one lasting an exponential time before it is repaired.

import type { Rng } from '../../core/rng.js';
import type { EventLog } from '../shared/event-log.js';
import { exponential } from '../shared/random.js';
import type { DhwParameters } from './parameters.js';

export const FAULTS = [
  'heater-failure',
  'thermostat-stuck',
  'sensor-failure',
  'safety-valve-stuck',
  'vessel-failure',
  'communication',
] as const;

export type FaultName = (typeof FAULTS)[number];

/** Which faults are active in this step. */
export interface FaultFlags {
  heater: boolean;
  thermostat: boolean;
  sensor: boolean;
  valve: boolean;
  vessel: boolean;
  communication: boolean;
}

export function noFaults(): FaultFlags {
  return {
    heater: false,
    thermostat: false,
    sensor: false,
    valve: false,
    vessel: false,
    communication: false,
  };
}

/**
 * Random faults over `dt` seconds ending at `now`: each lasts until `until[i]` (epoch ms, 0 when none).
 * Starts one at `faultRatePerDay` (a fault chosen evenly) and ends those whose time is up, with events.
 */
export function randomFaults(
  until: Float64Array,
  p: DhwParameters,
  now: number,
  dt: number,
  rng: Rng,
  events: EventLog,
): void {
  for (let i = 0; i < FAULTS.length; i++) {
    const end = until[i] as number;
    if (end > 0 && now >= end) {
      until[i] = 0;
      events.add('fault-cleared', null, `${FAULTS[i]} repaired`, { fault: FAULTS[i] });
    }
  }
  if (!p.randomFaults || p.faultRatePerDay <= 0 || !rng.chance((p.faultRatePerDay * dt) / 86_400)) return;
  const i = rng.int(0, FAULTS.length - 1);
  if ((until[i] as number) > 0) return;
  const hours = p.faultMeanDurationH * exponential(rng, 1);
  until[i] = now + Math.max(60_000, Math.round(hours * 3_600_000));
  events.add('fault', null, `${FAULTS[i]} (random fault)`, { fault: FAULTS[i] });
}

function active(i: number, injected: ReadonlySet<string>, until: Float64Array): boolean {
  return injected.has(FAULTS[i] as string) || (until[i] as number) > 0;
}

/** Injected faults and random ones together. */
export function readFaults(flags: FaultFlags, injected: ReadonlySet<string>, until: Float64Array): void {
  flags.heater = active(0, injected, until);
  flags.thermostat = active(1, injected, until);
  flags.sensor = active(2, injected, until);
  flags.valve = active(3, injected, until);
  flags.vessel = active(4, injected, until);
  flags.communication = active(5, injected, until);
}
