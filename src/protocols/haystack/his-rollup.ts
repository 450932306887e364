// hisRead rollups: with an `interval` (a Number with a time unit: 5min, 1h, 1day) and a `rollup` (avg by
// default, min, max, first, last), a point's samples become one row per interval that has any, at the
// interval's start. Intervals follow the site's clock: below a day they are counted from each local midnight
// (the last one of a day ends at the next midnight), and a day or more is whole local days from the local
// midnight that starts the range — so a day is 23 or 25 hours when the clocks change. Booleans, enums and
// text take the last value of each interval (the first with `rollup: first`): an average of words means
// nothing.
//
// Numbers with an interval that is a whole number of minutes or hours are rolled up from 1-hour or 1-minute
// buckets (the store's roll-ups, or the same buckets computed from the samples), the coarsest level whose
// buckets each fall in one interval; their sums add up by bucket (a minute's samples, an hour's minutes,
// then the interval's buckets), so that stored and computed roll-ups answer alike to the bit.

import { HNum, HStr, type HVal } from 'haystack-core';
import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import {
  type Bucket,
  bucketsOf,
  HOUR_MS,
  MINUTE_MS,
  type RollupLevel,
} from '../../runtime/services/history.js';
import { localMidnight } from '../../util/time.js';
import { OpError } from './grids.js';
import { SUB_DAY_UNIT_MS } from './time-units.js';

export const ROLLUPS = ['avg', 'min', 'max', 'first', 'last'] as const;
export type Rollup = (typeof ROLLUPS)[number];

const DAY = 86_400_000;
/** The Haystack time units an interval may use (the Haystack unit database's names), in ms. */
const UNIT_MS: Record<string, number> = {
  ...SUB_DAY_UNIT_MS,
  day: DAY,
  d: DAY,
  wk: 7 * DAY,
  week: 7 * DAY,
};
const UNITS_HINT = 'ms, s, min, h, day or wk';

export interface RollupSpec {
  /** The interval below a day, ms; 0 when it is whole days. */
  ms: number;
  /** The interval in whole local days (1day: 1, 1wk: 7); 0 below a day. */
  days: number;
  rollup: Rollup;
  /** For the answer's meta: the interval and rollup used. */
  meta: { interval: HNum; rollup: HStr };
}

/** The rollup a request asks for, or null for raw samples; a bad `interval` or `rollup` is an OpError. */
export function rollupSpec(
  interval: HVal | null | undefined,
  rollup: HVal | null | undefined,
): RollupSpec | null {
  const noRollup = rollup === undefined || rollup === null;
  if (interval === undefined || interval === null) {
    if (noRollup) return null;
    throw new OpError('hisRead: rollup needs an interval (a Number with a time unit: 5min, 1h, 1day)');
  }
  if (!(interval instanceof HNum))
    throw new OpError(
      `hisRead: interval must be a Number with a time unit (5min, 1h, 1day), not ${interval.toZinc()}`,
    );
  const unitMs = interval.unit ? UNIT_MS[interval.unit.symbol] : undefined;
  if (unitMs === undefined)
    throw new OpError(
      `hisRead: interval ${interval.toZinc()} is not a duration: give it a time unit (${UNITS_HINT})`,
    );
  const ms = interval.value * unitMs;
  if (!Number.isFinite(ms) || ms < 1 || !Number.isInteger(ms))
    throw new OpError(
      `hisRead: interval must be a whole number of milliseconds, at least 1ms, not ${interval.toZinc()}`,
    );
  if (ms >= DAY && ms % DAY !== 0)
    throw new OpError(
      `hisRead: an interval of a day or more must be whole days (1day, 7day, 1wk), not ${interval.toZinc()}`,
    );
  let kind: Rollup = 'avg';
  if (!noRollup) {
    const name = rollup instanceof HStr ? rollup.value : null;
    if (name === null || !(ROLLUPS as readonly string[]).includes(name))
      throw new OpError(`hisRead: rollup must be one of ${ROLLUPS.join(', ')}, not ${rollup.toZinc()}`);
    kind = name as Rollup;
  }
  return {
    ms: ms < DAY ? ms : 0,
    days: ms < DAY ? 0 : ms / DAY,
    rollup: kind,
    meta: { interval, rollup: HStr.make(kind) },
  };
}

/** The local midnight after the one at `midnight` (23, 24 or 25 hours later). */
const nextMidnight = (midnight: number, tz: string) => localMidnight(midnight + DAY + DAY / 2, tz);

/** The intervals of a spec, walked forward: `enter(t)` moves to the interval holding t (t never decreasing). */
class Intervals {
  start = Number.NaN;
  end = Number.NaN;
  private dayStart = Number.NaN;
  private dayEnd = Number.NaN;

