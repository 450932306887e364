// The BACnet / Haystack 16-level priority array of a writable point: level 1 is the highest; the effective
// value is the first non-null level, else the relinquish default (level 17). Level 8 writes may be timed
// (a manual operator override that expires). Pure values: every change returns a new array.

import type { Value } from './value.js';

export const PRIORITY_LEVELS = 16;

/** The priority levels an operator may write: 8 (manual operator) to 16 (default); 1–7 are life safety… */
export const OPERATOR_LEVELS = { min: 8, max: 16 } as const;
export const RELINQUISH_DEFAULT_LEVEL = 17;
/** The only level that takes a duration, as in Haystack's pointWrite and BACnet's manual operator level. */
export const TIMED_LEVEL = 8;

export interface PriorityArray {
  /** Index 0 is level 1; index 16, when present, a written relinquish default (level 17), else the device's. */
  readonly values: ReadonlyArray<Value | null>;
  /** Expiry time (epoch ms) of each level, null when it does not expire. */
  readonly expiries: ReadonlyArray<number | null>;
}

export function emptyPriorityArray(): PriorityArray {
  return { values: Array(PRIORITY_LEVELS).fill(null), expiries: Array(PRIORITY_LEVELS).fill(null) };
}

/** Sets `level` (1–17) to `value`, or relinquishes it when `value` is null (at 17: back to the device's default). */
export function withLevel(
  array: PriorityArray,
  level: number,
  value: Value | null,
  expiresAt: number | null = null,
): PriorityArray {
  const values = [...array.values];
  const expiries = [...array.expiries];
  values[level - 1] = value;
  expiries[level - 1] = value === null ? null : expiresAt;
  return { values, expiries };
}

/** The value in force and the level it comes from (17 = relinquish default). */
export function effective(array: PriorityArray, relinquishDefault: Value): { value: Value; level: number } {
  for (let i = 0; i < PRIORITY_LEVELS; i++) {
    const v = array.values[i];
    if (v !== null && v !== undefined) return { value: v, level: i + 1 };
  }
  return { value: writtenDefault(array) ?? relinquishDefault, level: RELINQUISH_DEFAULT_LEVEL };
}

/** The relinquish default written at level 17, or null when the device's own is in force. */
export function writtenDefault(array: PriorityArray): Value | null {
  return array.values[RELINQUISH_DEFAULT_LEVEL - 1] ?? null;
}

/** The earliest expiry among timed levels, or null. */
export function nextExpiry(array: PriorityArray): number | null {
  let next: number | null = null;
  for (const t of array.expiries) if (t !== null && (next === null || t < next)) next = t;
  return next;
}

/** Levels whose timed value has expired at `now`, relinquished. */
export function withoutExpired(
  array: PriorityArray,
  now: number,
): { array: PriorityArray; expired: number[] } {
  const expired: number[] = [];
  let result = array;
  array.expiries.forEach((t, i) => {
    if (t !== null && t <= now) {
      expired.push(i + 1);
      result = withLevel(result, i + 1, null);
    }
  });
  return { array: result, expired };
}
