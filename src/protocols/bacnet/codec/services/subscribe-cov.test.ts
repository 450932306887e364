// SubscribeCOV, SubscribeCOVProperty and COV notifications (clause 13): subscriptions, cancellation, round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  objectIdArb,
  opt,
  propertyValueEntryArb,
  refArb,
  roundTrip,
  subscriptionArb,
  u32Arb,
} from '../arbitraries.test.js';
import { ObjectType, PropertyId } from '../enums.js';
import { decodePropertyValue, encodePropertyValue } from '../property-value.js';
import { decodeCovNotification, encodeCovNotification } from './cov-notification.js';
import { decodeSubscribeCov, encodeSubscribeCov } from './subscribe-cov.js';
import { decodeSubscribeCovProperty, encodeSubscribeCovProperty } from './subscribe-cov-property.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

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
          processId: u32Arb,
          device: objectIdArb,
          object: objectIdArb,
          timeRemaining: u32Arb,
          values: fc.array(propertyValueEntryArb, { maxLength: 3 }),
        },
        { noNullPrototype: true },
      ),
      encodeCovNotification,
      decodeCovNotification,
    );
  });
});
