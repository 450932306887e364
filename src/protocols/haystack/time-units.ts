// The time units of the Haystack unit database, in milliseconds: what pointWrite's duration, a watch's lease
// and hisRead's interval count in. Symbols and names both (`h`, `hr`, `hour`); a month is the database's
// julian month (30.4375 days) and a year 365 days.

import type { HNum } from 'haystack-core';

/** The symbols below a day (hisRead's interval adds the longer units it takes). */
export const SUB_DAY_UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
};

const DAY_MS = 86_400_000;

/** Every Haystack time unit. */
export const TIME_UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  nanosecond: 1e-6,
  µs: 1e-3,
  microsecond: 1e-3,
  ...SUB_DAY_UNIT_MS,
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: DAY_MS,
  wk: 7 * DAY_MS,
  week: 7 * DAY_MS,
  mo: 30.4375 * DAY_MS,
  julian_month: 30.4375 * DAY_MS,
  yr: 365 * DAY_MS,
  year: 365 * DAY_MS,
};

/** The longest timed override pointWrite takes (and `pointyard write --duration`): 30 days. */
export const MAX_OVERRIDE_MS = 30 * DAY_MS;

/** A Number as milliseconds: a time unit converted, no unit counted as seconds; null for any other unit. */
export function durationMs(n: HNum): number | null {
  const factor = TIME_UNIT_MS[n.unit?.symbol ?? 's'];
  return factor === undefined ? null : n.value * factor;
}
