// The Reject reason (clause 18.9) each kind of malformed service body calls for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RejectReason } from '../enums.js';
import { decodePropertyValue } from '../property-value.js';
import type { Decoded } from '../result.js';
import { decodeIAm } from './i-am.js';
import { decodeReadProperty } from './read-property.js';
import { decodeWhoIs } from './who-is.js';
import { decodeWriteProperty } from './write-property.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

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
