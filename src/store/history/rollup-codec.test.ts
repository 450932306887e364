// Packed roll-ups (rollup-codec.ts) through packBuckets and unpackBuckets: any run of buckets comes back to
// the bit, rows of the float64 format before are still read, a 1-minute point's hour packs small, and
// damaged bytes decode to something or throw CodecError, never anything else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CodecError } from './codec/codec-error.js';
import {
  type Bucket,
  bucketsOf,
  HOUR_MS,
  MINUTE_MS,
  packBuckets,
  rollupRows,
  unpackBuckets,
} from './rollup-buckets.js';
import { PACKED_ROLLUPS } from './rollup-codec.js';
import { packFloat64Buckets } from './rollup-float64-format.js';

const FIELDS = ['sum', 'min', 'max', 'first', 'last'] as const;

/** A bucket's integers and the bit patterns of its values, for comparing to the bit. */
function bitsOf(buckets: readonly Bucket[]): number[][] {
  return buckets.map((b) => {
    const values = Float64Array.from(FIELDS.map((f) => b[f]));
    return [b.start, b.count, b.firstT, b.lastT, ...new Uint32Array(values.buffer)];
  });
}

/** Any double (NaN, −0, ±Infinity, subnormals), decimal-like ones, and a few repeated ones. */
const double = fc.oneof(
  fc.double(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => k / 100),
  fc.constantFrom(0, -0, 1, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE),
);

/** An arbitrary run of buckets of `size` ms: starts in order with gaps, any counts, times and values. */
const bucketRun = (size: number) =>
  fc
    .tuple(
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((ms) => Math.floor(ms / size)),
      fc.array(
        fc.record({
          gap: fc.oneof(fc.constant(0), fc.nat(5), fc.nat(1_000_000)),
          single: fc.boolean(),
          count: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1 })),
          offsets: fc
            .tuple(fc.nat(size - 1), fc.nat(size - 1))
            .map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
          values: fc.array(double, { minLength: 5, maxLength: 5 }),
        }),
        { maxLength: 70 },
      ),
    )
    .map(([first, specs]) => {
      let index = first - 1;
      return specs.map((s): Bucket => {
        index += s.gap + 1;
        const start = index * size;
        const [a, b] = s.offsets as [number, number];
        const [sum, min, max, v, last] = s.values as [number, number, number, number, number];
        if (s.single)
          return {
            start,
            count: 1,
            sum: 0 + v,
            min: v,
            max: v,
            first: v,
            firstT: start + a,
            last: v,
            lastT: start + a,
          };
        return { start, count: s.count, sum, min, max, first: v, firstT: start + a, last, lastT: start + b };
      });
    });

