import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BitWriter } from './bit-writer.js';
import { readValues, writeValues } from './values.js';
import { toWords } from './words.js';

/** Float64s with the given bit patterns, each as [high word, low word]. */
function fromBits(patterns: Array<[number, number]>): Float64Array {
  const u = new Uint32Array(patterns.length * 2);
  const lowFirst = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  patterns.forEach(([hi, lo], i) => {
    u[2 * i + (lowFirst ? 1 : 0)] = hi;
    u[2 * i + (lowFirst ? 0 : 1)] = lo;
  });
  return new Float64Array(u.buffer);
}

/** Encodes the values, returns the bits used, and checks that they decode to the same bit patterns. */
function roundTrip(values: Float64Array): number {
  const w = new BitWriter();
  writeValues(w, new Int32Array(values.buffer), values.length);
  const bits = w.bitLength;
  const out = new Float64Array(values.length);
  out[0] = values[0] as number;
  const outBits = new Int32Array(out.buffer);
  assert.equal(readValues(toWords(w.finish()), 0, bits, outBits), bits);
  assert.deepEqual([...new Uint32Array(out.buffer)], [...new Uint32Array(values.buffer)]);
  return bits;
}

describe('value codes', () => {
  test('an unchanged value costs one bit', () => {
    assert.equal(roundTrip(Float64Array.of(1.5, 1.5, 1.5)), 2);
  });
  test('runs of unchanged values longer than a word, and ending mid-word', () => {
    for (const n of [31, 32, 33, 64, 65, 100]) roundTrip(new Float64Array(n).fill(-0));
  });
  test('a new window costs 13 bits plus its width; a fitting XOR reuses it for 2 bits plus the width', () => {
    // 1 ^ 2 = 0x3ff00000 ^ 0x40000000: lead 1, trail 52, width 11.
    assert.equal(roundTrip(Float64Array.of(1, 2)), 13 + 11);
    // 2 ^ 1 again fits the same window.
    assert.equal(roundTrip(Float64Array.of(1, 2, 1)), 13 + 11 + 2 + 11);
  });
  test('windows at every edge: 64 wide, all in the low word, all in the high word, over 31 leading zeros', () => {
    const cases: Array<Array<[number, number]>> = [
      [
        [0, 0],
        [0x80000000, 1],
      ],
      [
        [7, 0],
        [7, 0xffffffff],
        [7, 1],
      ],
      [
        [0, 0],
        [0x80000000, 0],
        [0x00000001, 0],
        [0x80000001, 0],
      ],
      [
        [0, 0],
        [0, 1],
        [0, 2],
        [0, 0x80000000],
        [1, 0],
        [0x7ff80000, 0],
      ],
      [
        [0xffffffff, 0xffffffff],
        [0, 0],
        [0xffffffff, 0xffffffff],
        [0xfffffffe, 0x7fffffff],
      ],
    ];
    for (const c of cases) roundTrip(fromBits(c));
  });
  test('NaN payloads, infinities, −0 and subnormals keep their exact bits', () => {
    const values = fromBits([
      [0x7ff80000, 0],
      [0x7ff00000, 1],
      [0xfff80000, 0xdeadbeef],
      [0x7ff00000, 0],
      [0xfff00000, 0],
      [0x80000000, 0],
      [0, 1],
      [0x000fffff, 0xffffffff],
      [0x80000000, 1],
    ]);
    roundTrip(values);
  });
  test('decoding damaged codes: windows that do not fit, windows never set, bits running out', () => {
    const bad = new BitWriter();
    bad.writeBits(0b11 | (31 << 2) | (40 << 7), 13); // 31 + 40 > 64
    const out = new Int32Array(4);
    assert.throws(
      () => readValues(toWords(bad.finish()), 0, 13, out),
      /31 \+ 40-bit value window at sample 1/,
    );
    assert.throws(() => readValues(toWords(new Uint8Array([1])), 0, 8, out), /never set/);
    const short = new BitWriter();
    short.writeBits(0b11 | (0 << 2) | (0 << 7), 13); // a 64-bit window and no bits for it
    assert.throws(() => readValues(toWords(short.finish()), 0, 16, out), /truncated/);
  });
});
