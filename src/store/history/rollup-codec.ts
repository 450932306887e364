// Packed roll-ups: a run of buckets of one size (an hour's minutes, or one hour) as one bit stream, written
// and read with the history chunk codec's BitWriter and BitReader (least significant bit first), its values
// XOR-coded as chunk values are (codec/values.ts) and stored as whole numbers when exact (codec/decimals.ts).
// Every float64 comes back to the bit. A minute of a 1-minute point costs a few bits of structure and its
// value's XOR code; the float64 format before (rollup-float64-format.ts) took 24 bytes.
//
// Format 1. Numbers are Exp-Golomb ("eg": for v ≥ 0, k zero bits, a 1, then the k bits of v + 1 below its
// top bit, k ≤ 52); fields unsigned, low bit first:
//
//   8 bits        0x81, the format marker (rollup-buckets.ts says how rows of the float64 format differ)
//   eg            n, the number of buckets; nothing more when n = 0
//   eg            the first bucket's start ÷ size, zigzag (0, −1, 1, −2… as 0, 1, 2, 3…)
//   per bucket, in time order:
//     eg          (not the first) buckets skipped since the previous: start ÷ size − previous − 1
//     1 bit       0: a bucket of one sample (count 1, one time, sum 0 + its value, min = max = last = first)
//                 1: a full bucket
//     — full —    1 bit 0: the count of the previous full bucket (1 before any); 1 + eg(count − 1)
//     offset      first time − start: 0 = the previous bucket's (0 before any); 1 + w bits, w the bits of
//                 size − 1 (16 for a minute, 22 for an hour)
//     — full —    offset: last time − start, the same against the previous full bucket's
//   five value columns: first (every bucket), then sum, min, max, last (full buckets only); each not empty:
//     3 bits      decimals d (0…6): the column holds its values × 10^d, whole numbers (decimals.ts); or 7:
//                 rounded (a full column whose values do not fit, when the first column's d is above 0)
//     codes       values.ts codes, each value XORed with the column's previous (0 before the first)
//     — rounded — 3 bits d (1…6), the codes of k = round(v × 10^d) (0 when |v × 10^d| ≥ 2^53), then the
//                 codes of the residues: each value's bits XOR those of k ÷ 10^d, high and low 32-bit
//                 halves swapped (a sum of samples with d decimals is close to such a number, often off by
//                 a rounding error: a residue of a few low bits, which the swap puts in a narrow window)
//   zero bits to the end of the last byte
//
// The decoder refuses (CodecError) a wrong marker, more buckets than the bits can hold, starts or offsets out
// of range, a last time before the first, a damaged value code, bits running out, and bytes after the end.

import { BitReader } from './codec/bit-reader.js';
import { BitWriter } from './codec/bit-writer.js';
import { CodecError } from './codec/codec-error.js';
import {
  offsetBits,
  readColumn,
  readEg,
  readOffset,
  writeColumn,
  writeEg,
  writeOffset,
} from './rollup-codec-fields.js';
import type { Bucket } from './rollup-types.js';

/** The first byte of packed roll-ups, format 1. */
export const PACKED_ROLLUPS = 0x81;

const TWO_32 = 4294967296;
/** The fields stored for full buckets only, in column order after `first`. */
const FULL_FIELDS = ['sum', 'min', 'max', 'last'] as const;
/** Each bucket takes at least 3 bits (gap or first code, kind, offset): caps n before allocating. */
const MIN_BUCKET_BITS = 3;

/** Packs buckets of `size` ms in time order; CodecError on buckets that are not such a run. */
export function packRollups(buckets: readonly Bucket[], size: number): Uint8Array {
  checkSize(size);
  const n = buckets.length;
  const w = new BitWriter(16 + n * 6);
  w.writeBits(PACKED_ROLLUPS, 8);
  writeEg(w, n);
  if (n === 0) return w.finish();
  const width = offsetBits(size);
  const full: Bucket[] = [];
  let prevIndex = 0;
  let first = 0;
  let last = 0;
  let count = 1;
  for (let i = 0; i < n; i++) {
    const b = buckets[i] as Bucket;
    const index = checkBucket(b, i, size, i === 0 ? Number.NEGATIVE_INFINITY : prevIndex);
    writeEg(w, i === 0 ? (index < 0 ? -2 * index - 1 : 2 * index) : index - prevIndex - 1);
    prevIndex = index;
    const isFull = !isSingle(b);
    w.writeBit(isFull ? 1 : 0);
    if (isFull) {
      if (b.count === count) w.writeBit(0);
      else {
        w.writeBit(1);
        writeEg(w, b.count - 1);
        count = b.count;
      }
    }
    first = writeOffset(w, b.firstT - b.start, first, width);
    if (isFull) {
      last = writeOffset(w, b.lastT - b.start, last, width);
      full.push(b);
    }
  }
  const decimals = writeColumn(
    w,
    buckets.map((b) => b.first),
  );
  for (const field of FULL_FIELDS)
    writeColumn(
      w,
      full.map((b) => b[field]),
      decimals,
    );
  return w.finish();
}

