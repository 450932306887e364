import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, type Rng } from '../../core/rng.js';
import { exponential, poisson, uniform } from './random.js';

/** A generator that counts its draws. */
function counting(seed: string): Rng & { draws: number } {
  const rng = createRng(seed);
  const counted = {
    draws: 0,
    next: () => {
      counted.draws++;
      return rng.next();
    },
    gaussian: () => rng.gaussian(),
    int: (min: number, max: number) => rng.int(min, max),
    chance: (p: number) => rng.chance(p),
  };
  return counted;
}

test('exponential waits have mean 1/rate; rate 0 waits forever without drawing', () => {
  const rng = counting('exponential');
  let sum = 0;
  for (let i = 0; i < 20_000; i++) sum += exponential(rng, 4);
  assert.ok(Math.abs(sum / 20_000 - 0.25) < 0.01, `mean ${sum / 20_000}`);
  const draws = rng.draws;
  assert.equal(exponential(rng, 0), Number.POSITIVE_INFINITY);
  assert.equal(rng.draws, draws);
});

test('one draw each, and the same draw as the formula it replaced', () => {
  const a = createRng('same');
  const b = createRng('same');
  for (let i = 0; i < 100; i++) {
    assert.equal(exponential(a, 1), -Math.log(1 - b.next()));
    assert.equal(exponential(a, 2.5), -Math.log(1 - b.next()) / 2.5);
    const u = uniform(a, 3, 7);
    assert.equal(u, 3 + 4 * b.next());
    assert.ok(u >= 3 && u < 7);
  }
});

test('Poisson counts have the right mean', () => {
  const rng = createRng('poisson');
  for (const mean of [0.2, 3, 50]) {
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += poisson(rng, mean);
    assert.ok(Math.abs(sum / 20_000 - mean) < 0.05 * mean + 0.02, `mean ${mean}: ${sum / 20_000}`);
  }
  assert.equal(poisson(rng, 0), 0);
});
