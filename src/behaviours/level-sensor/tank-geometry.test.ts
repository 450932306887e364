import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filledFraction, levelForFraction } from './tank-geometry.js';

test('vertical cylinder: volume proportional to level', () => {
  for (const x of [0, 0.1, 0.25, 0.5, 0.9, 1]) assert.equal(filledFraction('vertical-cylinder', x), x);
  assert.equal(filledFraction('vertical-cylinder', 1.2), 1);
  assert.equal(filledFraction('vertical-cylinder', -0.1), 0);
});

test('horizontal cylinder: known points of the circular segment', () => {
  const f = (x: number) => filledFraction('horizontal-cylinder', x);
  assert.equal(f(0), 0);
  assert.ok(Math.abs(f(0.5) - 0.5) < 1e-12);
  assert.ok(Math.abs(f(1) - 1) < 1e-12);
  // Quarter height: θ = 2·acos(0.5) = 2π/3, share (2π/3 − √3/2) / 2π ≈ 0.19550.
  assert.ok(Math.abs(f(0.25) - ((2 * Math.PI) / 3 - Math.sqrt(3) / 2) / (2 * Math.PI)) < 1e-12);
  // Symmetry: f(x) + f(1 − x) = 1, and non-linear (less than linear below half height).
  for (const x of [0.05, 0.1, 0.3, 0.45]) {
    assert.ok(Math.abs(f(x) + f(1 - x) - 1) < 1e-12);
    assert.ok(f(x) < x);
  }
});

test('levelForFraction inverts filledFraction for both shapes', () => {
  for (const shape of ['vertical-cylinder', 'horizontal-cylinder'] as const) {
    for (let i = 0; i <= 1000; i++) {
      const x = i / 1000;
      const back = levelForFraction(shape, filledFraction(shape, x), 0.5);
      assert.ok(Math.abs(back - x) < 1e-6, `${shape} at ${x}: ${back}`);
    }
  }
  assert.equal(levelForFraction('horizontal-cylinder', 0), 0);
  assert.equal(levelForFraction('horizontal-cylinder', 1), 1);
  assert.equal(levelForFraction('horizontal-cylinder', 1.5), 1);
});
