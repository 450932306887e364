// BitString properties: lengths of ASHRAE 135-2020's BACnetServicesSupported and BACnetObjectTypesSupported,
// and their encoding with the unused bits counted as clause 20.2.10 says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bitStringOf,
  OBJECT_TYPES_SUPPORTED_LENGTH,
  SERVICES_SUPPORTED_LENGTH,
  statusFlagsOf,
} from './bit-strings.js';
import { ObjectType, ServicesSupportedBit } from './enums.js';
import { encodePropertyValue } from './property-value.js';

test('services supported: 49 bits, 7 octets with 7 unused bits', () => {
  assert.equal(SERVICES_SUPPORTED_LENGTH, 49);
  const bits = bitStringOf(SERVICES_SUPPORTED_LENGTH, [
    ServicesSupportedBit.READ_PROPERTY,
    ServicesSupportedBit.WHO_IS,
  ]);
  // X'85' (BitString, extended length) X'08' (8 octets), 7 unused bits, bit 12 in octet 1, bit 34 in octet 4.
  assert.equal(
    Buffer.from(encodePropertyValue([{ type: 'bitString', value: bits }])).toString('hex'),
    '85080700080000200000',
  );
});

test('object types supported: 65 bits; status flags in their order', () => {
  assert.equal(OBJECT_TYPES_SUPPORTED_LENGTH, 65);
  assert.deepEqual(bitStringOf(4, [ObjectType.BINARY_INPUT]), [false, false, false, true]);
  assert.throws(() => bitStringOf(4, [4]), RangeError);
  assert.deepEqual(statusFlagsOf({ fault: true, outOfService: true }), [false, true, false, true]);
  // Clause 20.2.10's layout for four flags: X'82 04 50' = fault and out-of-service set.
  assert.equal(
    Buffer.from(
      encodePropertyValue([{ type: 'bitString', value: statusFlagsOf({ fault: true, outOfService: true }) }]),
    ).toString('hex'),
    '820450',
  );
});
