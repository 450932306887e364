// The car park as a queue with time-varying rates, tabulated once per minute of the local week. With the
// target occupancy N*(t) = capacity · f(t), arrivals at rate λ = capacity · (μ₀·f + max(0, f′)) and each
// parked car leaving at hazard μ = μ₀ + max(0, −f′)/f, the expected occupancy obeys dN/dt = λ − μ·N and
// follows N* exactly: the profile's shape with Poisson noise around it. Each car's departure time is drawn
// once, at its arrival, from the cumulative hazard H (a car leaves when H has grown by an Exp(1) draw).

import type { LocalTime } from '../../util/local-time.js';
import { type OccupancyProfile, profileAt } from './occupancy-profiles.js';

export const WEEK_MIN = 7 * 1440;
/** Smallest target share in the hazard's denominator, so a profile at 0 % stays finite. */
const MIN_SHARE = 0.005;

export interface OccupancyTable {
  /** Target share of spaces taken at the start of each minute of the week (Sunday 00:00 local = 0). */
  target: Float64Array;
  /** Expected arrivals during each minute of the week, cars. */
  arrivals: Float64Array;
  /** Cumulative departure hazard at the start of each minute; hazard[WEEK_MIN] is one week's total. */
  hazard: Float64Array;
}

export function buildOccupancyTable(profile: OccupancyProfile, capacity: number): OccupancyTable {
  const target = new Float64Array(WEEK_MIN + 1);
  const turnover = new Float64Array(WEEK_MIN);
  for (let m = 0; m < WEEK_MIN; m++) {
    const weekday = Math.floor(m / 1440);
    const day = weekday === 0 || weekday === 6 ? profile.weekend : profile.weekday;
    const at = profileAt(day, (m % 1440) / 60);
    target[m] = at.percent / 100;
    turnover[m] = at.turnoverPerHour / 60;
  }
  target[WEEK_MIN] = target[0] as number;
  const arrivals = new Float64Array(WEEK_MIN);
  const hazard = new Float64Array(WEEK_MIN + 1);
  for (let m = 0; m < WEEK_MIN; m++) {
    const f = target[m] as number;
    const slope = (target[m + 1] as number) - f;
    const mu0 = turnover[m] as number;
    arrivals[m] = capacity * (mu0 * f + Math.max(0, slope));
    hazard[m + 1] = (hazard[m] as number) + mu0 + Math.max(0, -slope) / Math.max(f, MIN_SHARE);
  }
  return { target, arrivals, hazard };
}

/** Minute of the local week at `t`, fractional (Sunday 00:00 = 0). */
export function minuteOfWeek(local: LocalTime, t: number): number {
  return local.weekday(t) * 1440 + local.hourOfDay(t) * 60;
}

/** Cumulative hazard at a fractional minute of the week. */
function hazardAt(table: OccupancyTable, minute: number): number {
  const i = Math.min(WEEK_MIN - 1, Math.floor(minute));
  const h0 = table.hazard[i] as number;
  return h0 + ((table.hazard[i + 1] as number) - h0) * (minute - i);
}

/**
 * Minutes until a car present at `minute` leaves, for an Exp(1) draw `e`: the time for the cumulative
 * hazard to grow by `e`, across week boundaries if need be.
 */
export function minutesUntilDeparture(table: OccupancyTable, minute: number, e: number): number {
  const { hazard } = table;
  const week = hazard[WEEK_MIN] as number;
  const goal = hazardAt(table, minute) + e;
  const weeks = Math.floor(goal / week);
  const rest = goal - weeks * week;
  // Binary search: the last minute whose cumulative hazard is ≤ rest.
  let lo = 0;
  let hi = WEEK_MIN;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((hazard[mid] as number) <= rest) lo = mid;
    else hi = mid;
  }
  const h0 = hazard[lo] as number;
  const step = (hazard[lo + 1] as number) - h0;
  const end = weeks * WEEK_MIN + lo + (step > 0 ? (rest - h0) / step : 0);
  return Math.max(0, end - minute);
}

/** Expected arrivals per minute at a fractional minute of the week. */
export function arrivalsPerMinute(table: OccupancyTable, minute: number): number {
  return table.arrivals[Math.min(WEEK_MIN - 1, Math.floor(minute))] as number;
}

/** Target share of spaces taken at a fractional minute of the week. */
export function targetShare(table: OccupancyTable, minute: number): number {
  return table.target[Math.min(WEEK_MIN - 1, Math.floor(minute))] as number;
}
