// Present_Value by point type, both ways: what a point's value reads as, and what a client's value writes
// (or the error it gets), for every type, including a date-time in the site's zone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Point } from '../../../points/model.js';
import { ErrorCode } from '../codec/index.js';
import { bacnetValueOf, writtenValueOf } from './present-value.js';

const base: Point = {
  id: 'p',
  name: 'P',
  kind: 'command',
  type: 'number',
  tags: [],
  unit: null,
  min: 0,
  max: 10,
  enum: null,
  trueText: 'ON',
  falseText: 'OFF',
  action: null,
  writeRole: 'operator',
  update: 'onEvent',
  intervalMs: null,
  description: null,
  addresses: {},
  protocols: {},
};
const TZ = 'Europe/Paris';
const errorCode = (w: ReturnType<typeof writtenValueOf>) => (w.ok ? null : w.error.errorCode);

test('each type reads as its BACnet datatype', () => {
  assert.deepEqual(bacnetValueOf(base, 2.5, TZ), [{ type: 'real', value: 2.5 }]);
  assert.deepEqual(bacnetValueOf({ ...base, type: 'bool' }, true, TZ), [{ type: 'enumerated', value: 1 }]);
  assert.deepEqual(bacnetValueOf({ ...base, type: 'action' }, false, TZ), [{ type: 'enumerated', value: 0 }]);
  assert.deepEqual(bacnetValueOf({ ...base, type: 'enum', enum: ['A', 'B', 'C'] }, 'C', TZ), [
    { type: 'unsigned', value: 3 },
  ]);
  assert.deepEqual(bacnetValueOf({ ...base, type: 'string' }, 'x', TZ), [
    { type: 'characterString', value: 'x' },
  ]);
  assert.deepEqual(bacnetValueOf({ ...base, type: 'datetime' }, '2026-07-01T10:00:00.000Z', TZ), [
    { type: 'date', value: { year: 2026, month: 7, day: 1, weekday: 3 } },
    { type: 'time', value: { hour: 12, minute: 0, second: 0, hundredths: 0 } },
  ]);
});

test('writes: each type from its datatype, NULL relinquishes, the rest refused with the standard code', () => {
  assert.deepEqual(writtenValueOf(base, [{ type: 'real', value: 3 }], TZ), { ok: true, value: 3 });
  assert.deepEqual(writtenValueOf(base, [{ type: 'null' }], TZ), { ok: true, value: null });
  assert.equal(
    errorCode(writtenValueOf(base, [{ type: 'unsigned', value: 3 }], TZ)),
    ErrorCode.INVALID_DATA_TYPE,
  );
  assert.equal(
    errorCode(writtenValueOf(base, [{ type: 'real', value: Number.NaN }], TZ)),
    ErrorCode.VALUE_OUT_OF_RANGE,
  );
  const bool = { ...base, type: 'bool' as const };
  assert.deepEqual(writtenValueOf(bool, [{ type: 'enumerated', value: 0 }], TZ), { ok: true, value: false });
  assert.equal(
    errorCode(writtenValueOf(bool, [{ type: 'enumerated', value: 2 }], TZ)),
    ErrorCode.VALUE_OUT_OF_RANGE,
  );
  assert.equal(
    errorCode(writtenValueOf(bool, [{ type: 'boolean', value: true }], TZ)),
    ErrorCode.INVALID_DATA_TYPE,
  );
  const multi = { ...base, type: 'enum' as const, enum: ['A', 'B'] };
  assert.deepEqual(writtenValueOf(multi, [{ type: 'unsigned', value: 2 }], TZ), { ok: true, value: 'B' });
  assert.equal(
    errorCode(writtenValueOf(multi, [{ type: 'unsigned', value: 0 }], TZ)),
    ErrorCode.VALUE_OUT_OF_RANGE,
  );
  assert.equal(
    errorCode(writtenValueOf(multi, [{ type: 'unsigned', value: 3n }], TZ)),
    ErrorCode.VALUE_OUT_OF_RANGE,
  );
  const text = { ...base, type: 'string' as const };
  assert.deepEqual(writtenValueOf(text, [{ type: 'characterString', value: 'hi' }], TZ), {
    ok: true,
    value: 'hi',
  });
  const when = { ...base, type: 'datetime' as const };
  assert.deepEqual(
    writtenValueOf(
      when,
      [
        { type: 'date', value: { year: 2026, month: 7, day: 1, weekday: 255 } },
        { type: 'time', value: { hour: 12, minute: 0, second: 0, hundredths: 0 } },
      ],
      TZ,
    ),
    { ok: true, value: '2026-07-01T10:00:00.000Z' },
  );
  assert.equal(
    errorCode(
      writtenValueOf(when, [{ type: 'date', value: { year: 2026, month: 7, day: 1, weekday: 255 } }], TZ),
    ),
    ErrorCode.INVALID_DATA_TYPE,
  );
});
