// Fuzz tests: decoding arbitrary or damaged bytes returns a consistent result or throws a CodecError,
// never anything else, and always finishes (each decode is linear in the input; runs are bounded).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CodecError, chunkInfo, decodeChunk, encodeChunk } from './index.js';

/** Decodes; on success checks the result is self-consistent; any error must be a CodecError. */
function decodeOrCodecError(bytes: Uint8Array): 'decoded' | 'refused' {
  let got: ReturnType<typeof decodeChunk>;
  try {
    got = decodeChunk(bytes);
  } catch (err) {
    if (err instanceof CodecError) return 'refused';
    throw err;
  }
  const info = chunkInfo(bytes);
  assert.equal(got.times.length, info.count);
  assert.equal(got.values.length, info.count);
  for (let i = 0; i < got.times.length; i++) {
    assert.ok(Number.isSafeInteger(got.times[i]));
    if (i > 0) assert.ok((got.times[i] as number) >= (got.times[i - 1] as number));
  }
  if (info.count > 0) assert.equal(got.times.at(-1), info.lastTime);
  return 'decoded';
}

/** A valid chunk of a random, sampling-like series. */
const validChunk = fc
  .tuple(
    fc.integer({ min: 0, max: 2 ** 45 }),
    fc.array(
      fc.tuple(
        fc.oneof(fc.constant(1000), fc.integer({ min: 0, max: 2 ** 33 })),
        fc.oneof(fc.double(), fc.constant(1)),
      ),
      { minLength: 1, maxLength: 120 },
    ),
  )
  .map(([first, samples]) => {
    const times: number[] = [];
    let t = first;
    for (const [d] of samples) {
      t += d;
      times.push(t);
    }
    return encodeChunk(
      times,
      samples.map(([, v]) => v),
    );
  });

const runs = { numRuns: 1500 };

describe('decoding damaged input', () => {
  test('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void decodeOrCodecError(bytes)),
      runs,
    );
  });
  test('arbitrary bytes after a valid version byte and a plausible count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 127 }), fc.uint8Array({ maxLength: 300 }), (count, rest) => {
        decodeOrCodecError(Uint8Array.of(1, count, ...rest));
      }),
      runs,
    );
  });
  test('every truncation of a valid chunk is refused', () => {
    fc.assert(
      fc.property(validChunk, (bytes) => {
        for (let end = 0; end < bytes.length; end++)
          assert.equal(
            decodeOrCodecError(bytes.subarray(0, end)),
            'refused',
            `cut at ${end} of ${bytes.length}`,
          );
      }),
      { numRuns: 200 },
    );
  });
  test('valid chunks with 1 to 4 bits flipped', () => {
    fc.assert(
      fc.property(validChunk, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (bytes, flips) => {
        const damaged = Uint8Array.from(bytes);
        for (const f of flips) {
          const bit = f % (damaged.length * 8);
          damaged[bit >>> 3] = (damaged[bit >>> 3] as number) ^ (1 << (bit & 7));
        }
        decodeOrCodecError(damaged);
      }),
      runs,
    );
  });
  test('valid chunks with bytes inserted, removed or overwritten', () => {
    fc.assert(
      fc.property(
        validChunk,
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        fc.nat(2),
        (bytes, at, junk, op) => {
          const i = at % bytes.length;
          const parts =
            op === 0
              ? [bytes.subarray(0, i), junk, bytes.subarray(i)]
              : op === 1
                ? [bytes.subarray(0, i), bytes.subarray(i + junk.length)]
                : [bytes.subarray(0, i), junk, bytes.subarray(i + junk.length)];
          const damaged = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          let k = 0;
          for (const p of parts) {
            damaged.set(p, k);
            k += p.length;
          }
          decodeOrCodecError(damaged);
        },
      ),
      runs,
    );
  });
  test('a huge count in a small chunk is refused before allocating', () => {
    assert.throws(
      () => decodeChunk(Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0x0f, ...new Uint8Array(40))),
      /cannot fit/,
    );
  });
});
