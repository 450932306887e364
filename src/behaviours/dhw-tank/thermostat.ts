// Two-point control with hysteresis, and the setpoint the thermostat works to.

import type { DhwParameters } from './parameters.js';

/** On below cut-out − hysteresis, off at or above cut-out, unchanged in between. */
export function thermostat(on: boolean, readingC: number, cutOutC: number, hysteresisK: number): boolean {
  return on ? readingC < cutOutC : readingC < cutOutC - hysteresisK;
}

/**
 * Setpoint in force: Eco Mode lowers it by `ecoReductionK`, never below `ecoFloorC` (nor above the
 * setpoint itself when the setpoint is already under the floor).
 */
export function effectiveSetpoint(setpointC: number, eco: boolean, p: DhwParameters): number {
  if (!eco) return setpointC;
  return Math.min(setpointC, Math.max(p.ecoFloorC, setpointC - p.ecoReductionK));
}
