// Services (ASHRAE 135-2020 clause 21 productions): published captures where there are some, fields octet by
// octet elsewhere, refusals of malformed bodies, and the encode→decode round trip of every request and answer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  arrayIndexArb,
  objectIdArb,
  plain,
  priorityArb,
  propertyIdArb,
  propertyValueArb,
  propertyValueEntryArb,
} from '../arbitraries.test.js';
import { ErrorClass, ErrorCode, ObjectType, PropertyId, RejectReason, Segmentation } from '../enums.js';
import { decodePropertyValue, encodePropertyValue } from '../property-value.js';
import type { Decoded } from '../result.js';
import { decodeCovNotification, encodeCovNotification } from './cov-notification.js';
import { decodeError, encodeError } from './error.js';
import { decodeIAm, encodeIAm } from './i-am.js';
import { decodeIHave, encodeIHave } from './i-have.js';
import {
  decodeReadProperty,
  decodeReadPropertyAck,
  encodeReadProperty,
  encodeReadPropertyAck,
} from './read-property.js';
import {
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  encodeReadPropertyMultiple,
  encodeReadPropertyMultipleAck,
  type ReadAccessResultItem,
} from './read-property-multiple.js';
import { decodeSubscribeCov, encodeSubscribeCov, type SubscribeCovRequest } from './subscribe-cov.js';
import { decodeSubscribeCovProperty, encodeSubscribeCovProperty } from './subscribe-cov-property.js';
import { decodeTimeSynchronization, encodeTimeSynchronization } from './time-synchronization.js';
import { decodeWhoHas, encodeWhoHas, type WhoHas } from './who-has.js';
import { decodeWhoIs, encodeWhoIs, whoIsMatches } from './who-is.js';
import { decodeWriteProperty, encodeWriteProperty } from './write-property.js';
import {
  decodeWritePropertyMultiple,
  decodeWritePropertyMultipleError,
  encodeWritePropertyMultiple,
  encodeWritePropertyMultipleError,
} from './write-property-multiple.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** Encodes, decodes and compares, for every value the arbitrary yields. */
function roundTrip<T>(
  arb: fc.Arbitrary<T>,
  encode: (v: T) => Buffer,
  decode: (b: Uint8Array) => Decoded<T>,
): void {
  fc.assert(
    fc.property(arb, (v) => {
      const back = decode(encode(v));
      assert.ok(back.ok, back.ok ? '' : back.error);
      assert.deepEqual(plain(back.value), plain(v));
    }),
    { numRuns: 300 },
  );
}

const opt = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const instance = fc.integer({ min: 0, max: 0x3fffff });
const rangeArb = fc.option(fc.record({ low: instance, high: instance }, { noNullPrototype: true }), {
  nil: undefined,
});
const name = fc.string({ maxLength: 30 });
const errorArb = fc.record(
  { errorClass: fc.integer({ min: 0, max: 7 }), errorCode: fc.integer({ min: 0, max: 300 }) },
  { noNullPrototype: true },
);
const refArb = fc
  .tuple(propertyIdArb, arrayIndexArb)
  .map(([property, arrayIndex]) => ({ property, ...opt('arrayIndex', arrayIndex) }));
const subscriptionArb: fc.Arbitrary<SubscribeCovRequest> = fc
  .tuple(
    u32,
    objectIdArb,
    fc.option(fc.tuple(fc.boolean(), fc.option(u32, { nil: undefined })), { nil: undefined }),
  )
  .map(([processId, object, sub]) =>
    sub === undefined
      ? { processId, object, cancel: true as const }
      : { processId, object, cancel: false as const, confirmed: sub[0], ...opt('lifetime', sub[1]) },
  );

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
          name.map((objectName) => ({ objectName })),
        ),
      )
      .map(([range, o]) => ({ ...opt('range', range), ...o }) as WhoHas);
    roundTrip(whoHasArb, encodeWhoHas, decodeWhoHas);
    roundTrip(
      fc.record({ device: objectIdArb, object: objectIdArb, objectName: name }, { noNullPrototype: true }),
      encodeIHave,
      decodeIHave,
    );
  });
});

