// Times as delta-of-delta with prefix codes (Gorilla §4.1.1), the widths chosen for milliseconds.
// One code per sample after the first; codes in stream order (first bit first), each field two's
// complement and low bit first:
//   0                      delta of delta = 0            (regular sampling)
//   10    + 7 bits         −64 … 63 ms                   (jitter)
//   110   + 12 bits        −2,048 … 2,047 ms
//   1110  + 20 bits        −524,288 … 524,287 ms         (about ±8.7 min)
//   11110 + 32 bits        any int32                     (about ±24.8 days)
//   11111 + 53 bits        escape: the delta itself, unsigned (any gap up to 2^53 − 1 ms)
// The delta before the second sample counts as 0, so its code carries the first delta.

import type { BitWriter } from './bit-writer.js';
import { CodecError, truncatedAt } from './codec-error.js';

const TWO_32 = 4294967296;

/** Writes the codes of samples 1…n−1. Throws CodecError on a time that is not a safe integer or goes back. */
export function writeTimes(w: BitWriter, times: Float64Array, n: number): void {
  let prev = times[0] as number;
  let prevDelta = 0;
  for (let i = 1; i < n; i++) {
    const t = times[i] as number;
    const delta = t - prev;
    if (!(delta >= 0 && delta <= Number.MAX_SAFE_INTEGER && Number.isSafeInteger(t)))
      throw badTime(t, prev, i);
    const dod = delta - prevDelta;
    prev = t;
    prevDelta = delta;
    // Prefix and field in one write where they fit in 32 bits; the prefix goes first, so in the low bits.
    if (dod === 0) w.writeBit(0);
    else if (dod >= -64 && dod < 64) w.writeBits(0b01 | ((dod & 0x7f) << 2), 9);
    else if (dod >= -2048 && dod < 2048) w.writeBits(0b011 | ((dod & 0xfff) << 3), 15);
    else if (dod >= -524288 && dod < 524288) w.writeBits(0b0111 | ((dod & 0xfffff) << 4), 24);
    else if (dod >= -2147483648 && dod <= 2147483647) {
      w.writeBits(0b01111, 5);
      w.writeBits(dod, 32);
    } else {
      w.writeBits(0b11111, 5);
      w.writeBits(delta % TWO_32, 32);
      w.writeBits(Math.floor(delta / TWO_32), 21);
    }
  }
}

/**
 * Reads the codes of samples 1…n−1 (n = out.length; out[0] holds the first time) from `words` (see
 * toWords) starting at bit `pos`, the input ending at bit `end`. Returns the bit position after the codes.
 */
export function readTimes(words: Int32Array, pos: number, end: number, out: Float64Array): number {
  const n = out.length;
  let t = out[0] as number;
  let delta = 0;
  let i = 1;
  while (i < n) {
    // The next 32 bits; (x << 1) << (31 - s) is x << (32 - s), and 0 when s = 0.
    let wi = pos >>> 5;
    let s = pos & 31;
    const peek = ((words[wi] as number) >>> s) | (((words[wi + 1] as number) << 1) << (31 - s));
    if (peek === 0) {
      // Up to 32 codes "0" in a row (a regular series): the same delta each time.
      const stop = i + 32 < n ? i + 32 : n;
      pos += stop - i;
      while (i < stop) {
        t += delta;
        out[i++] = t;
      }
      if (pos > end) throw truncatedAt(i - 1);
      continue;
    }
    if ((peek & 1) === 0) pos += 1;
    else {
      // Each field is shifted up to bit 31, then arithmetically down to extend its sign.
      if ((peek & 2) === 0) {
        delta += (peek << 23) >> 25;
        pos += 9;
      } else if ((peek & 4) === 0) {
        delta += (peek << 17) >> 20;
        pos += 15;
      } else if ((peek & 8) === 0) {
        delta += (peek << 8) >> 12;
        pos += 24;
      } else {
        const isEscape = (peek & 16) !== 0;
        pos += 5;
        wi = pos >>> 5;
        s = pos & 31;
        const low = ((words[wi] as number) >>> s) | (((words[wi + 1] as number) << 1) << (31 - s));
        pos += 32;
        if (!isEscape) delta += low;
        else {
          const high = ((words[wi + 1] as number) >>> s) | (((words[wi + 2] as number) << 1) << (31 - s));
          delta = (high & 0x1fffff) * TWO_32 + (low >>> 0);
          pos += 21;
        }
      }
      if (delta < 0) throw new CodecError(`chunk is damaged: time goes back by ${-delta} ms at sample ${i}`);
    }
    t += delta;
    out[i] = t;
    if (pos > end) throw truncatedAt(i);
    i++;
  }
  return pos;
}

function badTime(t: number, prev: number, index: number): CodecError {
  if (!Number.isSafeInteger(t))
    return new CodecError(
      `time ${t} at sample ${index} is not a whole number of milliseconds in the safe range`,
    );
  if (t < prev) return new CodecError(`time ${t} at sample ${index} is before the previous time ${prev}`);
  return new CodecError(`gap from ${prev} to ${t} at sample ${index} exceeds 2^53 − 1 ms`);
}
