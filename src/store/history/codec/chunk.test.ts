import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodecError, chunkInfo, decodeChunk, encodeChunk } from './index.js';

/** The bit patterns of a float64 array, as unsigned 32-bit words. */
function bitsOf(values: Float64Array): number[] {
  return [...new Uint32Array(values.buffer, values.byteOffset, values.length * 2)];
}

/** Encodes, decodes and checks times and the exact value bits; returns the chunk. */
function roundTrip(times: number[], values: number[] | Float64Array): Uint8Array {
  const bytes = encodeChunk(times, values);
  const got = decodeChunk(bytes);
  assert.deepEqual([...got.times], times);
  assert.deepEqual(bitsOf(got.values), bitsOf(Float64Array.from(values)));
  assert.deepEqual(chunkInfo(bytes), {
    count: times.length,
    ...(times.length > 0 ? { firstTime: times[0], lastTime: times.at(-1) } : {}),
  });
  return bytes;
}

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = 1_700_000_000_000;
const every = (n: number, step: number, from = T0) => Array.from({ length: n }, (_, i) => from + i * step);

describe('encodeChunk / decodeChunk round trips', () => {
  test('an empty chunk is the version and a zero count', () => {
    assert.deepEqual([...roundTrip([], [])], [1, 0]);
  });
  test('one sample: the header alone, byte for byte', () => {
    const bytes = roundTrip([T0], [2]);
    const time = [0x00, 0x68, 0xe5, 0xcf, 0x8b, 0x01, 0x00, 0x00]; // 1.7e12 as a little-endian int64
    assert.deepEqual([...bytes], [1, 1, ...time, 0, 0, 0, 0, 0, 0, 0, 0, 0x40]);
  });
  test('constant values at regular intervals cost 2 bits a sample', () => {
    const n = 1000;
    const bytes = roundTrip(every(n, 1000), Array(n).fill(21));
    // Header 22 bytes (2-byte count, 3-byte span), first delta 15 bits, then 1 + 1 bits a sample.
    assert.equal(bytes.length, 22 + Math.ceil((15 + (n - 2) + (n - 1)) / 8));
  });
  test('regular 1 s, 100 ms and 1 min intervals', () => {
    const r = random(1);
    for (const step of [1000, 100, 60_000])
      roundTrip(
        every(500, step),
        every(500, 0).map(() => r() * 100),
      );
  });
  test('irregular jitter, repeated times and huge gaps', () => {
    const r = random(2);
    const jitter = every(300, 1000).map((t) => t + Math.floor(r() * 200 - 100));
    roundTrip(
      jitter,
      jitter.map((_, i) => i),
    );
    roundTrip([T0, T0, T0, T0 + 1, T0 + 1, T0 + 1], [1, 2, 3, 4, 5, 6]);
    const gaps = [-(2 ** 52), 0, 1, 2 ** 31, 2 ** 31 + 1, 253402300799999, 2 ** 52 - 1]; // span 2^53 − 1
    roundTrip(
      gaps,
      gaps.map(() => 0),
    );
  });
  test('times before 1970 and up to the year 9999', () => {
    roundTrip([-62135596800000, -1, 0, 253402300799999], [1, 2, 3, 4]);
  });
  test('NaN, ±Infinity, −0, subnormals, extremes', () => {
    const special = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0,
      -0,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072009e-308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.EPSILON,
      Number.NaN,
      -0,
    ];
    const bytes = roundTrip(every(special.length, 1000), special);
    const got = decodeChunk(bytes).values;
    assert.ok(Object.is(got[3], -0) && Object.is(got[4], 0) && Number.isNaN(got[0]));
    // −0 as the first value lives in the header.
    assert.ok(Object.is(decodeChunk(encodeChunk([0], [-0])).values[0], -0));
  });
  test('NaN payloads other than the canonical one survive from a Float64Array', () => {
    const raw = new Uint32Array([1, 0x7ff00000, 0xdeadbeef, 0xfff80000, 0, 0x7ff80000, 0x12345, 0x7ff00000]);
    const values = new Float64Array(raw.buffer);
    roundTrip(every(4, 1000), values);
  });
  test('integers, booleans and random floats', () => {
    const r = random(3);
    roundTrip(
      every(400, 1000),
      every(400, 0).map(() => Math.floor(r() * 2000 - 1000)),
    );
    roundTrip(
      every(400, 1000),
      every(400, 0).map((_, i) => (Math.floor(i / 37) % 2 === 0 ? 0 : 1)),
    );
    roundTrip(
      every(400, 1000),
      every(400, 0).map(() => (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20)),
    );
    const randomBits = new Float64Array(new Uint32Array(800).map(() => Math.floor(r() * 2 ** 32)).buffer);
    roundTrip(every(400, 1000), randomBits);
  });
  test('count takes a prefix of longer arrays, typed or not', () => {
    const times = Float64Array.of(1, 2, 3, 4);
    const values = [10, 20, 30, 40];
    const got = decodeChunk(encodeChunk(times, values, 3));
    assert.deepEqual([...got.times], [1, 2, 3]);
    assert.deepEqual([...got.values], [10, 20, 30]);
    assert.equal(decodeChunk(encodeChunk(times, values, 0)).times.length, 0);
  });
  test('a Float64Array view with an offset is read from its offset', () => {
    const values = new Float64Array([9, 9, 1, 2, 3]).subarray(2);
    const times = new Float64Array([0, 5, 6, 7]).subarray(1);
    assert.deepEqual([...decodeChunk(encodeChunk(times, values)).values], [1, 2, 3]);
  });
});

