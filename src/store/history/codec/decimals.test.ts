import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeChunk, encodeChunk } from './chunk.js';
import { decimalsOf } from './decimals.js';

const T0 = 1_767_571_200_000;
const times = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * 1000);
const f64 = (xs: number[]) => Float64Array.from(xs);

describe('decimal scaling', () => {
  test('the smallest number of decimals that gives every value back exactly', () => {
    assert.equal(decimalsOf(f64([1, 2, 3]), 3), 0, 'whole numbers need none');
    assert.equal(decimalsOf(f64([21.5, 20]), 2), 1);
    assert.equal(decimalsOf(f64([21.37, -4.1, 0]), 3), 2);
    assert.equal(decimalsOf(f64([0.000001]), 1), 6);
    assert.equal(decimalsOf(f64([0.0000001]), 1), 0, 'more than 6 decimals: stored as they are');
    assert.equal(decimalsOf(f64([0.1 + 0.2]), 1), 0, '0.30000000000000004 is not a short decimal');
    assert.equal(decimalsOf(f64([1.5, Number.NaN]), 2), 0);
    assert.equal(decimalsOf(f64([1.5, Number.POSITIVE_INFINITY]), 2), 0);
    assert.equal(decimalsOf(f64([1.5, -0]), 2), 0, '-0 would come back as 0');
    assert.equal(decimalsOf(f64([1e300, 0.5]), 2), 0, 'too large to scale');
  });

  test('decimal chunks are version 2, much smaller, and exact', () => {
    const values = times(1000).map(
      (_, i) => Math.round((20 + 5 * Math.sin(i / 100) + (i % 7) / 100) * 100) / 100,
    );
    const bytes = encodeChunk(times(1000), values);
    assert.equal(bytes[0], 2);
    assert.equal(bytes[1], 2, 'two decimals');
    assert.ok(bytes.length / 1000 < 2.5, `${bytes.length / 1000} bytes a sample`);
    assert.deepEqual([...decodeChunk(bytes).values], values);
  });

  test('any short decimal values round-trip bit for bit', () => {
    const decimal = fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }))
      .map(([k, d]) => k / 10 ** d);
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 300 }), (values) => {
        const back = decodeChunk(encodeChunk(times(values.length), values)).values;
        for (let i = 0; i < values.length; i++)
          assert.ok(Object.is(back[i], values[i]), `${back[i]} ≠ ${values[i]}`);
      }),
      { numRuns: 300 },
    );
  });
});
