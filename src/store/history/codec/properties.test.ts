// Property tests: any valid series round-trips exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { chunkInfo, decodeChunk, encodeChunk } from './index.js';

/** The bit patterns of a float64 array, as unsigned 32-bit words. */
function bitsOf(values: Float64Array): number[] {
  return [...new Uint32Array(values.buffer, values.byteOffset, values.length * 2)];
}

/** Sorted safe integers spanning at most 2^53 − 1. */
const anySortedTimes = fc
  .array(fc.integer({ min: -(2 ** 52), max: 2 ** 52 - 1 }), { maxLength: 300 })
  .map((ts) => ts.sort((a, b) => a - b));

/** Sampling-like times: a start up to the year 9999, then steady, jittery, repeated or far-apart deltas. */
const sampledTimes = fc
  .tuple(
    fc.integer({ min: -62135596800000, max: 253402300799999 - 2 ** 45 }),
    fc.array(
      fc.oneof(
        fc.constant(1000),
        fc.integer({ min: 900, max: 1100 }),
        fc.constant(0),
        fc.integer({ min: 0, max: 2 ** 31 + 10 }),
        fc.integer({ min: 0, max: 2 ** 36 }),
      ),
      { maxLength: 300 },
    ),
  )
  .map(([first, deltas]) => {
    const times = [first];
    for (const d of deltas) times.push((times.at(-1) as number) + d);
    return times;
  });

/** Any doubles (NaN, −0, ±Infinity, subnormals included) and any raw bit patterns (every NaN payload). */
const valuesOf = (n: number) =>
  fc.oneof(
    fc.array(fc.double(), { minLength: n, maxLength: n }).map((v) => Float64Array.from(v)),
    fc
      .array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 2 * n, maxLength: 2 * n })
      .map((words) => new Float64Array(Uint32Array.from(words).buffer)),
    fc
      .array(fc.integer({ min: -100000, max: 100000 }), { minLength: n, maxLength: n })
      .map((v) => Float64Array.from(v, (x) => x / 100)),
    fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }).map((v) => Float64Array.from(v)),
  );

const series = fc
  .oneof(anySortedTimes, sampledTimes)
  .chain((times) => fc.tuple(fc.constant(times), valuesOf(times.length)));

describe('round trip properties', () => {
  test('any sorted integer times and any doubles come back exactly', () => {
    fc.assert(
      fc.property(series, ([times, values]) => {
        const bytes = encodeChunk(times, values);
        const got = decodeChunk(bytes);
        assert.deepEqual([...got.times], times);
        assert.deepEqual(bitsOf(got.values), bitsOf(values));
        const info = chunkInfo(bytes);
        assert.equal(info.count, times.length);
        assert.equal(info.firstTime, times[0]);
        assert.equal(info.lastTime, times.at(-1));
      }),
      { numRuns: 500 },
    );
  });
  test('plain number arrays encode like Float64Arrays', () => {
    fc.assert(
      fc.property(sampledTimes, fc.array(fc.double(), { maxLength: 300 }), (times, doubles) => {
        const n = Math.min(times.length, doubles.length);
        const values = doubles.slice(0, n);
        assert.deepEqual(
          encodeChunk(times.slice(0, n), values),
          encodeChunk(Float64Array.from(times.slice(0, n)), Float64Array.from(values)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
