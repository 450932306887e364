// ReadPropertyMultiple (clause 15.7): a published capture, ALL as a property id, per-property errors, round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { errorArb, objectIdArb, plain, propertyValueArb, refArb, roundTrip } from '../arbitraries.test.js';
import { ErrorClass, ErrorCode, ObjectType, PropertyId } from '../enums.js';
import { encodePropertyValue } from '../property-value.js';
import {
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  encodeReadPropertyMultiple,
  encodeReadPropertyMultipleAck,
  type ReadAccessResultItem,
} from './read-property-multiple.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('ReadPropertyMultiple', () => {
  test('the published capture: six Analog Inputs, five properties each (one proprietary, 512)', () => {
    // jdearden.org knowledge base, "confirmed request - readpropertymultiple": the APDU after X'00 05 D2 0E'.
    const objects = [5, 1, 4, 3, 6, 2];
    const body = objects.map((i) => `0c0000000${i} 1e 094d 0955 0924 0951 0a0200 1f`).join('');
    const decoded = decodeReadPropertyMultiple(hex(body));
    assert.deepEqual(decoded, {
      ok: true,
      value: objects.map((instance) => ({
        object: { type: ObjectType.ANALOG_INPUT, instance },
        properties: [77, 85, 36, 81, 512].map((property) => ({ property })),
      })),
    });
    assert.ok(decoded.ok);
    assert.deepEqual(encodeReadPropertyMultiple(decoded.value), hex(body));
  });

  test('ALL is a property id; the ACK carries values and per-property errors', () => {
    assert.equal(
      encodeReadPropertyMultiple([
        { object: { type: 0, instance: 1 }, properties: [{ property: PropertyId.ALL }] },
      ]).toString('hex'),
      '0c000000011e09081f',
    );
    const results = [
      {
        object: { type: 0, instance: 1 },
        results: [
          { property: PropertyId.PRESENT_VALUE, value: encodePropertyValue([{ type: 'real', value: 21.5 }]) },
          {
            property: PropertyId.PRIORITY_ARRAY,
            arrayIndex: 17,
            error: { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.INVALID_ARRAY_INDEX },
          },
        ] as ReadAccessResultItem[],
      },
    ];
    // [0] object, [1] opening, [2] property 85, [4] value REAL 21.5, [2] 87, [3] index 17, [5] error class 2 code 42.
    assert.equal(
      encodeReadPropertyMultipleAck(results).toString('hex'),
      '0c00000001 1e 2955 4e 4441ac0000 4f 2957 3911 5e 9102 912a 5f 1f'.replace(/ /g, ''),
    );
    assert.deepEqual(plain(decodeReadPropertyMultipleAck(encodeReadPropertyMultipleAck(results))), {
      ok: true,
      value: plain(results),
    });
    for (const b of ['', '0c 00 00 00 01', '0c 00 00 00 01 1e 1f', '0c 00 00 00 01 1e 09 55']) {
      assert.equal(decodeReadPropertyMultiple(hex(b)).ok, false, b);
    }
    const itemArb: fc.Arbitrary<ReadAccessResultItem> = fc
      .tuple(
        refArb,
        fc.oneof(
          propertyValueArb.map((value) => ({ value })),
          errorArb.map((error) => ({ error })),
        ),
      )
      .map(([ref, r]) => ({ ...ref, ...r }));
    roundTrip(
      fc.array(
        fc.record(
          { object: objectIdArb, properties: fc.array(refArb, { minLength: 1, maxLength: 4 }) },
          { noNullPrototype: true },
        ),
        { minLength: 1, maxLength: 4 },
      ),
      encodeReadPropertyMultiple,
      decodeReadPropertyMultiple,
    );
    roundTrip(
      fc.array(
        fc.record(
          { object: objectIdArb, results: fc.array(itemArb, { maxLength: 4 }) },
          { noNullPrototype: true },
        ),
        { maxLength: 4 },
      ),
      encodeReadPropertyMultipleAck,
      decodeReadPropertyMultipleAck,
    );
  });
});
