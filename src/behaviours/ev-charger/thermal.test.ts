import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ambientAt, lagTowards } from './thermal.js';

/** `actual` within `tolerance` of `expected`, with both in the message. */
function near(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

test('ambient peaks at the peak hour and is lowest twelve hours later', () => {
  assert.equal(ambientAt(18, 2, 16, 16), 20);
  near(ambientAt(18, 2, 16, 4), 16, 1e-12);
  near(ambientAt(18, 2, 16, 10), 18, 1e-12);
});

test('first-order lag: 63 % of the way after one time constant, exact in any number of steps', () => {
  const tau = 1200;
  near(lagTowards(20, 35, tau, tau), 20 + 15 * (1 - Math.exp(-1)), 1e-12);
  let t = 20;
  for (let i = 0; i < 1200; i++) t = lagTowards(t, 35, 1, tau);
  near(t, lagTowards(20, 35, tau, tau), 1e-9);
  assert.equal(lagTowards(30, 30, 10, tau), 30);
});

test('the default heat rise gives about +15 K at 22 kW', () => {
  near(0.68 * 22, 15, 0.1);
});
