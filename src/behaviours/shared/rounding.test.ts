import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { round } from './rounding.js';

test('rounds to the given number of decimal places', () => {
  assert.equal(round(12.345678, 0), 12);
  assert.equal(round(12.345678, 1), 12.3);
  assert.equal(round(12.345678, 2), 12.35);
  assert.equal(round(12.345678, 3), 12.346);
  assert.equal(round(-0.05, 1), -0);
  assert.equal(round(0.25, 1), 0.3);
});

test('the same as the scaled Math.round it replaced, bit for bit', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), (x) => {
      assert.equal(round(x, 1), Math.round(x * 10) / 10);
      assert.equal(round(x, 2), Math.round(x * 100) / 100);
      assert.equal(round(x, 3), Math.round(x * 1000) / 1000);
    }),
  );
});
