// Float64 values XORed with the previous value (Gorilla §4.1.2), on the two 32-bit halves of the bit
// pattern, so any double (every NaN payload, −0, ±Infinity, subnormals) comes back bit for bit.
// One code per sample after the first; codes in stream order (first bit first), fields unsigned and low
// bit first; the window is the run of bits of the XOR between its leading and trailing zeros:
//   0                                      same bits as the previous value
//   10 + m bits                            the XOR fits the current window: its m bits
//   11 + 5 bits lead + 6 bits m + m bits   a new window: lead zeros above it (at most 31 written, the
//                                          rest counted in m), m bits wide (64 written as 0), and
//                                          trail = 64 − lead − m zeros below it

import type { BitWriter } from './bit-writer.js';
import { CodecError, truncatedAt } from './codec-error.js';
import { HI_WORD, LO_WORD } from './words.js';

/**
 * How much wider than the XOR's own window the current one may be and still be reused (an encoder choice:
 * the format does not depend on it). The paper reuses any window that fits, which keeps a wide window for
 * good; a new one costs 11 bits more, and tighter windows pay off on the samples after. Measured on 10,000
 * samples (bytes a sample, reuse-any → 6): integer meter 1.79 → 1.28, counter 2.04 → 1.39, 0.01-step sensor
 * 5.87 → 5.83, random bits 8.38 → 8.50.
 */
const REUSE_SLACK = 6;

/** Writes the codes of samples 1…n−1; `bits` holds the values' bit patterns (a view of a Float64Array). */
export function writeValues(w: BitWriter, bits: Int32Array, n: number): void {
  let hi = bits[HI_WORD] as number;
  let lo = bits[LO_WORD] as number;
  // The current window; none until the first non-zero XOR (nothing fits below 64 trailing zeros).
  let lead = 64;
  let trail = 64;
  let width = 0;
  for (let i = 1; i < n; i++) {
    const h = bits[2 * i + HI_WORD] as number;
    const l = bits[2 * i + LO_WORD] as number;
    const xh = h ^ hi;
    const xl = l ^ lo;
    hi = h;
    lo = l;
    if ((xh | xl) === 0) {
      w.writeBit(0);
      continue;
    }
    const lz = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    // Trailing zeros: x & -x keeps the lowest set bit.
    const tz = xl !== 0 ? 31 - Math.clz32(xl & -xl) : 63 - Math.clz32(xh & -xh);
    const capped = lz > 31 ? 31 : lz;
    // Reuse the window when the XOR fits in it and it is at most REUSE_SLACK bits wider than the XOR needs.
    if (lz >= lead && tz >= trail && width - (64 - capped - tz) <= REUSE_SLACK) w.writeBits(0b01, 2);
    else {
      lead = capped;
      trail = tz;
      width = 64 - lead - trail;
      // Prefix 11, lead and width in one 13-bit write.
      w.writeBits(0b11 | (lead << 2) | ((width & 63) << 7), 13);
    }
    if (trail >= 32) w.writeBits(xh >>> (trail - 32), width);
    else {
      // The XOR shifted down by trail; (xh << 1) << (31 - trail) is xh << (32 - trail), 0 when trail = 0.
      const m = (xl >>> trail) | ((xh << 1) << (31 - trail));
      if (width <= 32) w.writeBits(m, width);
      else {
        w.writeBits(m, 32);
        w.writeBits(xh >>> trail, width - 32);
      }
    }
  }
}

/**
 * Reads the codes of samples 1…n−1 (n = bits.length / 2; bits[0…1] hold the first value) from `words` (see
 * toWords) starting at bit `pos`, the input ending at bit `end`. Returns the bit position after the codes.
 */
export function readValues(words: Int32Array, pos: number, end: number, bits: Int32Array): number {
  const n = bits.length >>> 1;
  let hi = bits[HI_WORD] as number;
  let lo = bits[LO_WORD] as number;
  let trail = 0;
  let width = 0;
  let i = 1;
  while (i < n) {
    let wi = pos >>> 5;
    let s = pos & 31;
    const peek = ((words[wi] as number) >>> s) | (((words[wi + 1] as number) << 1) << (31 - s));
    if (peek === 0) {
      // Up to 32 codes "0" in a row (a steady value): the same bits each time.
      const stop = i + 32 < n ? i + 32 : n;
      pos += stop - i;
      for (; i < stop; i++) {
        bits[2 * i + HI_WORD] = hi;
        bits[2 * i + LO_WORD] = lo;
      }
      if (pos > end) throw truncatedAt(i - 1);
      continue;
    }
    if ((peek & 1) === 0) pos += 1;
    else {
      if ((peek & 2) !== 0) {
        const lead = (peek >>> 2) & 31;
        width = (peek >>> 7) & 63 || 64;
        trail = 64 - lead - width;
        if (trail < 0)
          throw new CodecError(`chunk is damaged: a ${lead} + ${width}-bit value window at sample ${i}`);
        pos += 13;
      } else {
        if (width === 0)
          throw new CodecError(`chunk is damaged: sample ${i} reuses a value window never set`);
        pos += 2;
      }
      wi = pos >>> 5;
      s = pos & 31;
      const next = words[wi + 1] as number;
      const m = ((words[wi] as number) >>> s) | ((next << 1) << (31 - s));
      pos += width;
      if (width <= 32) {
        const x = m & (-1 >>> (32 - width));
        if (trail >= 32) hi ^= x << (trail - 32);
        else {
          hi ^= (x >>> 1) >>> (31 - trail);
          lo ^= x << trail;
        }
      } else {
        // The high part starts 32 bits on: same shift, one word further.
        const x = ((next >>> s) | (((words[wi + 2] as number) << 1) << (31 - s))) & (-1 >>> (64 - width));
        hi ^= (x << trail) | ((m >>> 1) >>> (31 - trail));
        lo ^= m << trail;
      }
    }
    bits[2 * i + HI_WORD] = hi;
    bits[2 * i + LO_WORD] = lo;
    if (pos > end) throw truncatedAt(i);
    i++;
  }
  return pos;
}
