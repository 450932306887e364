import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { leastSquaresSlopePerHour, SlopeWindow } from './slope-window.js';

test('a steady value has no slope; a ramp has its own slope', () => {
  const w = new SlopeWindow(300, 1);
  w.fill(42);
  assert.equal(w.slopePerHour(), 0);
  for (let i = 1; i <= 300; i++) w.push(42 + i * 0.01); // +0.01 a second = +36 an hour
  assert.ok(Math.abs(w.slopePerHour() - 36) < 1e-9);
});

test('the running slope equals the least-squares slope of the last N samples, over a long noisy run', () => {
  const rng = createRng('slope');
  const n = 50;
  const w = new SlopeWindow(n, 2);
  w.fill(10);
  const all: number[] = new Array(n).fill(10);
  for (let i = 0; i < 5000; i++) {
    const y = 50 + 40 * Math.sin(i / 300) + rng.gaussian();
    w.push(y);
    all.push(y);
    if (i % 97 === 0) {
      const expected = leastSquaresSlopePerHour(all.slice(-n), 2);
      assert.ok(Math.abs(w.slopePerHour() - expected) < 1e-6, `at ${i}: ${w.slopePerHour()} vs ${expected}`);
    }
  }
});

test('refuses a window of fewer than 2 samples', () => {
  assert.throws(() => new SlopeWindow(1, 1), /at least 2/);
});
