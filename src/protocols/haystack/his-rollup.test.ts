// hisRead rollups: the interval and rollup a request may ask for, and one value per interval that has
// samples, at its start, on the site's clock (DST days, half-hour zones, intervals that do not divide a day).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { HNum, HStr, type HVal } from 'haystack-core';
import type { Value } from '../../core/value.js';
import { builtinProfiles } from '../../points/load.js';
import type { Point, Profile } from '../../points/model.js';
import { localMidnight } from '../../util/time.js';
import { PROTOCOLS } from '../registry.js';
import { haystackDateTime } from './datetime.js';
import { OpError } from './grids.js';
import { ROLLUPS, type Rollup, type RollupSpec, rollUp, rollupSpec } from './his-rollup.js';

const points = builtinProfiles(PROTOCOLS).flatMap((l) => (l.profile as Profile).points);
const NUMBER = points.find((p) => p.type === 'number') as Point;
const BOOL = points.find((p) => p.type === 'bool') as Point;
const ENUM = points.find((p) => p.type === 'enum' && (p.enum?.length ?? 0) >= 3) as Point;

const MIN = 60_000;
const HOUR = 60 * MIN;
const PARIS = 'Europe/Paris';
const spec = (interval: string, rollup?: Rollup): RollupSpec => {
  const [, n, unit] = /^([\d.]+)(\w+)$/.exec(interval) ?? [];
  const s = rollupSpec(HNum.make(Number(n), unit), rollup ? HStr.make(rollup) : undefined);
  if (!s) throw new Error('no spec');
  return s;
};
/** Local time text of each instant in `tz` with its offset: `2026-03-29T03:00+02:00`. */
const local = (times: number[], tz = PARIS) =>
  times.map((t) =>
    haystackDateTime(t, tz)
      .toZinc()
      .replace(/:00\.000/, '')
      .replace(/ \S+$/, ''),
  );

describe('rollupSpec: the interval and rollup a request asks for', () => {
  test('none without an interval; avg by default; the units of time Haystack names', () => {
    assert.equal(rollupSpec(undefined, undefined), null);
    assert.equal(rollupSpec(null, null), null);
    assert.deepEqual(
      [spec('5min'), spec('1h'), spec('90s'), spec('250ms'), spec('2hr'), spec('30sec')].map((s) => s.ms),
      [5 * MIN, HOUR, 90_000, 250, 2 * HOUR, 30_000],
    );
    assert.deepEqual(
      [spec('1day'), spec('2d'), spec('1wk'), spec('24h'), spec('1440min')].map((s) => s.days),
      [1, 2, 7, 1, 1],
    );
    assert.equal(spec('5min').rollup, 'avg');
    for (const r of ROLLUPS) assert.equal(spec('5min', r).rollup, r);
    assert.equal(spec('5min', 'max').meta.rollup.value, 'max');
    assert.equal(spec('5min').meta.interval.toZinc(), '5min');
  });

  test('a bad interval or rollup is an error that says what to send', () => {
    const bad: Array<[HVal | undefined, HVal | undefined, RegExp]> = [
      [HStr.make('5min'), undefined, /interval must be a Number with a time unit/],
      [
        HNum.make(5),
        undefined,
        /interval 5 is not a duration: give it a time unit \(ms, s, min, h, day or wk\)/,
      ],
      [HNum.make(5, 'kW'), undefined, /interval 5kW is not a duration/],
      [HNum.make(1, 'mo'), undefined, /is not a duration/],
      [HNum.make(0, 'min'), undefined, /at least 1ms/],
      [HNum.make(-5, 'min'), undefined, /at least 1ms/],
      [HNum.make(0.5, 'ms'), undefined, /whole number of milliseconds/],
      [HNum.make(Number.NaN, 'min'), undefined, /at least 1ms/],
      [HNum.make(Number.POSITIVE_INFINITY, 'h'), undefined, /at least 1ms/],
      [HNum.make(1.5, 'day'), undefined, /must be whole days \(1day, 7day, 1wk\), not 1.5day/],
      [HNum.make(36, 'h'), undefined, /must be whole days/],
      [HNum.make(5, 'min'), HStr.make('sum'), /rollup must be one of avg, min, max, first, last, not "sum"/],
      [HNum.make(5, 'min'), HNum.make(1), /rollup must be one of/],
      [undefined, HStr.make('max'), /rollup needs an interval/],
    ];
    for (const [interval, rollup, message] of bad)
      assert.throws(
        () => rollupSpec(interval, rollup),
        (err: unknown) => err instanceof OpError && message.test(err.message),
        `${interval?.toZinc()} ${rollup?.toZinc()}`,
      );
  });
});