describe('ReadProperty', () => {
  test('the published capture: Device 245, Model_Name', () => {
    // jdearden.org knowledge base, "bacnet - message formats - confirmed request": body X'0C 020000F5 19 46'.
    assert.deepEqual(decodeReadProperty(hex('0c 02 00 00 f5 19 46')), {
      ok: true,
      value: { object: { type: ObjectType.DEVICE, instance: 245 }, property: PropertyId.MODEL_NAME },
    });
  });

  test('the published ACK: Model_Name "CPO-PC-6A" in a CharacterString of extended length', () => {
    // jdearden.org knowledge base, "bacnet - BACnet-ComplexACK-PDU": the body after X'30 C4 0C'.
    const body = hex('0c 02 00 00 f5 19 46 3e 75 0a 00 43 50 4f 2d 50 43 2d 36 41 3f');
    const ack = decodeReadPropertyAck(body);
    assert.ok(ack.ok);
    assert.deepEqual(
      [ack.value.object, ack.value.property],
      [{ type: ObjectType.DEVICE, instance: 245 }, PropertyId.MODEL_NAME],
    );
    assert.deepEqual(decodePropertyValue(ack.value.value), {
      ok: true,
      value: [{ type: 'characterString', value: 'CPO-PC-6A' }],
    });
    const again = encodeReadPropertyAck({
      object: { type: ObjectType.DEVICE, instance: 245 },
      property: PropertyId.MODEL_NAME,
      value: encodePropertyValue([{ type: 'characterString', value: 'CPO-PC-6A' }]),
    });
    assert.deepEqual(again, body);
  });

  test('ACK with an array index and a property value between tags [3]', () => {
    const ack = {
      object: { type: ObjectType.DEVICE, instance: 245 },
      property: PropertyId.OBJECT_LIST,
      arrayIndex: 0,
      value: encodePropertyValue([{ type: 'unsigned', value: 12 }]),
    };
    assert.equal(encodeReadPropertyAck(ack).toString('hex'), '0c020000f5194c29003e210c3f');
    assert.deepEqual(plain(decodeReadPropertyAck(encodeReadPropertyAck(ack))), {
      ok: true,
      value: plain(ack),
    });
    for (const b of [
      '0c 02 00 00 f5',
      '0c 02 00 00 f5 19 4c 3e 21 0c',
      '0c 02 00 00 f5 19 4c 3e 21 0c 4f',
      '0c 02 00 00 f5 19 46 29',
    ]) {
      assert.equal(decodeReadPropertyAck(hex(b)).ok, false, b);
    }
    roundTrip(
      fc.tuple(objectIdArb, refArb).map(([object, ref]) => ({ object, ...ref })),
      encodeReadProperty,
      decodeReadProperty,
    );
    roundTrip(
      fc
        .tuple(objectIdArb, refArb, propertyValueArb)
        .map(([object, ref, value]) => ({ object, ...ref, value })),
      encodeReadPropertyAck,
      decodeReadPropertyAck,
    );
  });
});

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

describe('COV', () => {
  test('SubscribeCOV: subscription and cancellation', () => {
    assert.equal(
      encodeSubscribeCov({
        processId: 18,
        object: { type: 0, instance: 10 },
        cancel: false,
        confirmed: true,
        lifetime: 600,
      }).toString('hex'),
      '09121c0000000a29013a0258',
    );
    assert.deepEqual(decodeSubscribeCov(hex('09 12 1c 00 00 00 0a')), {
      ok: true,
      value: { processId: 18, object: { type: 0, instance: 10 }, cancel: true },
    });
    assert.equal(decodeSubscribeCov(hex('09 12 1c 00 00 00 0a 3a 02 58')).ok, false);
    roundTrip(subscriptionArb, encodeSubscribeCov, decodeSubscribeCov);
  });

  test('SubscribeCOVProperty with a COV increment', () => {
    roundTrip(
      fc
        .tuple(subscriptionArb, refArb, fc.option(fc.float({ noNaN: true }), { nil: undefined }))
        .map(([s, property, covIncrement]) => ({ ...s, property, ...opt('covIncrement', covIncrement) })),
      encodeSubscribeCovProperty,
      decodeSubscribeCovProperty,
    );
  });

  test('COV notification: Present_Value and Status_Flags', () => {
    const n = {
      processId: 18,
      device: { type: ObjectType.DEVICE, instance: 100 },
      object: { type: ObjectType.ANALOG_INPUT, instance: 10 },
      timeRemaining: 0,
      values: [
        { property: PropertyId.PRESENT_VALUE, value: encodePropertyValue([{ type: 'real', value: 65 }]) },
        {
          property: PropertyId.STATUS_FLAGS,
          value: encodePropertyValue([{ type: 'bitString', value: [false, false, false, false] }]),
        },
      ],
    };
    assert.equal(
      encodeCovNotification(n).toString('hex'),
      '09121c020000642c0000000a39004e09552e44428200002f096f2e8204002f4f',
    );
    const back = decodeCovNotification(encodeCovNotification(n));
    assert.ok(back.ok);
    assert.deepEqual(decodePropertyValue((back.value.values[1] as { value: Uint8Array }).value), {
      ok: true,
      value: [{ type: 'bitString', value: [false, false, false, false] }],
    });
    roundTrip(
      fc.record(
        {
          processId: u32,
          device: objectIdArb,
          object: objectIdArb,
          timeRemaining: u32,
          values: fc.array(propertyValueEntryArb, { maxLength: 3 }),
        },
        { noNullPrototype: true },
      ),
      encodeCovNotification,
      decodeCovNotification,
    );
  });
});

