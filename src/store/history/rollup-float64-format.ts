// The first format of stored roll-ups (rows written before packed roll-ups, rollup-codec.ts): buckets as
// float64s in the host's byte order (a Float64Array's bytes, so little-endian on every host Node runs on in
// practice), NaN kept. A bucket of one sample is `1, t, v`; any other `count, sum, min, max, first, first's
// time, last, last's time`; a bucket's start is its first time's bucket. Still read (existing databases);
// written only by tests and the bench, which compare it with the packed format.

import { CodecError } from './codec/codec-error.js';
import type { Bucket } from './rollup-types.js';

/** The float64 bytes of `buckets` (the first format). */
export function packFloat64Buckets(buckets: readonly Bucket[]): Uint8Array {
  const out: number[] = [];
  for (const b of buckets) {
    if (b.count === 1) out.push(1, b.firstT, b.first);
    else out.push(b.count, b.sum, b.min, b.max, b.first, b.firstT, b.last, b.lastT);
  }
  return new Uint8Array(Float64Array.from(out).buffer);
}

/** The buckets of `size` ms in bytes of the first format; CodecError on bytes that cannot be such a row. */
export function unpackFloat64Buckets(bytes: Uint8Array, size: number): Bucket[] {
  if (bytes.length % 8 !== 0)
    throw new CodecError(`roll-ups are damaged: ${bytes.length} bytes are not a whole number of float64s`);
  // A copy: the bytes need not be aligned for a Float64Array view.
  const f = new Float64Array(new Uint8Array(bytes).buffer);
  const out: Bucket[] = [];
  for (let i = 0; i < f.length; ) {
    const count = f[i] as number;
    const width = count === 1 ? 3 : 8;
    if (!(Number.isSafeInteger(count) && count >= 1) || i + width > f.length)
      throw new CodecError(
        `roll-ups are damaged: bucket ${out.length} has count ${count} in ${f.length - i} float64s`,
      );
    const firstT = (count === 1 ? f[i + 1] : f[i + 5]) as number;
    const lastT = (count === 1 ? f[i + 1] : f[i + 7]) as number;
    const start = Math.floor(firstT / size) * size;
    if (
      !(
        Number.isSafeInteger(firstT) &&
        Number.isSafeInteger(lastT) &&
        lastT >= firstT &&
        lastT < start + size
      )
    )
      throw new CodecError(`roll-ups are damaged: bucket ${out.length} has times ${firstT} … ${lastT}`);
    if (count === 1) {
      const v = f[i + 2] as number;
      out.push({ start, count, sum: 0 + v, min: v, max: v, first: v, firstT, last: v, lastT });
    } else
      out.push({
        start,
        count,
        sum: f[i + 1] as number,
        min: f[i + 2] as number,
        max: f[i + 3] as number,
        first: f[i + 4] as number,
        firstT,
        last: f[i + 6] as number,
        lastT,
      });
    i += width;
  }
  return out;
}