describe('rollUp: one value per interval that has samples, at its start', () => {
  const T = Date.UTC(2026, 0, 5, 9); // 10:00 in Paris (UTC+1)

  test('avg, min, max, first and last of numbers; an interval without samples gives no row', () => {
    // 10:00–10:05: 1, 2, 6; 10:05–10:10: nothing; 10:10–10:15: 4; 10:15: 10 at its very start.
    const times = [T, T + MIN, T + 4 * MIN + 59_999, T + 12 * MIN, T + 15 * MIN];
    const values = [1, 2, 6, 4, 10];
    const at = [T, T + 10 * MIN, T + 15 * MIN];
    const expected: Record<Rollup, number[]> = {
      avg: [3, 4, 10],
      min: [1, 4, 10],
      max: [6, 4, 10],
      first: [1, 4, 10],
      last: [6, 4, 10],
    };
    for (const r of ROLLUPS) {
      const rolled = rollUp(times, values, NUMBER, spec('5min', r), PARIS, T - 7 * MIN);
      assert.deepEqual(rolled, { times: at, values: expected[r] }, r);
    }
    assert.deepEqual(rollUp([], [], NUMBER, spec('5min'), PARIS, T), { times: [], values: [] });
  });

  test('booleans and enums take the last value of each interval (the first with rollup first)', () => {
    const times = [T, T + MIN, T + 2 * MIN, T + 6 * MIN];
    const words = ENUM.enum as string[];
    const enums = [words[0], words[2], words[1], words[0]] as Value[];
    for (const r of ['avg', 'min', 'max', 'last'] as Rollup[]) {
      assert.deepEqual(rollUp(times, [true, false, true, false], BOOL, spec('5min', r), PARIS, T).values, [
        true,
        false,
      ]);
      assert.deepEqual(rollUp(times, enums, ENUM, spec('5min', r), PARIS, T).values, [words[1], words[0]]);
    }
    assert.deepEqual(rollUp(times, enums, ENUM, spec('5min', 'first'), PARIS, T).values, [
      words[0],
      words[0],
    ]);
  });

  test('the spring DST day: 23 hourly rows on the local hours, 02:00 missing', () => {
    const day = localMidnight(Date.UTC(2026, 2, 29, 12), PARIS);
    const times = Array.from({ length: 23 * 4 }, (_, i) => day + i * 15 * MIN);
    const rolled = rollUp(times, times.map(Number), NUMBER, spec('1h', 'first'), PARIS, day);
    assert.equal(rolled.times.length, 23);
    assert.deepEqual(local(rolled.times).slice(0, 4), [
      '2026-03-29T00:00+01:00',
      '2026-03-29T01:00+01:00',
      '2026-03-29T03:00+02:00',
      '2026-03-29T04:00+02:00',
    ]);
    assert.equal(local(rolled.times).at(-1), '2026-03-29T23:00+02:00');
  });

  test('the autumn DST day: 25 hourly rows, 02:00 twice with its two offsets', () => {
    const day = localMidnight(Date.UTC(2026, 9, 25, 12), PARIS);
    const times = Array.from({ length: 25 * 2 }, (_, i) => day + i * 30 * MIN);
    const rolled = rollUp(times, times.map(Number), NUMBER, spec('1h'), PARIS, day);
    assert.equal(rolled.times.length, 25);
    assert.deepEqual(local(rolled.times).slice(1, 5), [
      '2026-10-25T01:00+02:00',
      '2026-10-25T02:00+02:00',
      '2026-10-25T02:00+01:00',
      '2026-10-25T03:00+01:00',
    ]);
    // Each hour holds its own two samples: the average is the middle of them.
    rolled.values.forEach((v, i) => {
      assert.equal(v, (rolled.times[i] as number) + 15 * MIN);
    });
  });

  test('whole days are local days from the range’s first midnight: 23 and 25 hours when the clocks change', () => {
    const start = localMidnight(Date.UTC(2026, 2, 28, 12), PARIS); // Saturday, then the 23-hour Sunday
    const times: number[] = [];
    for (let t = start; t < start + 3 * 24 * HOUR; t += HOUR) times.push(t);
    const counts = rollUp(
      times,
      times.map(() => 1),
      NUMBER,
      spec('1day'),
      PARIS,
      start + 5 * HOUR,
    );
    assert.deepEqual(local(counts.times), [
      '2026-03-28T00:00+01:00',
      '2026-03-29T00:00+01:00',
      '2026-03-30T00:00+02:00',
      '2026-03-31T00:00+02:00',
    ]);
    // first of each day is the sample at its midnight; the DST day's last sample is 23 hours after it.
    const lasts = rollUp(times, times.map(Number), NUMBER, spec('1day', 'last'), PARIS, start);
    assert.equal((lasts.values[1] as number) - (lasts.times[1] as number), 22 * HOUR);
    const autumn = localMidnight(Date.UTC(2026, 9, 25, 12), PARIS);
    const autumnTimes = Array.from({ length: 26 }, (_, i) => autumn + i * HOUR);
    const rows = rollUp(autumnTimes, autumnTimes.map(Number), NUMBER, spec('1day', 'last'), PARIS, autumn);
    assert.deepEqual(rows.values, [autumn + 24 * HOUR, autumn + 25 * HOUR], 'a 25-hour day');
    // Weeks start on the range's first day, and a gap of weeks is skipped.
    const weeks = rollUp([start, start + 20 * 24 * HOUR], [1, 2], NUMBER, spec('1wk'), PARIS, start);
    assert.deepEqual(local(weeks.times), ['2026-03-28T00:00+01:00', '2026-04-11T00:00+02:00']);
  });

  test('an interval that does not divide the day starts again at each midnight', () => {
    const day = localMidnight(Date.UTC(2026, 0, 5, 12), PARIS);
    const times = Array.from({ length: 48 }, (_, i) => day + i * HOUR);
    const rolled = rollUp(
      times,
      times.map(() => 1),
      NUMBER,
      spec('7h'),
      PARIS,
      day,
    );
    assert.deepEqual(local(rolled.times), [
      '2026-01-05T00:00+01:00',
      '2026-01-05T07:00+01:00',
      '2026-01-05T14:00+01:00',
      '2026-01-05T21:00+01:00',
      '2026-01-06T00:00+01:00',
      '2026-01-06T07:00+01:00',
      '2026-01-06T14:00+01:00',
      '2026-01-06T21:00+01:00',
    ]);
  });

  test('intervals follow the local clock in a half-hour zone', () => {
    const tz = 'Asia/Kolkata';
    const t = Date.UTC(2026, 0, 5, 4, 40); // 10:10 in Kolkata (UTC+5:30)
    const rolled = rollUp([t, t + 30 * MIN, t + 55 * MIN], [1, 2, 3], NUMBER, spec('1h'), tz, t);
    assert.deepEqual(local(rolled.times, tz), ['2026-01-05T10:00+05:30', '2026-01-05T11:00+05:30']);
  });

  test('properties: rows ascending, at most one per sample, each the rollup of its interval’s samples', () => {
    const ZONES = ['Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    const START = Date.UTC(2026, 2, 27); // around the European spring change
    const INTERVALS = ['1ms', '1s', '7s', '1min', '5min', '15min', '1h', '7h', '1day', '2day', '1wk'];
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...INTERVALS),
        fc.constantFrom(...ROLLUPS),
        fc.uniqueArray(fc.integer({ min: 0, max: 10 * 86_400_000 }), { maxLength: 60 }),
        (tz, interval, rollup, offsets) => {
          const times = offsets.sort((a, b) => a - b).map((o) => START + o);
          const values = times.map((t) => (t % 1000) - 500);
          const s = spec(interval, rollup);
          const rolled = rollUp(times, values, NUMBER, s, tz, START);
          assert.ok(rolled.times.length <= times.length);
          for (let i = 1; i < rolled.times.length; i++)
            assert.ok((rolled.times[i] as number) > (rolled.times[i - 1] as number));
          // Every sample falls in the row at or before it, and each row's samples give its value.
          rolled.times.forEach((at, i) => {
            const next = rolled.times[i + 1] ?? Number.POSITIVE_INFINITY;
            const inside = values.filter(
              (_v, k) => (times[k] as number) >= at && (times[k] as number) < next,
            );
            assert.ok(inside.length > 0, 'no row without samples');
            const want =
              rollup === 'avg'
                ? inside.reduce((a, b) => a + b, 0) / inside.length
                : rollup === 'min'
                  ? Math.min(...inside)
                  : rollup === 'max'
                    ? Math.max(...inside)
                    : rollup === 'first'
                      ? inside[0]
                      : inside.at(-1);
            assert.equal(rolled.values[i], want);
          });
          if (times.length > 0) assert.ok((rolled.times[0] as number) <= (times[0] as number));
          // An interval of 1 ms keeps every sample as it is.
          if (interval === '1ms') assert.deepEqual(rolled, { times, values });
        },
      ),
      { numRuns: 400 },
    );
  });
});
