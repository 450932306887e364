// Who-Has and I-Have (clause 16.9): by identifier or by name, with a range; round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { nameArb, objectIdArb, opt, rangeArb, roundTrip } from '../arbitraries.test.js';
import { decodeIHave, encodeIHave } from './i-have.js';
import { decodeWhoHas, encodeWhoHas, type WhoHas } from './who-has.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('Who-Has / I-Have', () => {
  test('by identifier or by name, with an optional range', () => {
    assert.equal(encodeWhoHas({ objectName: 'AHU' }).toString('hex'), '3c00414855');
    assert.deepEqual(decodeWhoHas(hex('09 01 19 05 2c 00 00 00 03')), {
      ok: true,
      value: { range: { low: 1, high: 5 }, objectId: { type: 0, instance: 3 } },
    });
    assert.equal(decodeWhoHas(hex('09 01 19 05')).ok, false);
    const whoHasArb: fc.Arbitrary<WhoHas> = fc
      .tuple(
        rangeArb,
        fc.oneof(
          objectIdArb.map((objectId) => ({ objectId })),
          nameArb.map((objectName) => ({ objectName })),
        ),
      )
      .map(([range, o]) => ({ ...opt('range', range), ...o }) as WhoHas);
    roundTrip(whoHasArb, encodeWhoHas, decodeWhoHas);
    roundTrip(
      fc.record({ device: objectIdArb, object: objectIdArb, objectName: nameArb }, { noNullPrototype: true }),
      encodeIHave,
      decodeIHave,
    );
  });
});
