// WriteProperty and WritePropertyMultiple (clause 15.9, 15.10): priorities, NULL, the WPM error, round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  objectIdArb,
  opt,
  plain,
  priorityArb,
  propertyValueArb,
  propertyValueEntryArb,
  refArb,
  roundTrip,
} from '../arbitraries.test.js';
import { ErrorClass, ErrorCode, ObjectType, PropertyId } from '../enums.js';
import { encodePropertyValue } from '../property-value.js';
import { decodeWriteProperty, encodeWriteProperty } from './write-property.js';
import {
  decodeWritePropertyMultiple,
  decodeWritePropertyMultipleError,
  encodeWritePropertyMultiple,
  encodeWritePropertyMultipleError,
} from './write-property-multiple.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('WriteProperty / WritePropertyMultiple', () => {
  test('a write at priority 8; NULL relinquishes', () => {
    const w = {
      object: { type: ObjectType.ANALOG_VALUE, instance: 1 },
      property: PropertyId.PRESENT_VALUE,
      value: encodePropertyValue([{ type: 'null' }]),
      priority: 8,
    };
    assert.equal(encodeWriteProperty(w).toString('hex'), '0c0080000119553e003f4908');
    assert.deepEqual(plain(decodeWriteProperty(encodeWriteProperty(w))), { ok: true, value: plain(w) });
    const bad = decodeWriteProperty(hex('0c 00 80 00 01 19 55 3e 00 3f 49 11'));
    assert.ok(!bad.ok && /priority 17/.test(bad.error));
    assert.equal(decodeWriteProperty(hex('0c 00 80 00 01 19 55 3e 00 3f 49 00')).ok, false);
    roundTrip(
      fc
        .tuple(objectIdArb, refArb, propertyValueArb, priorityArb)
        .map(([object, ref, value, priority]) => ({ object, ...ref, value, ...opt('priority', priority) })),
      encodeWriteProperty,
      decodeWriteProperty,
    );
  });

  test('WritePropertyMultiple and its error with the first failed write', () => {
    roundTrip(
      fc.array(
        fc.record(
          {
            object: objectIdArb,
            properties: fc.array(propertyValueEntryArb, { minLength: 1, maxLength: 3 }),
          },
          { noNullPrototype: true },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      encodeWritePropertyMultiple,
      decodeWritePropertyMultiple,
    );
    const e = {
      error: { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.WRITE_ACCESS_DENIED },
      firstFailedWriteAttempt: { object: { type: 0, instance: 3 }, property: PropertyId.PRESENT_VALUE },
    };
    assert.equal(encodeWritePropertyMultipleError(e).toString('hex'), '0e910291280f1e0c0000000319551f');
    assert.deepEqual(decodeWritePropertyMultipleError(encodeWritePropertyMultipleError(e)), {
      ok: true,
      value: e,
    });
  });
});