/** The buckets of `size` ms that packRollups wrote; CodecError on anything else. */
export function unpackRollups(bytes: Uint8Array, size: number): Bucket[] {
  checkSize(size);
  try {
    return decode(new BitReader(bytes), bytes.length, size);
  } catch (err) {
    if (err instanceof CodecError) throw new CodecError(`packed roll-ups are damaged: ${err.message}`);
    throw err;
  }
}

function decode(r: BitReader, byteLength: number, size: number): Bucket[] {
  const marker = r.readBits(8);
  if (marker !== PACKED_ROLLUPS) throw new CodecError(`format byte ${marker} is not ${PACKED_ROLLUPS}`);
  const n = readEg(r);
  if (n * MIN_BUCKET_BITS > r.remaining)
    throw new CodecError(`${n} buckets cannot fit in ${byteLength} bytes`);
  const out: Bucket[] = [];
  const width = offsetBits(size);
  const fullAt: number[] = [];
  let index = 0;
  let first = 0;
  let last = 0;
  let count = 1;
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      const z = readEg(r);
      index = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    } else index += readEg(r) + 1;
    const start = index * size;
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(start + size)))
      throw new CodecError(`bucket ${i} starts at ${start}, out of range`);
    const isFull = r.readBit() === 1;
    if (isFull && r.readBit() === 1) count = readEg(r) + 1;
    first = readOffset(r, first, width, size, i);
    if (isFull) {
      last = readOffset(r, last, width, size, i);
      if (last < first) throw new CodecError(`bucket ${i} ends at offset ${last}, before its start ${first}`);
      fullAt.push(i);
    }
    const firstT = start + first;
    const lastT = isFull ? start + last : firstT;
    out.push({ start, count: isFull ? count : 1, sum: 0, min: 0, max: 0, first: 0, firstT, last: 0, lastT });
  }
  // Columns hold a leading 0 (the XOR seed): value j of a column is at j + 1.
  const firsts = readColumn(r, n, 0);
  for (let i = 0; i < n; i++) {
    const b = out[i] as Bucket;
    const v = firsts[i + 1] as number;
    b.first = v;
    b.sum = 0 + v;
    b.min = v;
    b.max = v;
    b.last = v;
  }
  const m = fullAt.length;
  if (m > 0) {
    const sums = readColumn(r, m, 1);
    const mins = readColumn(r, m, 2);
    const maxes = readColumn(r, m, 3);
    const lasts = readColumn(r, m, 4);
    for (let j = 0; j < m; j++) {
      const b = out[fullAt[j] as number] as Bucket;
      b.sum = sums[j + 1] as number;
      b.min = mins[j + 1] as number;
      b.max = maxes[j + 1] as number;
      b.last = lasts[j + 1] as number;
    }
  }
  const rest = r.remaining;
  if (rest >= 8) throw new CodecError(`${rest >>> 3} byte(s) after the last bucket`);
  if (r.readBits(rest) !== 0) throw new CodecError('non-zero padding after the last bucket');
  return out;
}

/** Checks a bucket against the run so far; returns its start ÷ size. */
function checkBucket(b: Bucket, i: number, size: number, prevIndex: number): number {
  const index = b.start / size;
  const where = `bucket ${i}`;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(b.start) && Number.isSafeInteger(b.start + size)))
    throw new CodecError(`${where}: start ${b.start} is not a multiple of ${size} in the safe range`);
  if (!(index > prevIndex))
    throw new CodecError(`${where}: start ${b.start} is not after the previous bucket`);
  if (!(Number.isSafeInteger(b.count) && b.count >= 1))
    throw new CodecError(`${where}: count ${b.count} is not a whole number ≥ 1`);
  const { firstT, lastT } = b;
  if (!(Number.isSafeInteger(firstT) && Number.isSafeInteger(lastT)))
    throw new CodecError(`${where}: times ${firstT} … ${lastT} are not whole milliseconds`);
  if (!(b.start <= firstT && firstT <= lastT && lastT < b.start + size))
    throw new CodecError(`${where}: times ${firstT} … ${lastT} are not in order in [${b.start}, +${size})`);
  return index;
}

function checkSize(size: number): void {
  if (!(Number.isSafeInteger(size) && size >= 1 && size <= TWO_32))
    throw new CodecError(`bucket size ${size} ms is not a whole number from 1 to 2^32`);
}

/** True when the bucket is what one sample makes (so storing its time and value says it all). */
function isSingle(b: Bucket): boolean {
  const v = b.first;
  return (
    b.count === 1 &&
    b.firstT === b.lastT &&
    sameBits(b.min, v) &&
    sameBits(b.max, v) &&
    sameBits(b.last, v) &&
    sameBits(b.sum, 0 + v)
  );
}

const scratch = new Float64Array(2);
const scratchWords = new Int32Array(scratch.buffer);

/** Equal to the bit: −0 is not 0, and NaNs are equal only with the same payload. */
function sameBits(a: number, b: number): boolean {
  if (a === b) return a !== 0 || Object.is(a, b);
  if (!(Number.isNaN(a) && Number.isNaN(b))) return false;
  scratch[0] = a;
  scratch[1] = b;
  return scratchWords[0] === scratchWords[2] && scratchWords[1] === scratchWords[3];
}
