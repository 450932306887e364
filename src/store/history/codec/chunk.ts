// A compressed chunk of one point's history: times and float64 values, Gorilla style (Pelkonen et al.,
// "Gorilla: A Fast, Scalable, In-Memory Time Series Database", VLDB 2015), adapted to millisecond times.
//
// Chunk byte format, version 1 and 2. The chunk is one bit stream, least significant bit first: stream bit k
// is bit (k mod 8) of byte (k div 8), and every field puts its low bit first. The header is byte-aligned:
//
//   1 byte        version: 1, or 2 when the values are stored scaled (decimals.ts)
//   — only in version 2 —
//   1 byte        decimals d (1…6): the values stored are the originals × 10^d, whole numbers
//   varint        sample count n (unsigned LEB128, at most 5 bytes)
//   — only when n ≥ 1 —
//   8 bytes       first time, epoch ms, little-endian two's complement int64
//   varint        time span: last time − first time, ms, at most 2^53 − 1 (unsigned LEB128, ≤ 8 bytes)
//   8 bytes       first value, little-endian IEEE 754 float64 (its exact bit pattern)
//
// Then, unaligned: the n − 1 time codes of samples 2…n (timestamps.ts: delta-of-delta prefix codes), then
// the n − 1 value codes of samples 2…n (values.ts: XOR with the previous value, leading-zero count and
// meaningful-bit window), then zero bits to the end of the last byte. Times and values are two runs rather
// than interleaved per sample (as in the paper) so each decodes in its own tight loop.
//
// The decoder checks all it can: the version, counts the bytes cannot hold, windows wider than 64 bits or
// reused before being set, times that go back, a last time other than the header's, bits running out, and
// any byte or non-zero padding after the last code. Sizes: an empty chunk is 2 bytes, one sample 19 bytes;
// each further sample of a regular series with an unchanged value costs 2 bits.

import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { CodecError } from './codec-error.js';
import { decimalsOf, scaleDown, scaleUp } from './decimals.js';
import { MAX_CHUNK_SAMPLES, readHeader, writeHeader } from './header.js';
import { readTimes, writeTimes } from './timestamps.js';
import { readValues, writeValues } from './values.js';
import { HI_WORD, LO_WORD } from './words.js';

/** The longest header: version, decimals, 5-byte count, time, 8-byte span, value. */
const MAX_HEADER_BYTES = 31;

export interface DecodedChunk {
  /** Epoch milliseconds, non-decreasing. */
  times: Float64Array;
  values: Float64Array;
}

export interface ChunkInfo {
  count: number;
  /** First and last time (epoch ms); both absent when the chunk is empty. */
  firstTime?: number;
  lastTime?: number;
}

/**
 * Compresses the first `count` samples (default: all) of `times` (integer epoch ms, non-decreasing, repeats
 * allowed) and `values` (any float64). Throws CodecError on times that are not safe integers or go back.
 */
export function encodeChunk(
  times: Float64Array | number[],
  values: Float64Array | number[],
  count?: number,
): Uint8Array {
  const n = count ?? times.length;
  if (count === undefined && values.length !== times.length)
    throw new CodecError(`${times.length} times but ${values.length} values`);
  if (!Number.isSafeInteger(n) || n < 0 || n > times.length || n > values.length || n > MAX_CHUNK_SAMPLES)
    throw new CodecError(`cannot encode ${n} samples from ${times.length} times and ${values.length} values`);
  const w = new BitWriter(MAX_HEADER_BYTES + n * 8);
  if (n === 0) {
    writeHeader(w, { count: 0, firstTime: 0, lastTime: 0, firstHi: 0, firstLo: 0, decimals: 0 });
    return w.finish();
  }
  const t = times instanceof Float64Array ? times : toFloat64(times, n);
  const given = values instanceof Float64Array ? values : toFloat64(values, n);
  const decimals = decimalsOf(given, n);
  const v = decimals > 0 ? scaleUp(given, n, decimals) : given;
  // The values' bit patterns as 32-bit halves (a Float64Array is always 8-byte aligned).
  const bits = new Int32Array(v.buffer, v.byteOffset, n * 2);
  const firstTime = t[0] as number;
  const lastTime = t[n - 1] as number;
  if (!Number.isSafeInteger(firstTime))
    throw new CodecError(
      `time ${firstTime} at sample 0 is not a whole number of milliseconds in the safe range`,
    );
  // Checked before the header takes the span; writeTimes checks every time in between.
  if (!Number.isSafeInteger(lastTime) || lastTime < firstTime)
    throw new CodecError(
      `time ${lastTime} at sample ${n - 1} is not a safe integer at or after ${firstTime}`,
    );
  if (lastTime - firstTime > Number.MAX_SAFE_INTEGER)
    throw new CodecError(`the span from ${firstTime} to ${lastTime} exceeds 2^53 − 1 ms`);
  const firstHi = bits[HI_WORD] as number;
  const firstLo = bits[LO_WORD] as number;
  writeHeader(w, { count: n, firstTime, lastTime, firstHi, firstLo, decimals });
  writeTimes(w, t, n);
  writeValues(w, bits, n);
  return w.finish();
}

/** Decompresses a chunk. Throws CodecError on anything that is not a whole, undamaged chunk. */
export function decodeChunk(bytes: Uint8Array): DecodedChunk {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('a chunk must be a Uint8Array');
  const r = new BitReader(bytes);
  const h = readHeader(r);
  const n = h.count;
  // Each sample after the first takes at least 2 bits: refuse counts the bytes cannot hold before allocating.
  if (n > 1 + r.remaining / 2)
    throw new CodecError(`chunk is damaged: ${n} samples cannot fit in ${bytes.length} bytes`);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  if (n > 0) {
    const bits = new Int32Array(values.buffer);
    times[0] = h.firstTime;
    bits[HI_WORD] = h.firstHi;
    bits[LO_WORD] = h.firstLo;
    const valuesAt = readTimes(r.words, r.position, r.bitLength, times);
    if (times[n - 1] !== h.lastTime)
      throw new CodecError(`chunk is damaged: last time ${times[n - 1]} but the header says ${h.lastTime}`);
    r.seek(readValues(r.words, valuesAt, r.bitLength, bits));
  }
  if (h.decimals > 0) scaleDown(values, h.decimals);
  const rest = r.remaining;
  if (rest >= 8) throw new CodecError(`chunk is damaged: ${rest >>> 3} byte(s) after the last sample`);
  if (r.readBits(rest) !== 0)
    throw new CodecError('chunk is damaged: non-zero padding after the last sample');
  return { times, values };
}

/** Count, first and last time from the header alone, in constant time; the codes are not checked. */
export function chunkInfo(bytes: Uint8Array): ChunkInfo {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('a chunk must be a Uint8Array');
  const h = readHeader(new BitReader(bytes.subarray(0, MAX_HEADER_BYTES)));
  return h.count === 0 ? { count: 0 } : { count: h.count, firstTime: h.firstTime, lastTime: h.lastTime };
}

function toFloat64(xs: number[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = xs[i] as number;
  return out;
}
