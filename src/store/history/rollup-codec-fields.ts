// The fields of packed roll-ups (rollup-codec.ts, where the format is laid out): Exp-Golomb numbers, time
// offsets within a bucket, and value columns coded as the chunk codec codes values.

import type { BitReader } from './codec/bit-reader.js';
import type { BitWriter } from './codec/bit-writer.js';
import { CodecError } from './codec/codec-error.js';
import { decimalsOf, MAX_DECIMALS, scaleDown, scaleUp } from './codec/decimals.js';
import { readValues, writeValues } from './codec/values.js';
import { HI_WORD, LO_WORD } from './codec/words.js';

const TWO_32 = 4294967296;

/** Writes v (0 ≤ v ≤ 2^53 − 2) as Exp-Golomb: k zero bits, a 1, the k bits of v + 1 below its top bit. */
export function writeEg(w: BitWriter, v: number): void {
  const x = v + 1;
  const k = x < TWO_32 ? 31 - Math.clz32(x) : 63 - Math.clz32(Math.floor(x / TWO_32));
  if (k < 32) w.writeBits(2 ** k, k + 1);
  else {
    w.writeBits(0, 32);
    w.writeBits(2 ** (k - 32), k - 31);
  }
  w.writeUint(x - 2 ** k, k);
}

/** Reads what writeEg wrote; CodecError past 52 zero bits (a number that is not safe). */
export function readEg(r: BitReader): number {
  let k = 0;
  while (r.readBit() === 0) if (++k > 52) throw new CodecError('a number runs past 53 bits');
  return 2 ** k + r.readUint(k) - 1;
}

/** Bits enough for an offset in [0, size) (size ≤ 2^32). */
export function offsetBits(size: number): number {
  return size <= 1 ? 0 : 32 - Math.clz32(size - 1);
}

/** Writes a time's offset in its bucket: 0 when it is `prev`, else 1 and `width` bits; returns it. */
export function writeOffset(w: BitWriter, offset: number, prev: number, width: number): number {
  if (offset === prev) w.writeBit(0);
  else {
    w.writeBit(1);
    w.writeUint(offset, width);
  }
  return offset;
}

/** Reads what writeOffset wrote for bucket `i`; CodecError on an offset not below `size`. */
export function readOffset(r: BitReader, prev: number, width: number, size: number, i: number): number {
  if (r.readBit() === 0) return prev;
  const offset = r.readUint(width);
  if (offset >= size) throw new CodecError(`bucket ${i}: offset ${offset} is not within ${size} ms`);
  return offset;
}

/** The decimals field of a column stored rounded: `d`, the rounded values, then the residues. */
const ROUNDED = 7;
const LIMIT = 2 ** 53;
/** Scratch for one float64 and its two 32-bit halves. */
const one = new Float64Array(1);
const oneBits = new Int32Array(one.buffer);

/**
 * Writes a column of values and returns its decimals: exact ones (every value × 10^d a whole number, d ≤ 6)
 * when they fit; else, when `hint` (the decimals of the bucket's samples) is above 0, the column rounded to
 * `hint` decimals and the residues (sums of such samples are close to such numbers, but often off by a
 * rounding error); else the values as they are.
 */
export function writeColumn(w: BitWriter, values: number[], hint = 0): number {
  const m = values.length;
  if (m === 0) return 0;
  const given = Float64Array.from(values);
  const d = decimalsOf(given, m);
  if (d === 0 && hint > 0 && !given.every(Number.isInteger)) {
    writeRounded(w, given, hint);
    return 0;
  }
  w.writeBits(d, 3);
  const column = new Float64Array(m + 1);
  column.set(d > 0 ? scaleUp(given, m, d) : given, 1);
  writeValues(w, new Int32Array(column.buffer), m + 1);
  return d;
}

