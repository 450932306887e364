import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { logNormal, pickWeighted } from './vehicle.js';

test('pickWeighted follows the weights', () => {
  assert.equal(pickWeighted([1, 3], 0), 0);
  assert.equal(pickWeighted([1, 3], 0.24), 0);
  assert.equal(pickWeighted([1, 3], 0.26), 1);
  assert.equal(pickWeighted([0, 1], 0), 1);
  assert.equal(pickWeighted([1, 1], 0.9999999), 1);
});

test('logNormal has the requested mean and stays within its bounds', () => {
  const rng = createRng('lognormal');
  let sum = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const x = logNormal(8, 0.6, 0, 1e9, rng.gaussian());
    sum += x;
  }
  assert.ok(Math.abs(sum / n - 8) < 0.15, `mean ${sum / n}`);
  assert.equal(logNormal(8, 0.6, 1, 60, 10), 60);
  assert.equal(logNormal(8, 0.6, 1, 60, -10), 1);
  assert.ok(Math.abs(logNormal(8, 0, 1, 60, 3) - 8) < 1e-12, 'no spread: the mean');
});
