import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inWindow, minuteTable, parseWindow } from './schedule.js';

test('windows parse, and bad ones are refused', () => {
  assert.deepEqual(parseWindow('22:00-06:00'), { fromMin: 1320, toMin: 360 });
  assert.deepEqual(parseWindow(' 7:30 - 9:00 '), { fromMin: 450, toMin: 540 });
  assert.deepEqual(parseWindow('00:00-24:00'), { fromMin: 0, toMin: 1440 });
  for (const bad of ['22-06', '25:00-01:00', '10:60-11:00', '10:00-10:00', '24:00-01:00', '']) {
    assert.equal(parseWindow(bad), null, bad);
  }
});

test('a window past midnight covers both ends of the day; the end minute is outside', () => {
  const table = minuteTable([parseWindow('22:00-06:00'), parseWindow('12:00-16:00')] as never);
  assert.equal(inWindow(table, 23.5), true);
  assert.equal(inWindow(table, 0), true);
  assert.equal(inWindow(table, 5.99), true);
  assert.equal(inWindow(table, 6), false);
  assert.equal(inWindow(table, 11.99), false);
  assert.equal(inWindow(table, 12), true);
  assert.equal(inWindow(table, 16), false);
  assert.equal(inWindow(table, 21.99), false);
  assert.equal(
    table.reduce((s, x) => s + x, 0),
    12 * 60,
  );
  assert.equal(
    minuteTable([parseWindow('00:00-24:00')] as never).reduce((s, x) => s + x, 0),
    1440,
  );
});
