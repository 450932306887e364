// WriteProperty and WritePropertyMultiple on the demo site's real runtime: writes with a priority and
// relinquished through the one write path (its priority array and audit trail checked), the refusals the
// standard names (priority 6, a property or object that is not writable, a wrong datatype, a value out of
// range) changing nothing, and a momentary action run by ACTIVE that reads INACTIVE after.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import {
  type BacnetValue,
  decodeWritePropertyMultipleError,
  ErrorClass,
  ErrorCode,
  encodePropertyValue,
  PropertyId,
} from '../../src/protocols/bacnet/codec/index.js';
import { type BacnetAppFixture, bacnetApp, type Decoded, PEER } from './bacnet-app-fixture.js';

const pv = (...values: BacnetValue[]) => encodePropertyValue(values);
const real = (value: number): BacnetValue => ({ type: 'real', value });

function errorOf(answer: Decoded): [number, number] | string {
  return answer.kind === 'error' ? [answer.errorClass, answer.errorCode] : answer.kind;
}

describe('BACnet WriteProperty and WritePropertyMultiple on the demo site', () => {
  let f: BacnetAppFixture;
  before(async () => {
    f = await bacnetApp();
  });
  after(() => f.close());

  const objectOf = (key: string) => {
    const [deviceId, pointId] = key.split('.') as [string, string];
    const point = f.site.devices.find((d) => d.id === deviceId)?.profile.points.find((p) => p.id === pointId);
    assert.ok(point, key);
    const a = bacnetAddressOf(point);
    return {
      to: f.device(deviceId),
      object: { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance },
    };
  };
  const audit = async (key: string) => (await f.runtime.services.audit.query({ key }))[0];

  test('a REAL at priority 10, then relinquished with NULL: the priority array, Present_Value and the audit trail', async () => {
    const key = 'ev-charger-1.max-current-limit';
    const { to, object } = objectOf(key);
    const written = await f.writeProperty(to, {
      object,
      property: PropertyId.PRESENT_VALUE,
      value: pv(real(16)),
      priority: 10,
    });
    assert.deepEqual(written, { kind: 'simple-ack' });
    assert.equal(f.runtime.services.writes.priorityArray(key)?.values[9], 16);
    assert.equal(f.state(key).value, 16);
    const read = await f.readProperty(to, object, PropertyId.PRESENT_VALUE);
    assert.ok(read.ok);
    assert.deepEqual(read.values, [real(16)]);
    const slot = await f.readProperty(to, object, PropertyId.PRIORITY_ARRAY, 10);
    assert.ok(slot.ok);
    assert.deepEqual(slot.values, [real(16)]);
    const empty = await f.readProperty(to, object, PropertyId.PRIORITY_ARRAY, 9);
    assert.ok(empty.ok);
    assert.deepEqual(empty.values, [{ type: 'null' }]);
    const level = await f.readProperty(to, object, PropertyId.CURRENT_COMMAND_PRIORITY);
    assert.ok(level.ok);
    assert.deepEqual(level.values, [{ type: 'unsigned', value: 10 }]);
    const row = await audit(key);
    assert.equal(row?.via, 'bacnet');
    assert.equal(row?.remote, PEER.address);
    assert.equal(row?.level, 10);
    assert.equal(row?.action, 'write');
    assert.equal(row?.written, 16);

    const relinquished = await f.writeProperty(to, {
      object,
      property: PropertyId.PRESENT_VALUE,
      value: pv({ type: 'null' }),
      priority: 10,
    });
    assert.deepEqual(relinquished, { kind: 'simple-ack' });
    assert.equal(f.runtime.services.writes.priorityArray(key)?.values[9], null);
    assert.equal((await audit(key))?.action, 'relinquish');
    const none = await f.readProperty(to, object, PropertyId.CURRENT_COMMAND_PRIORITY);
    assert.ok(none.ok);
    assert.deepEqual(none.values, [{ type: 'null' }]);
  });

  test('no priority writes at 16; a multi-state value by state number', async () => {
    const limit = objectOf('ev-charger-2.max-current-limit');
    assert.deepEqual(
      await f.writeProperty(limit.to, {
        object: limit.object,
        property: PropertyId.PRESENT_VALUE,
        value: pv(real(20)),
      }),
      { kind: 'simple-ack' },
    );
    assert.equal(f.runtime.services.writes.priorityArray('ev-charger-2.max-current-limit')?.values[15], 20);
    const mode = objectOf('ev-charger-2.charge-mode');
    assert.deepEqual(
      await f.writeProperty(mode.to, {
        object: mode.object,
        property: PropertyId.PRESENT_VALUE,
        value: pv({ type: 'unsigned', value: 2 }),
        priority: 9,
      }),
      { kind: 'simple-ack' },
    );
    assert.equal(f.state('ev-charger-2.charge-mode').value, 'NORMAL');
    const read = await f.readProperty(mode.to, mode.object, PropertyId.PRESENT_VALUE);
    assert.ok(read.ok);
    assert.deepEqual(read.values, [{ type: 'unsigned', value: 2 }]);
  });

  test('refusals change nothing: priority 6, wrong datatype, out of range, a property or an object not writable', async () => {
    const key = 'ev-charger-3.max-current-limit';
    const { to, object } = objectOf(key);
    const before = f.runtime.services.writes.priorityArray(key);
    const sensor = objectOf('rainwater-tank.level');
    const mode = objectOf('ev-charger-3.charge-mode');
    const cases: Array<[string, Promise<Decoded>, [number, number]]> = [
      [
        'priority 6',
        f.writeProperty(to, { object, property: PropertyId.PRESENT_VALUE, value: pv(real(16)), priority: 6 }),
        [ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED],
      ],
      [
        'a CharacterString to an analog output',
        f.writeProperty(to, {
          object,
          property: PropertyId.PRESENT_VALUE,
          value: pv({ type: 'characterString', value: '16' }),
        }),
        [ErrorClass.PROPERTY, ErrorCode.INVALID_DATA_TYPE],
      ],
      [
        'an ENUMERATED to an analog output',
        f.writeProperty(to, {
          object,
          property: PropertyId.PRESENT_VALUE,
          value: pv({ type: 'enumerated', value: 1 }),
        }),
        [ErrorClass.PROPERTY, ErrorCode.INVALID_DATA_TYPE],
      ],
      [
        '100 A, above the range 6–32',
        f.writeProperty(to, { object, property: PropertyId.PRESENT_VALUE, value: pv(real(100)) }),
        [ErrorClass.PROPERTY, ErrorCode.VALUE_OUT_OF_RANGE],
      ],
      [
        'state 9 of 2',
        f.writeProperty(mode.to, {
          object: mode.object,
          property: PropertyId.PRESENT_VALUE,
          value: pv({ type: 'unsigned', value: 9 }),
        }),
        [ErrorClass.PROPERTY, ErrorCode.VALUE_OUT_OF_RANGE],
      ],
      [
        'Description',
        f.writeProperty(to, {
          object,
          property: PropertyId.DESCRIPTION,
          value: pv({ type: 'characterString', value: 'x' }),
        }),
        [ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED],
      ],
      [
        'a sensor',
        f.writeProperty(sensor.to, {
          object: sensor.object,
          property: PropertyId.PRESENT_VALUE,
          value: pv(real(1)),
        }),
        [ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED],
      ],
      [
        'a value of the wrong datatype to a sensor (not writable comes first)',
        f.writeProperty(sensor.to, {
          object: sensor.object,
          property: PropertyId.PRESENT_VALUE,
          value: pv({ type: 'characterString', value: 'x' }),
        }),
        [ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED],
      ],
      [
        'an operator at priority 5',
        f.writeProperty(to, { object, property: PropertyId.PRESENT_VALUE, value: pv(real(16)), priority: 5 }),
        [ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED],
      ],
      [
        'an object that does not exist',
        f.writeProperty(to, {
          object: { type: 1, instance: 999 },
          property: PropertyId.PRESENT_VALUE,
          value: pv(real(16)),
        }),
        [ErrorClass.OBJECT, ErrorCode.UNKNOWN_OBJECT],
      ],
    ];
    for (const [what, answer, want] of cases) assert.deepEqual(errorOf(await answer), want, what);
    assert.deepEqual(f.runtime.services.writes.priorityArray(key), before);
    const rows = await f.runtime.services.audit.query({ key });
    assert.ok(rows.length >= 5 && rows.every((r) => r.action === 'refused' && r.via === 'bacnet'));
    assert.ok(rows.some((r) => r.note?.includes('priority 6')));
  });

  test('a momentary action: ACTIVE runs it (audited as run), Present_Value reads INACTIVE after', async () => {
    const key = 'fuel-tank.reset-min-max';
    const { to, object } = objectOf(key);
    const run = await f.writeProperty(to, {
      object,
      property: PropertyId.PRESENT_VALUE,
      value: pv({ type: 'enumerated', value: 1 }),
      priority: 8,
    });
    assert.deepEqual(run, { kind: 'simple-ack' });
    const row = await audit(key);
    assert.equal(row?.action, 'run');
    assert.equal(row?.via, 'bacnet');
    const read = await f.readProperty(to, object, PropertyId.PRESENT_VALUE);
    assert.ok(read.ok);
    assert.deepEqual(read.values, [{ type: 'enumerated', value: 0 }]);
    const text = await f.readProperty(to, object, PropertyId.ACTIVE_TEXT);
    assert.ok(text.ok);
    assert.deepEqual(text.values, [{ type: 'characterString', value: 'RESET' }]);
  });

  test('WritePropertyMultiple writes all, or nothing when one write is refused', async () => {
    const a = objectOf('ev-charger-4.max-current-limit');
    const b = objectOf('ev-charger-4.charge-mode');
    const ok = await f.writeMultiple(a.to, [
      {
        object: a.object,
        properties: [{ property: PropertyId.PRESENT_VALUE, value: pv(real(12)), priority: 12 }],
      },
      {
        object: b.object,
        properties: [
          { property: PropertyId.PRESENT_VALUE, value: pv({ type: 'unsigned', value: 1 }), priority: 12 },
        ],
      },
    ]);
    assert.deepEqual(ok, { kind: 'simple-ack' });
    assert.equal(f.runtime.services.writes.priorityArray('ev-charger-4.max-current-limit')?.values[11], 12);
    assert.equal(f.runtime.services.writes.priorityArray('ev-charger-4.charge-mode')?.values[11], 'SMART');
    const refused = await f.writeMultiple(a.to, [
      {
        object: a.object,
        properties: [{ property: PropertyId.PRESENT_VALUE, value: pv(real(30)), priority: 12 }],
      },
      {
        object: b.object,
        properties: [{ property: PropertyId.PRESENT_VALUE, value: pv(real(1)), priority: 12 }],
      },
    ]);
    assert.deepEqual(errorOf(refused), [ErrorClass.PROPERTY, ErrorCode.INVALID_DATA_TYPE]);
    // The Error PDU carries WritePropertyMultiple-Error: the error and the first write that failed.
    assert.ok(refused.kind === 'error' && refused.body, 'a WritePropertyMultiple-Error body');
    const body = decodeWritePropertyMultipleError(refused.body);
    assert.ok(body.ok);
    assert.deepEqual(body.value, {
      error: { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.INVALID_DATA_TYPE },
      firstFailedWriteAttempt: { object: b.object, property: PropertyId.PRESENT_VALUE },
    });
    assert.equal(f.runtime.services.writes.priorityArray('ev-charger-4.max-current-limit')?.values[11], 12);
  });
});

describe('BACnet writes with the role from settings', () => {
  test('a viewer role writes nothing: WRITE_ACCESS_DENIED', async () => {
    const f = await bacnetApp({ role: 'viewer' });
    try {
      const point = f.site.devices[1]?.profile.points.find((p) => p.id === 'max-current-limit');
      assert.ok(point);
      const a = bacnetAddressOf(point);
      const answer = await f.writeProperty(f.device('ev-charger-1'), {
        object: { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance },
        property: PropertyId.PRESENT_VALUE,
        value: pv(real(16)),
      });
      assert.deepEqual(errorOf(answer), [ErrorClass.PROPERTY, ErrorCode.WRITE_ACCESS_DENIED]);
      assert.equal(
        f.runtime.services.writes.priorityArray('ev-charger-1.max-current-limit')?.values[15],
        null,
      );
    } finally {
      await f.close();
    }
  });
});
