import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BitWriter } from './bit-writer.js';
import { CodecError } from './codec-error.js';
import { readTimes, writeTimes } from './timestamps.js';
import { toWords } from './words.js';

/** Encodes the times, returns the bits used, and checks that they decode to the same times. */
function roundTrip(times: number[]): number {
  const w = new BitWriter();
  writeTimes(w, Float64Array.from(times), times.length);
  const bits = w.bitLength;
  const out = new Float64Array(times.length);
  out[0] = times[0] as number;
  assert.equal(readTimes(toWords(w.finish()), 0, bits, out), bits);
  assert.deepEqual([...out], times);
  return bits;
}

/** Times with the given deltas after a first time. */
function fromDeltas(first: number, deltas: number[]): number[] {
  const times = [first];
  for (const d of deltas) times.push((times.at(-1) as number) + d);
  return times;
}

describe('time codes', () => {
  test('a regular series costs one bit a sample after the first delta', () => {
    assert.equal(roundTrip(fromDeltas(1_700_000_000_000, Array(100).fill(1000))), 15 + 99);
  });
  test('runs of regular samples longer than a word, and ending mid-word', () => {
    for (const n of [31, 32, 33, 64, 65, 100]) roundTrip(fromDeltas(0, Array(n).fill(60_000)));
  });
  test('each delta-of-delta lands in the smallest code, at both ends of its range', () => {
    const cases: Array<[number, number]> = [
      [0, 1],
      [-64, 9],
      [63, 9],
      [-65, 15],
      [64, 15],
      [-2048, 15],
      [2047, 15],
      [-2049, 24],
      [2048, 24],
      [-524288, 24],
      [524287, 24],
      [-524289, 37],
      [524288, 37],
      [-2147483648, 37],
      [2147483647, 37],
      [2147483648, 58],
    ];
    const base = 3_000_000_000; // large enough that every negative delta of delta keeps times increasing
    for (const [dod, bits] of cases)
      assert.equal(roundTrip([0, base, 2 * base + dod]) - 58, bits, `dod ${dod}`);
  });
  test('the escape code carries any gap up to 2^53 − 1 ms', () => {
    const max = Number.MAX_SAFE_INTEGER;
    roundTrip([0, max]);
    roundTrip([-max, 0, max]);
    roundTrip([0, 1, 1, 2 ** 40, 2 ** 40, 2 ** 40 + 5]);
    roundTrip([253402300799999 - 2 ** 45, 253402300799999]); // up to the last ms of year 9999
  });
  test('repeated times are zero deltas', () => {
    assert.equal(roundTrip([5, 5, 5, 5]), 3);
  });
  test('refuses times that go back, are not integers or not safe', () => {
    for (const times of [
      [10, 9],
      [0, 0.5],
      [0, Number.NaN],
      [0, Number.POSITIVE_INFINITY],
      [0, 2 ** 53],
      [-(2 ** 53) + 1, 2 ** 53 - 1],
    ])
      assert.throws(
        () => writeTimes(new BitWriter(), Float64Array.from(times), times.length),
        CodecError,
        `${times}`,
      );
  });
  test('decoding damaged codes: time going back, bits running out', () => {
    const w = new BitWriter();
    w.writeBits(0b01 | ((-5 & 0x7f) << 2), 9); // first delta −5
    const out = Float64Array.of(100, 0);
    assert.throws(() => readTimes(toWords(w.finish()), 0, 9, out), /time goes back by 5 ms at sample 1/);
    const many = new Float64Array(40);
    assert.throws(() => readTimes(toWords(new Uint8Array(2)), 0, 16, many), /truncated/);
    assert.throws(() => readTimes(toWords(new Uint8Array([0xff])), 0, 8, Float64Array.of(0, 0)), /truncated/);
  });
});
