import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HNum } from 'haystack-core';
import { HAYSTACK_UNITS } from '../../points/data/haystack-units.js';
import { durationMs, TIME_UNIT_MS } from './time-units.js';

test('every unit converted is a unit of the Haystack database', () => {
  for (const unit of Object.keys(TIME_UNIT_MS)) assert.ok(HAYSTACK_UNITS.has(unit), unit);
});

test('durations in every time unit, seconds without a unit, null for any other unit', () => {
  const cases: Array<[HNum, number | null]> = [
    [HNum.make(90), 90_000],
    [HNum.make(500, 'ms'), 500],
    [HNum.make(2, 'sec'), 2000],
    [HNum.make(1.5, 'hr'), 5_400_000],
    [HNum.make(1, 'day'), 86_400_000],
    [HNum.make(2, 'wk'), 1_209_600_000],
    [HNum.make(1, 'mo'), 2_629_800_000],
    [HNum.make(1, 'yr'), 31_536_000_000],
    [HNum.make(3, 'week'), 1_814_400_000],
    [HNum.make(1000, 'µs'), 1],
    [HNum.make(5, 'kW'), null],
    [HNum.make(5, '%'), null],
  ];
  for (const [n, ms] of cases) assert.equal(durationMs(n), ms, n.toZinc());
});
