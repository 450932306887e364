// Who-Is and I-Am (clause 16.10): ranges, the I-Am fields, round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { objectIdArb, opt, rangeArb, roundTrip } from '../arbitraries.test.js';
import { ObjectType, Segmentation } from '../enums.js';
import { decodeIAm, encodeIAm } from './i-am.js';
import { decodeWhoIs, encodeWhoIs, whoIsMatches } from './who-is.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('Who-Is / I-Am', () => {
  test('Who-Is without and with a range (X10 08 then [0] and [1])', () => {
    assert.deepEqual(decodeWhoIs(new Uint8Array(0)), { ok: true, value: {} });
    assert.equal(encodeWhoIs({ range: { low: 0, high: 100 } }).toString('hex'), '09001964');
    assert.deepEqual(decodeWhoIs(hex('09 00 1a 01 00')), {
      ok: true,
      value: { range: { low: 0, high: 256 } },
    });
    assert.ok(whoIsMatches({ range: { low: 10, high: 20 } }, 20));
    assert.ok(!whoIsMatches({ range: { low: 10, high: 20 } }, 21));
    for (const b of ['09 00', '19 64', '0c 00 40 00 00 19 01', '09 00 19 64 29 01'])
      assert.equal(decodeWhoIs(hex(b)).ok, false, b);
    roundTrip(
      rangeArb.map((range) => opt('range', range)),
      encodeWhoIs,
      decodeWhoIs,
    );
  });

  test('I-Am: device, max APDU, segmentation, vendor', () => {
    const iAm = {
      device: { type: ObjectType.DEVICE, instance: 1234 },
      maxApduLength: 1476,
      segmentation: Segmentation.SEGMENTED_BOTH,
      vendorId: 260,
    };
    assert.equal(encodeIAm(iAm).toString('hex'), 'c4020004d22205c491002201' + '04');
    assert.deepEqual(decodeIAm(encodeIAm(iAm)), { ok: true, value: iAm });
    assert.equal(decodeIAm(hex('c4 02 00 04 d2 22 05 c4 91 00')).ok, false);
    roundTrip(
      fc.record(
        {
          device: objectIdArb,
          maxApduLength: fc.integer({ min: 50, max: 1476 }),
          segmentation: fc.integer({ min: 0, max: 3 }),
          vendorId: fc.integer({ min: 0, max: 0xffff }),
        },
        { noNullPrototype: true },
      ),
      encodeIAm,
      decodeIAm,
    );
  });
});
