// ReadProperty (clause 15.5): published captures of a request and an ACK, array indexes, round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { objectIdArb, plain, propertyValueArb, refArb, roundTrip } from '../arbitraries.test.js';
import { ObjectType, PropertyId } from '../enums.js';
import { decodePropertyValue, encodePropertyValue } from '../property-value.js';
import {
  decodeReadProperty,
  decodeReadPropertyAck,
  encodeReadProperty,
  encodeReadPropertyAck,
} from './read-property.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

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