/** Samples as a store holds them: by time, one per time, over a few hours, NaN now and then. */
const samples = fc
  .uniqueArray(fc.integer({ min: 0, max: 3 * 3600 * 4 }), { maxLength: 300 })
  .chain((ticks) =>
    fc.tuple(
      fc.constant(ticks.sort((a, b) => a - b)),
      fc.array(
        fc.oneof({ weight: 20, arbitrary: double }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
        {
          minLength: ticks.length,
          maxLength: ticks.length,
        },
      ),
    ),
  )
  .map(([ticks, values]) =>
    ticks.map((k, i) => ({ t: Date.UTC(2026, 0, 5) + k * 250, v: values[i] as number })),
  );

/** Unpacks; any error must be a CodecError; what decodes is a run of buckets in order. */
function unpackOrCodecError(bytes: Uint8Array, size: number): 'decoded' | 'refused' {
  let got: Bucket[];
  try {
    got = unpackBuckets(bytes, size);
  } catch (err) {
    if (err instanceof CodecError) return 'refused';
    throw err;
  }
  for (const [i, b] of got.entries()) {
    assert.ok(Number.isSafeInteger(b.count) && b.count >= 1);
    assert.ok(b.start <= b.firstT && b.firstT <= b.lastT && b.lastT < b.start + size);
    if (bytes[0] === PACKED_ROLLUPS && i > 0) assert.ok(b.start > (got[i - 1] as Bucket).start);
  }
  return 'decoded';
}

describe('packed roll-ups', () => {
  test('an hour of a 1-minute point packs in a few bytes a minute (the float64 format took 24)', () => {
    const hour = Date.UTC(2026, 0, 5, 10);
    const minutes = bucketsOf(
      Array.from({ length: 60 }, (_, i) => ({
        t: hour + i * MINUTE_MS,
        v: Math.round(2000 + 50 * Math.sin(i / 9)) / 100,
      })),
      'minute',
    );
    const [row] = rollupRows(minutes.map((m) => ({ t: m.firstT, v: m.first })));
    assert.ok(row);
    assert.equal(packFloat64Buckets(minutes).length, 60 * 24);
    assert.ok(row.minutes.length < 3 * 60, `${row.minutes.length} bytes for 60 minutes`);
    assert.ok(row.total.length < 48, `${row.total.length} bytes for the hour`);
    assert.deepEqual(unpackBuckets(row.minutes, MINUTE_MS), minutes);
    assert.deepEqual(
      unpackBuckets(row.total, HOUR_MS),
      bucketsOf(
        minutes.map((m) => ({ t: m.firstT, v: m.first })),
        'hour',
      ),
    );
  });

  for (const [name, size] of [
    ['minutes', MINUTE_MS],
    ['hours', HOUR_MS],
  ] as const)
    test(`any run of ${name} comes back to the bit (NaN, −0, ±Infinity, subnormals)`, () => {
      fc.assert(
        fc.property(bucketRun(size), (buckets) => {
          const bytes = packBuckets(buckets, size);
          assert.equal(bytes[0], PACKED_ROLLUPS);
          assert.deepEqual(bitsOf(unpackBuckets(bytes, size)), bitsOf(buckets));
        }),
        { numRuns: 400 },
      );
    });

  test('full buckets of 2-decimal samples, their sums off by rounding errors or anything, come back to the bit', () => {
    const cents = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((k) => k / 100);
    const sum = fc.oneof(
      fc.array(cents, { minLength: 2, maxLength: 60 }).map((xs) => xs.reduce((a, b) => a + b, 0)),
      double,
      fc.constantFrom(1e300, -1e300, 2 ** 60 + 0.5),
    );
    fc.assert(
      fc.property(
        bucketRun(MINUTE_MS),
        fc.array(fc.tuple(cents, cents, cents, cents, sum), { minLength: 70, maxLength: 70 }),
        (run, values) => {
          const buckets = run.map((b, i) => {
            const [min, max, first, last, s] = values[i] as [number, number, number, number, number];
            return { ...b, count: Math.max(2, b.count), sum: s, min, max, first, last };
          });
          const bytes = packBuckets(buckets, MINUTE_MS);
          assert.deepEqual(bitsOf(unpackBuckets(bytes, MINUTE_MS)), bitsOf(buckets));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the roll-ups of any samples come back equal from packed rows and from float64 rows', () => {
    fc.assert(
      fc.property(samples, (list) => {
        for (const [level, size] of [
          ['minute', MINUTE_MS],
          ['hour', HOUR_MS],
        ] as const) {
          const buckets = bucketsOf(list, level);
          assert.deepEqual(unpackBuckets(packBuckets(buckets, size), size), buckets);
          assert.deepEqual(unpackBuckets(packFloat64Buckets(buckets), size), buckets);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('no row of the float64 format starts with the packed marker', () => {
    for (const count of [1, 2, 60, 3_600_000]) {
      const b = { start: 0, count, sum: 1, min: 1, max: 1, first: 1, firstT: 0, last: 1, lastT: 0 };
      assert.notEqual(packFloat64Buckets([b])[0], PACKED_ROLLUPS);
      const bigEndian = new DataView(new ArrayBuffer(8));
      bigEndian.setFloat64(0, count, false);
      assert.notEqual(bigEndian.getUint8(0), PACKED_ROLLUPS);
    }
    assert.deepEqual(unpackBuckets(new Uint8Array(0), MINUTE_MS), []);
    assert.deepEqual(unpackBuckets(packBuckets([], MINUTE_MS), MINUTE_MS), []);
  });

  test('buckets that are not a run of the size are refused with a CodecError', () => {
    const b = { start: 0, count: 2, sum: 1, min: 1, max: 1, first: 1, firstT: 0, last: 1, lastT: 10 };
    for (const bad of [
      [{ ...b, start: 1000, firstT: 1000, lastT: 1000 }],
      [b, b],
      [{ ...b, count: 0 }],
      [{ ...b, count: 1.5 }],
      [{ ...b, lastT: MINUTE_MS }],
      [{ ...b, firstT: 20 }],
      [{ ...b, firstT: 0.5 }],
    ])
      assert.throws(() => packBuckets(bad, MINUTE_MS), CodecError, JSON.stringify(bad));
    assert.throws(() => packBuckets([b], 0), CodecError);
  });
});

describe('unpacking damaged rows', () => {
  const runs = { numRuns: 1000 };
  const validRow = fc
    .tuple(fc.constantFrom(MINUTE_MS, HOUR_MS), fc.boolean())
    .chain(([size, real]) =>
      fc.tuple(
        fc.constant(size),
        real ? samples.map((s) => bucketsOf(s, size === HOUR_MS ? 'hour' : 'minute')) : bucketRun(size),
      ),
    )
    .map(([size, buckets]) => ({ size, bytes: packBuckets(buckets, size) }));

  test('arbitrary bytes, and arbitrary bytes after the marker', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, marked) => {
        const row = marked ? Uint8Array.of(PACKED_ROLLUPS, ...bytes) : bytes;
        unpackOrCodecError(row, MINUTE_MS);
        unpackOrCodecError(row, HOUR_MS);
      }),
      runs,
    );
  });

  test('every truncation of a packed row is refused', () => {
    fc.assert(
      fc.property(validRow, ({ size, bytes }) => {
        for (let end = 1; end < bytes.length; end++)
          assert.equal(
            unpackOrCodecError(bytes.subarray(0, end), size),
            'refused',
            `cut at ${end} of ${bytes.length}`,
          );
      }),
      { numRuns: 150 },
    );
  });

  test('packed rows with bits flipped or bytes added decode or are refused', () => {
    fc.assert(
      fc.property(
        validRow,
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.uint8Array({ maxLength: 3 }),
        ({ size, bytes }, flips, extra) => {
          const damaged = Uint8Array.from([...bytes, ...extra]);
          for (const f of flips) {
            const bit = 8 + (f % ((damaged.length - 1) * 8 || 1));
            damaged[bit >>> 3] = (damaged[bit >>> 3] as number) ^ (1 << (bit & 7));
          }
          unpackOrCodecError(damaged, size);
        },
      ),
      runs,
    );
  });

  test('float64 rows cut or damaged decode or are refused', () => {
    fc.assert(
      fc.property(samples, fc.nat(), fc.nat(), (list, cut, flip) => {
        const bytes = packFloat64Buckets(bucketsOf(list, 'minute'));
        const damaged = bytes.slice(0, bytes.length === 0 ? 0 : cut % bytes.length);
        const at = flip % (damaged.length || 1);
        if (damaged.length > 0) damaged[at] = (damaged[at] as number) ^ (1 << (flip % 8));
        unpackOrCodecError(damaged, MINUTE_MS);
      }),
      runs,
    );
  });

  test('a huge bucket count in a short row is refused before allocating', () => {
    // 2^40 buckets as Exp-Golomb: 40 zero bits, a 1, then 40 bits.
    const bytes = new Uint8Array(14);
    bytes[0] = PACKED_ROLLUPS;
    bytes[6] = 1;
    assert.throws(() => unpackBuckets(bytes, MINUTE_MS), /cannot fit/);
  });
});
