// The charger's electrics as pure functions: the current it may offer, how the car follows it, the power
// factor, the active power, the supply voltage.

const SQRT3 = Math.sqrt(3);

/**
 * Current the charger offers the car, A: the lowest of its limits, or 0 when that is below the IEC 61851-1
 * minimum (the charger pauses rather than offer less than 6 A). `shareA` is NaN when load management does
 * not apply.
 */
export function offeredCurrent(
  maxCurrentLimitA: number,
  vehicleMaxA: number,
  hardwareMaxA: number,
  shareA: number,
  minCurrentA: number,
): number {
  let limit = Math.min(maxCurrentLimitA, vehicleMaxA, hardwareMaxA);
  if (shareA < limit) limit = shareA; // false for NaN
  return limit >= minCurrentA ? limit : 0;
}

/**
 * The car's current after `dt` seconds: it rises towards the offer at `rampAps` (starting at the minimum
 * current, as a car does), and drops to a lower offer at once so that it never exceeds any limit.
 */
export function rampCurrent(
  current: number,
  offered: number,
  rampAps: number,
  dt: number,
  minCurrentA: number,
): number {
  if (offered <= current) return offered;
  return Math.min(offered, Math.max(current + rampAps * dt, minCurrentA));
}

/** Power factor of an onboard charger at current `i`: from `low` at `minA` to `full` at its rating `maxA`. */
export function powerFactorAt(i: number, minA: number, maxA: number, low: number, full: number): number {
  if (maxA <= minA) return full;
  const x = Math.min(1, Math.max(0, (i - minA) / (maxA - minA)));
  return low + (full - low) * x;
}

/** Active power, kW: √3·U·I·PF/1000 for 3 phases (U line-to-line), U·I·PF/1000 for one. */
export function activePowerKw(
  phases: 1 | 3,
  voltageV: number,
  currentA: number,
  powerFactor: number,
): number {
  return ((phases === 3 ? SQRT3 : 1) * voltageV * currentA * powerFactor) / 1000;
}

/**
 * Supply voltage at the charger, V: nominal, moved by the grid's deviation (a fraction) and the feeder's drop
 * (proportional to the current), kept within ± band of nominal and within [lo, hi] (the points list's range).
 */
export function supplyVoltage(
  nominalV: number,
  gridDeviation: number,
  dropAtMax: number,
  currentA: number,
  hardwareMaxA: number,
  band: number,
  lo: number,
  hi: number,
): number {
  const v = nominalV * (1 + gridDeviation - (dropAtMax * currentA) / hardwareMaxA);
  return Math.min(hi, nominalV * (1 + band), Math.max(lo, nominalV * (1 - band), v));
}
