// The fields of packed roll-ups (rollup-codec.ts, where the format is laid out): Exp-Golomb numbers, time
// offsets within a bucket, and value columns coded as the chunk codec codes values.

import type { BitReader } from './codec/bit-reader.js';
import type { BitWriter } from './codec/bit-writer.js';
import { CodecError } from './codec/codec-error.js';
import { decimalsOf, MAX_DECIMALS, scaleDown, scaleUp } from './codec/decimals.js';
import { readValues, writeValues } from './codec/values.js';

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

/** Writes a column of values: its decimals, then its XOR codes against a leading 0. */
export function writeColumn(w: BitWriter, values: number[]): void {
  const m = values.length;
  if (m === 0) return;
  const given = Float64Array.from(values);
  const d = decimalsOf(given, m);
  w.writeBits(d, 3);
  const column = new Float64Array(m + 1);
  column.set(d > 0 ? scaleUp(given, m, d) : given, 1);
  writeValues(w, new Int32Array(column.buffer), m + 1);
}

/** Reused column buffers: COLUMNS[slot][m] holds m values after the leading 0, for m ≤ MAX_REUSED. */
const MAX_REUSED = 64;
const COLUMNS = Array.from({ length: 5 }, () => [] as { values: Float64Array; bits: Int32Array }[]);

/**
 * Reads a column of `m` ≥ 1 values that writeColumn wrote, after its leading 0, into the buffer of `slot`
 * (0…4; overwritten by the next read of that slot, so the caller copies the values out first).
 */
export function readColumn(r: BitReader, m: number, slot: number): Float64Array {
  const d = r.readBits(3);
  if (d > MAX_DECIMALS) throw new CodecError(`a value column has ${d} decimals`);
  const column = columnBuffer(m, slot);
  column.bits[0] = 0;
  column.bits[1] = 0;
  r.seek(readValues(r.words, r.position, r.bitLength, column.bits));
  if (d > 0) scaleDown(column.values, d);
  return column.values;
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
