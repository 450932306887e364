// TimeSynchronization (clause 16.7) and the Error production (clause 21): octets and round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorArb, roundTrip } from '../arbitraries.test.js';
import { ErrorClass, ErrorCode } from '../enums.js';
import { decodeError, encodeError } from './error.js';
import { decodeTimeSynchronization, encodeTimeSynchronization } from './time-synchronization.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

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