/**
 * ROUNDED, d, then the codes of k = round(v × 10^d) (0 when v × 10^d is not below 2^53 in size, so k ÷ 10^d
 * is an exact IEEE division everywhere), then the codes of the residues: each value's bits XOR those of
 * k ÷ 10^d, their 32-bit halves swapped.
 */
function writeRounded(w: BitWriter, given: Float64Array, d: number): void {
  const m = given.length;
  const f = 10 ** d;
  w.writeBits(ROUNDED, 3);
  w.writeBits(d, 3);
  const k = new Float64Array(m + 1);
  const residues = new Int32Array(2 * (m + 1));
  const givenBits = new Int32Array(given.buffer);
  for (let i = 0; i < m; i++) {
    const scaled = (given[i] as number) * f;
    k[i + 1] = Math.abs(scaled) < LIMIT ? Math.round(scaled) : 0;
    one[0] = (k[i + 1] as number) / f;
    // The residue's halves swapped: a few low bits then fit a narrow window (leading zeros count to 31).
    residues[2 * i + 2 + HI_WORD] = (givenBits[2 * i + LO_WORD] as number) ^ (oneBits[LO_WORD] as number);
    residues[2 * i + 2 + LO_WORD] = (givenBits[2 * i + HI_WORD] as number) ^ (oneBits[HI_WORD] as number);
  }
  writeValues(w, new Int32Array(k.buffer), m + 1);
  writeValues(w, residues, m + 1);
}

/**
 * Reused column buffers: COLUMNS[slot][m] holds m values after the leading 0, for m ≤ MAX_REUSED; slots 0…4
 * for the five columns, 5…9 for their residues.
 */
const MAX_REUSED = 64;
const COLUMNS = Array.from({ length: 10 }, () => [] as { values: Float64Array; bits: Int32Array }[]);

/**
 * Reads a column of `m` ≥ 1 values that writeColumn wrote, after its leading 0, into the buffer of `slot`
 * (0…4; overwritten by the next read of that slot, so the caller copies the values out first).
 */
export function readColumn(r: BitReader, m: number, slot: number): Float64Array {
  let d = r.readBits(3);
  const rounded = d === ROUNDED;
  if (rounded) {
    d = r.readBits(3);
    if (d < 1 || d > MAX_DECIMALS) throw new CodecError(`a rounded value column has ${d} decimals`);
  } else if (d > MAX_DECIMALS) throw new CodecError(`a value column has ${d} decimals`);
  const column = readCodes(r, m, slot);
  if (!rounded) {
    if (d > 0) scaleDown(column.values, d);
    return column.values;
  }
  // Each value's bits are those of k ÷ 10^d XOR its residue (halves swapped back).
  const residues = readCodes(r, m, slot + 5).bits;
  const f = 10 ** d;
  const { values, bits } = column;
  for (let j = 1; j <= m; j++) {
    one[0] = (values[j] as number) / f;
    bits[2 * j + LO_WORD] = (oneBits[LO_WORD] as number) ^ (residues[2 * j + HI_WORD] as number);
    bits[2 * j + HI_WORD] = (oneBits[HI_WORD] as number) ^ (residues[2 * j + LO_WORD] as number);
  }
  return values;
}

/** Reads m values' XOR codes (after a leading 0) into the buffer of `slot`. */
function readCodes(r: BitReader, m: number, slot: number): { values: Float64Array; bits: Int32Array } {
  const column = columnBuffer(m, slot);
  column.bits[0] = 0;
  column.bits[1] = 0;
  r.seek(readValues(r.words, r.position, r.bitLength, column.bits));
  return column;
}
function columnBuffer(m: number, slot: number): { values: Float64Array; bits: Int32Array } {
  const reused = COLUMNS[slot] as Array<{ values: Float64Array; bits: Int32Array }>;
  const found = reused[m];
  if (found) return found;
  const values = new Float64Array(m + 1);
  const made = { values, bits: new Int32Array(values.buffer) };
  if (m <= MAX_REUSED) reused[m] = made;
  return made;
}
