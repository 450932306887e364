import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalTime } from '../../util/local-time.js';
import { ambientC } from './ambient.js';

const paris = new LocalTime('Europe/Paris');
/** Local hour `hour` of 2026-MM-DD in Paris (UTC+1 in winter, UTC+2 in summer). */
const at = (month: number, day: number, hour: number, offset: number) =>
  Date.UTC(2026, month - 1, day, hour - offset);

test('coldest at 03:00 in mid-January, warmest at 15:00 in mid-July', () => {
  const cold = ambientC(12, 4, 8, paris, at(1, 15, 3, 1));
  assert.ok(Math.abs(cold - (12 - 8 - 4)) < 0.01, `${cold}`);
  const warm = ambientC(12, 4, 8, paris, at(7, 16, 15, 2));
  assert.ok(Math.abs(warm - (12 + 8 + 4)) < 0.01, `${warm}`);
});

test('without swings it is the mean all year round', () => {
  for (const month of [1, 4, 7, 10]) assert.equal(ambientC(16, 0, 0, paris, at(month, 1, 12, 1)), 16);
});
