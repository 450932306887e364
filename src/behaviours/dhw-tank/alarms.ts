// Temperature alarms on the top sensor: High above its threshold (clears a hysteresis below it), Low once the
// top has stayed below its threshold for a delay (clears a hysteresis above it).

import type { DhwParameters } from './parameters.js';

export interface TemperatureAlarms {
  high: boolean;
  low: boolean;
  /** How long the top has been below the low threshold without a break, s. */
  lowForS: number;
}

/** Updates the alarms after `h` seconds ending with the top sensor at `topC`. */
export function updateAlarms(a: TemperatureAlarms, topC: number, h: number, p: DhwParameters): void {
  a.high = a.high ? topC >= p.highTempAlarmC - p.highTempAlarmHysteresisK : topC > p.highTempAlarmC;
  a.lowForS = topC < p.lowTempAlarmC ? a.lowForS + h : 0;
  if (a.low) a.low = topC < p.lowTempAlarmC + p.lowTempAlarmHysteresisK;
  else a.low = a.lowForS >= p.lowTempAlarmDelayMin * 60 && topC < p.lowTempAlarmC;
}