describe('TimeSynchronization and Error', () => {
  test('a date and a time; an error class and code', () => {
    const t = {
      date: { year: 2026, month: 12, day: 6, weekday: 7 },
      time: { hour: 18, minute: 30, second: 0, hundredths: 0 },
    };
    assert.equal(encodeTimeSynchronization(t).toString('hex'), 'a47e0c0607b4121e0000');
    assert.deepEqual(decodeTimeSynchronization(encodeTimeSynchronization(t)), { ok: true, value: t });
    assert.equal(decodeTimeSynchronization(hex('b4 12 1e 00 00 a4 7e 0c 06 07')).ok, false);
    const e = { errorClass: ErrorClass.OBJECT, errorCode: ErrorCode.UNKNOWN_OBJECT };
    assert.equal(encodeError(e).toString('hex'), '9101911f');
    assert.deepEqual(decodeError(hex('91 01 91 1f')), { ok: true, value: e });
    assert.equal(decodeError(hex('91 01 21 1f')).ok, false);
    roundTrip(errorArb, encodeError, decodeError);
  });
});

describe('Reject reasons of a malformed service body (clause 18.9)', () => {
  test('each failure names the reason a server rejects the request with', () => {
    const cases: Array<[string, (b: Uint8Array) => Decoded<unknown>, string, number]> = [
      [
        'a property id that is not there',
        decodeReadProperty,
        '0c 00 00 00 05',
        RejectReason.MISSING_REQUIRED_PARAMETER,
      ],
      [
        'a field skipped ([2] where [1] belongs)',
        decodeReadProperty,
        '0c 00 00 00 05 29 01',
        RejectReason.MISSING_REQUIRED_PARAMETER,
      ],
      [
        'a property value without its closing tag',
        decodeWriteProperty,
        '0c 00 80 00 01 19 55 3e 44 42 90 00 00',
        RejectReason.MISSING_REQUIRED_PARAMETER,
      ],
      [
        'an application tag where a context tag belongs',
        decodeReadProperty,
        'c4 00 00 00 05 19 55',
        RejectReason.INVALID_TAG,
      ],
      [
        'a Real of three octets (in a value: decoded once its datatype is known)',
        decodePropertyValue,
        '43 00 00 00',
        RejectReason.INVALID_TAG,
      ],
      [
        'an extra field after the last one',
        decodeReadProperty,
        '0c 00 00 00 05 19 55 29 01 39 00',
        RejectReason.TOO_MANY_ARGUMENTS,
      ],
      [
        'priority 0',
        decodeWriteProperty,
        '0c 00 80 00 01 19 55 3e 00 3f 49 00',
        RejectReason.PARAMETER_OUT_OF_RANGE,
      ],
      [
        'an array index wider than 32 bits',
        decodeReadProperty,
        '0c 00 00 00 05 19 55 2d 05 01 00 00 00 00',
        RejectReason.PARAMETER_OUT_OF_RANGE,
      ],
      [
        'an I-Am with an Unsigned for the device',
        decodeIAm,
        '21 01 22 05 c4 91 00 21 0f',
        RejectReason.INVALID_PARAMETER_DATA_TYPE,
      ],
      [
        'a closing tag that does not match',
        decodeWriteProperty,
        '0c 00 80 00 01 19 55 3e 00 4f',
        RejectReason.INVALID_TAG,
      ],
      [
        'a Who-Is limit beyond 4194303',
        decodeWhoIs,
        '0b 40 00 00 19 01',
        RejectReason.PARAMETER_OUT_OF_RANGE,
      ],
    ];
    for (const [what, decode, bytes, reason] of cases) {
      const r = decode(hex(bytes));
      assert.ok(!r.ok, what);
      assert.equal(r.rejectReason, reason, `${what}: ${r.error}`);
    }
  });
});