describe('encodeChunk refuses bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['decreasing times', () => encodeChunk([1, 3, 2, 4], [0, 0, 0, 0]), /time 2 at sample 2 is before/],
    ['a last time before the first', () => encodeChunk([5, 4], [0, 0]), /sample 1/],
    ['a fractional time', () => encodeChunk([1, 1.5, 2], [0, 0, 0]), /time 1.5 at sample 1/],
    ['a NaN first time', () => encodeChunk([Number.NaN], [0]), /sample 0/],
    ['an unsafe time', () => encodeChunk([0, 2 ** 53], [0, 0]), /sample 1/],
    ['a span over 2^53 − 1 ms', () => encodeChunk([-(2 ** 52), 2 ** 52], [0, 0]), /span .* exceeds/],
    ['lengths that differ', () => encodeChunk([1, 2], [0]), /2 times but 1 values/],
    ['a count beyond the arrays', () => encodeChunk([1, 2], [0, 0], 3), /cannot encode 3 samples/],
    ['a negative count', () => encodeChunk([1, 2], [0, 0], -1), /cannot encode -1/],
  ];
  for (const [what, run, message] of cases)
    test(what, () => assert.throws(run, (e) => e instanceof CodecError && message.test(e.message)));
});

describe('decodeChunk refuses damaged chunks', () => {
  const good = encodeChunk(
    every(50, 1000),
    every(50, 0).map((_, i) => i * 0.5),
  );
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['no bytes', new Uint8Array(), /truncated/],
    ['an unknown version', Uint8Array.of(3, 0), /version byte 3/],
    ['decimals out of range', Uint8Array.of(2, 9, 0), /9 decimals/],
    [
      'a count with no samples behind it',
      Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0x0f),
      /truncated|cannot fit/,
    ],
    ['a count the bytes cannot hold', Uint8Array.of(1, 0xf0, 0x0f, ...good.subarray(2)), /cannot fit/],
    [
      'a count varint that never ends',
      Uint8Array.of(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0),
      /sample count runs past/,
    ],
    ['a truncated header', good.subarray(0, 12), /truncated/],
    ['a truncated stream', good.subarray(0, good.length - 1), /truncated|damaged/],
    ['a trailing byte', Uint8Array.of(...good, 0), /1 byte\(s\) after the last sample/],
    ['trailing garbage after an empty chunk', Uint8Array.of(1, 0, 7), /after the last sample/],
    [
      'a span that disagrees with the times',
      Uint8Array.of(...good.subarray(0, 10), 0x00, ...good.subarray(13)),
      /./,
    ],
  ];
  for (const [what, bytes, message] of cases)
    test(what, () =>
      assert.throws(
        () => decodeChunk(bytes),
        (e) => e instanceof CodecError && message.test(e.message),
      ),
    );
  test('non-zero padding bits', () => {
    const bytes = encodeChunk([0, 1000, 2000], [1, 1, 1]); // 15 + 1 time bits, 2 value bits, 6 of padding
    const damaged = Uint8Array.from(bytes);
    damaged[damaged.length - 1] = (damaged.at(-1) as number) | 0x80;
    assert.throws(() => decodeChunk(damaged), /non-zero padding/);
  });
  test('not a Uint8Array', () => {
    assert.throws(() => decodeChunk([1, 0] as unknown as Uint8Array), CodecError);
    assert.throws(() => chunkInfo('x' as unknown as Uint8Array), CodecError);
  });
});

describe('chunkInfo', () => {
  test('reads count, first and last time from the header of a long chunk', () => {
    const bytes = encodeChunk(every(10_000, 1000), new Float64Array(10_000));
    assert.deepEqual(chunkInfo(bytes), { count: 10_000, firstTime: T0, lastTime: T0 + 9_999_000 });
  });
  test('an empty chunk has a count only', () => {
    assert.deepEqual(chunkInfo(encodeChunk([], [])), { count: 0 });
  });
  test('a damaged header throws', () => {
    assert.throws(() => chunkInfo(Uint8Array.of(1, 1, 0)), CodecError);
    assert.throws(() => chunkInfo(Uint8Array.of(9, 0)), CodecError);
  });
});
