// Dispatch by service choice: every service this codec knows comes back as its member of the union, an
// unknown one as null (the router's Reject unrecognized-service), a bad body as a failure with its reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfirmedService, RejectReason, UnconfirmedService } from '../enums.js';
import { encodePropertyValue } from '../property-value.js';
import { encodeCovNotification } from './cov-notification.js';
import { decodeComplexAckBody, decodeConfirmedRequest, decodeUnconfirmedRequest } from './dispatch.js';
import { encodeIAm } from './i-am.js';
import { encodeIHave } from './i-have.js';
import { encodeReadProperty, encodeReadPropertyAck } from './read-property.js';
import { encodeReadPropertyMultiple, encodeReadPropertyMultipleAck } from './read-property-multiple.js';
import { encodeSubscribeCov } from './subscribe-cov.js';
import { encodeSubscribeCovProperty } from './subscribe-cov-property.js';
import { encodeTimeSynchronization } from './time-synchronization.js';
import { encodeWhoHas } from './who-has.js';
import { encodeWhoIs } from './who-is.js';
import { encodeWriteProperty } from './write-property.js';
import { encodeWritePropertyMultiple } from './write-property-multiple.js';

const ai1 = { type: 0, instance: 1 };
const value = encodePropertyValue([{ type: 'real', value: 1 }]);
const cov = { processId: 1, device: { type: 8, instance: 1 }, object: ai1, timeRemaining: 0, values: [] };
const now = {
  date: { year: 2026, month: 1, day: 1, weekday: 4 },
  time: { hour: 0, minute: 0, second: 0, hundredths: 0 },
};

test('confirmed requests by service choice', () => {
  const cases: Array<[number, Buffer, string]> = [
    [ConfirmedService.READ_PROPERTY, encodeReadProperty({ object: ai1, property: 85 }), 'read-property'],
    [
      ConfirmedService.READ_PROPERTY_MULTIPLE,
      encodeReadPropertyMultiple([{ object: ai1, properties: [{ property: 8 }] }]),
      'read-property-multiple',
    ],
    [
      ConfirmedService.WRITE_PROPERTY,
      encodeWriteProperty({ object: ai1, property: 85, value }),
      'write-property',
    ],
    [
      ConfirmedService.WRITE_PROPERTY_MULTIPLE,
      encodeWritePropertyMultiple([{ object: ai1, properties: [{ property: 85, value }] }]),
      'write-property-multiple',
    ],
    [
      ConfirmedService.SUBSCRIBE_COV,
      encodeSubscribeCov({ processId: 1, object: ai1, cancel: true }),
      'subscribe-cov',
    ],
    [
      ConfirmedService.SUBSCRIBE_COV_PROPERTY,
      encodeSubscribeCovProperty({ processId: 1, object: ai1, cancel: true, property: { property: 85 } }),
      'subscribe-cov-property',
    ],
    [ConfirmedService.CONFIRMED_COV_NOTIFICATION, encodeCovNotification(cov), 'confirmed-cov-notification'],
  ];
  for (const [choice, body, service] of cases) {
    const d = decodeConfirmedRequest(choice, body);
    assert.ok(d?.ok, service);
    assert.equal(d.value.service, service);
  }
  assert.equal(decodeConfirmedRequest(ConfirmedService.ATOMIC_READ_FILE, Buffer.alloc(0)), null);
  const bad = decodeConfirmedRequest(ConfirmedService.READ_PROPERTY, Buffer.from('0c00000001', 'hex'));
  assert.ok(bad && !bad.ok && bad.rejectReason === RejectReason.MISSING_REQUIRED_PARAMETER);
});

test('unconfirmed requests and ComplexACK bodies by service choice', () => {
  const cases: Array<[number, Buffer, string]> = [
    [UnconfirmedService.WHO_IS, encodeWhoIs({}), 'who-is'],
    [
      UnconfirmedService.I_AM,
      encodeIAm({ device: { type: 8, instance: 1 }, maxApduLength: 1476, segmentation: 0, vendorId: 1 }),
      'i-am',
    ],
    [UnconfirmedService.WHO_HAS, encodeWhoHas({ objectName: 'x' }), 'who-has'],
    [
      UnconfirmedService.I_HAVE,
      encodeIHave({ device: { type: 8, instance: 1 }, object: ai1, objectName: 'x' }),
      'i-have',
    ],
    [
      UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION,
      encodeCovNotification(cov),
      'unconfirmed-cov-notification',
    ],
    [UnconfirmedService.TIME_SYNCHRONIZATION, encodeTimeSynchronization(now), 'time-synchronization'],
    [UnconfirmedService.UTC_TIME_SYNCHRONIZATION, encodeTimeSynchronization(now), 'utc-time-synchronization'],
  ];
  for (const [choice, body, service] of cases) {
    const d = decodeUnconfirmedRequest(choice, body);
    assert.ok(d?.ok, service);
    assert.equal(d.value.service, service);
  }
  assert.equal(decodeUnconfirmedRequest(UnconfirmedService.WRITE_GROUP, Buffer.alloc(0)), null);
  const rp = decodeComplexAckBody(
    ConfirmedService.READ_PROPERTY,
    encodeReadPropertyAck({ object: ai1, property: 85, value }),
  );
  assert.ok(rp?.ok && rp.value.service === 'read-property' && rp.value.ack.property === 85);
  const rpm = decodeComplexAckBody(
    ConfirmedService.READ_PROPERTY_MULTIPLE,
    encodeReadPropertyMultipleAck([{ object: ai1, results: [] }]),
  );
  assert.ok(rpm?.ok && rpm.value.service === 'read-property-multiple');
  assert.equal(decodeComplexAckBody(ConfirmedService.READ_RANGE, Buffer.alloc(0)), null);
});
