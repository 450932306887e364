// Ambient temperature with a daily and a yearly cycle (northern hemisphere): coldest at 03:00 local time
// and in mid-January, warmest at 15:00 and in mid-July.

import type { LocalTime } from '../../util/local-time.js';

const TWO_PI = 2 * Math.PI;

/** °C at `now`: mean − seasonal swing·cos(year phase) − daily swing·cos(day phase); swings are amplitudes. */
export function ambientC(
  meanC: number,
  dailySwingC: number,
  seasonalSwingC: number,
  local: LocalTime,
  now: number,
): number {
  const yearPhase = (TWO_PI * (local.dayNumber(now) - 14)) / 365.25; // day 14 of 1970 was 15 January
  const dayPhase = (TWO_PI * (local.hourOfDay(now) - 3)) / 24;
  return meanC - seasonalSwingC * Math.cos(yearPhase) - dailySwingC * Math.cos(dayPhase);
}
