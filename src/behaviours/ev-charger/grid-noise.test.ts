import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { ouStep } from './grid-noise.js';

test('the walk reverts to its mean with the stationary spread', () => {
  const rng = createRng('ou');
  let x = -0.005;
  let sum = 0;
  let sumSq = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    x = ouStep(x, -0.005, 0.003, 5, 300, rng.gaussian());
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  const sd = Math.sqrt(sumSq / n - mean * mean);
  assert.ok(Math.abs(mean + 0.005) < 0.0005, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.003) < 0.0005, `spread ${sd}`);
});

test('no noise: a plain exponential return to the mean', () => {
  assert.equal(ouStep(1, 0, 0, 300, 300, 0), Math.exp(-1));
});