  constructor(
    private readonly spec: RollupSpec,
    private readonly tz: string,
    rangeStart: number,
  ) {
    if (spec.days > 0) {
      this.start = localMidnight(rangeStart, tz);
      this.end = this.start;
      for (let d = 0; d < spec.days; d++) this.end = nextMidnight(this.end, tz);
    }
  }

  has(t: number): boolean {
    return t >= this.start && t < this.end;
  }

  enter(t: number): void {
    if (this.spec.days > 0) {
      // Whole days from the range's first midnight: step on to the interval holding t (gaps are skipped).
      while (t >= this.end) {
        this.start = this.end;
        for (let d = 0; d < this.spec.days; d++) this.end = nextMidnight(this.end, this.tz);
      }
      return;
    }
    if (!(t >= this.dayStart && t < this.dayEnd)) {
      this.dayStart = localMidnight(t, this.tz);
      this.dayEnd = nextMidnight(this.dayStart, this.tz);
    }
    const ms = this.spec.ms;
    this.start = this.dayStart + Math.floor((t - this.dayStart) / ms) * ms;
    this.end = Math.min(this.start + ms, this.dayEnd);
  }
}

/** The bucket levels a number's roll-up may use for `spec`, coarsest first (none below a minute). */
export function rollupLevels(spec: RollupSpec): RollupLevel[] {
  if (spec.days > 0 || spec.ms % HOUR_MS === 0) return ['hour', 'minute'];
  return spec.ms % MINUTE_MS === 0 ? ['minute'] : [];
}

/**
 * A number's roll-up from buckets (in time order): one value per interval that has any, at its start; null
 * when a bucket's samples fall in two intervals (a zone whose midnight is not on the bucket's boundary).
 */
export function rollUpBuckets(
  buckets: readonly Bucket[],
  spec: RollupSpec,
  tz: string,
  rangeStart: number,
): { times: number[]; values: Value[] } | null {
  const out = { times: [] as number[], values: [] as Value[] };
  const intervals = new Intervals(spec, tz, rangeStart);
  let count = 0;
  let sum = 0;
  let first = 0;
  let last = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (count === 0) return;
    out.times.push(intervals.start);
    const r = spec.rollup;
    out.values.push(
      r === 'avg' ? sum / count : r === 'min' ? min : r === 'max' ? max : r === 'first' ? first : last,
    );
    count = 0;
    sum = 0;
    min = Number.POSITIVE_INFINITY;
    max = Number.NEGATIVE_INFINITY;
  };
  for (const b of buckets) {
    if (!intervals.has(b.firstT)) {
      flush();
      intervals.enter(b.firstT);
    }
    if (!intervals.has(b.lastT)) return null;
    if (count === 0) first = b.first;
    last = b.last;
    count += b.count;
    sum += b.sum;
    min = Math.min(min, b.min);
    max = Math.max(max, b.max);
  }
  flush();
  return out;
}

/**
 * One value per interval that has samples, at the interval's start. `times` ascending and at or after
 * `rangeStart` (the start of the hisRead range, where whole-day intervals begin).
 */
export function rollUp(
  times: readonly number[],
  values: readonly Value[],
  point: Point,
  spec: RollupSpec,
  tz: string,
  rangeStart: number,
): { times: number[]; values: Value[] } {
  if (point.type === 'number') {
    const samples = times.map((t, i) => ({ t, v: values[i] as number }));
    for (const level of rollupLevels(spec)) {
      const rolled = rollUpBuckets(bucketsOf(samples, level), spec, tz, rangeStart);
      if (rolled !== null) return rolled;
    }
  }
  return rollUpSamples(times, values, point, spec, tz, rangeStart);
}

/** The roll-up sample by sample. */
function rollUpSamples(
  times: readonly number[],
  values: readonly Value[],
  point: Point,
  spec: RollupSpec,
  tz: string,
  rangeStart: number,
): { times: number[]; values: Value[] } {
  const out = { times: [] as number[], values: [] as Value[] };
  if (times.length === 0) return out;
  const rollup: Rollup = point.type === 'number' ? spec.rollup : spec.rollup === 'first' ? 'first' : 'last';
  const intervals = new Intervals(spec, tz, rangeStart);
  let count = 0;
  let sum = 0;
  let first: Value = 0;
  let last: Value = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (count === 0) return;
    out.times.push(intervals.start);
    out.values.push(
      rollup === 'avg'
        ? sum / count
        : rollup === 'min'
          ? min
          : rollup === 'max'
            ? max
            : rollup === 'first'
              ? first
              : last,
    );
    count = 0;
    sum = 0;
    min = Number.POSITIVE_INFINITY;
    max = Number.NEGATIVE_INFINITY;
  };
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    const v = values[i] as Value;
    if (!intervals.has(t)) {
      flush();
      intervals.enter(t);
    }
    if (count === 0) first = v;
    last = v;
    count++;
    if (typeof v === 'number') {
      // As the average does, a NaN makes the interval's min and max NaN.
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  flush();
  return out;
}
