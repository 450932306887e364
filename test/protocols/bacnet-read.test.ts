// ReadProperty and ReadPropertyMultiple on the demo site's real runtime: every object of every device read and
// checked against the point store, the Device object's Object_List whole and element by element, ALL /
// REQUIRED / OPTIONAL, and the errors of an object, a property or an array index that is not there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Point } from '../../src/points/model.js';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import { engineeringUnit } from '../../src/protocols/bacnet/bacnet-units.js';
import {
  type BacnetValue,
  ErrorClass,
  ErrorCode,
  ObjectType,
  PropertyId,
  ServicesSupportedBit,
} from '../../src/protocols/bacnet/codec/index.js';
import { pointKey } from '../../src/site/model.js';
import { type BacnetAppFixture, bacnetApp, valuesOf } from './bacnet-app-fixture.js';

/** What Present_Value must be for `value` of `point`, worked out here apart from the application. */
function expectedPresentValue(point: Point, value: unknown): Pick<BacnetValue, 'type'> & { value?: unknown } {
  switch (point.type) {
    case 'number':
      return { type: 'real', value: Math.fround(value as number) };
    case 'bool':
    case 'action':
      return { type: 'enumerated', value: value === true ? 1 : 0 };
    case 'enum':
      return { type: 'unsigned', value: (point.enum ?? []).indexOf(value as string) + 1 };
    case 'string':
      return { type: 'characterString', value };
    case 'datetime':
      return { type: 'date' };
  }
}

function objectIdOf(point: Point) {
  const a = bacnetAddressOf(point);
  return { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance };
}

describe('BACnet ReadProperty and ReadPropertyMultiple on the demo site', () => {
  let f: BacnetAppFixture;
  before(async () => {
    f = await bacnetApp();
  });
  after(() => f.close());

  test('one BACnet device per site device, with its instance and name', () => {
    const devices = f.app.devices();
    assert.equal(devices.length, f.site.devices.length);
    for (const [i, d] of f.site.devices.entries()) {
      assert.equal(devices[i]?.id, d.id);
      assert.equal(devices[i]?.instance, d.numbers.bacnet);
      assert.equal(devices[i]?.name, d.name);
    }
  });

  test('ReadProperty: Present_Value, Object_Name, Status_Flags, Units of every point of every device match the store', async () => {
    let checked = 0;
    for (const device of f.site.devices) {
      const to = f.device(device.id);
      for (const point of device.profile.points) {
        const object = objectIdOf(point);
        const state = f.state(pointKey(device.id, point.id));
        const pv = await f.readProperty(to, object, PropertyId.PRESENT_VALUE);
        assert.ok(pv.ok, `${device.id}.${point.id}: ${JSON.stringify(pv)}`);
        const want = expectedPresentValue(point, state.value);
        assert.equal(pv.values[0]?.type, want.type, `${device.id}.${point.id}`);
        if (point.type === 'datetime') {
          assert.equal(pv.values[1]?.type, 'time');
          const d = (pv.values[0] as Extract<BacnetValue, { type: 'date' }>).value;
          const t = (pv.values[1] as Extract<BacnetValue, { type: 'time' }>).value;
          // The site's zone (Europe/Paris) is one hour ahead of UTC in winter, two in summer.
          const wall = Date.UTC(d.year, d.month - 1, d.day, t.hour, t.minute, t.second, t.hundredths * 10);
          const ahead = wall - Math.floor(Date.parse(state.value as string) / 10) * 10;
          assert.ok(ahead === 3_600_000 || ahead === 7_200_000, `${device.id}.${point.id}: ${ahead}`);
        } else
          assert.deepEqual(
            (pv.values[0] as { value: unknown }).value,
            want.value,
            `${device.id}.${point.id}`,
          );
        const name = await f.readProperty(to, object, PropertyId.OBJECT_NAME);
        assert.ok(name.ok);
        assert.deepEqual(name.values, [{ type: 'characterString', value: point.name }]);
        const flags = await f.readProperty(to, object, PropertyId.STATUS_FLAGS);
        assert.ok(flags.ok);
        const fault = state.status === 'fault' || state.status === 'down' || state.status === 'unknown';
        assert.equal(
          (flags.values[0] as { value: boolean[] }).value[1],
          fault,
          `${device.id}.${point.id} fault flag`,
        );
        const type = await f.readProperty(to, object, PropertyId.OBJECT_TYPE);
        assert.ok(type.ok);
        assert.deepEqual(type.values, [{ type: 'enumerated', value: object.type }]);
        if (point.type === 'number' && ['AI', 'AO', 'AV'].includes(bacnetAddressOf(point).type)) {
          const units = await f.readProperty(to, object, PropertyId.UNITS);
          assert.ok(units.ok);
          assert.deepEqual(units.values, [{ type: 'enumerated', value: engineeringUnit(point.unit).number }]);
        }
        checked++;
      }
    }
    assert.ok(checked > 50, `only ${checked} points`);
  });

  test('ReadPropertyMultiple: Present_Value and Status_Flags of every object of each device in one request', async () => {
    for (const device of f.site.devices) {
      const to = f.device(device.id);
      const specs = device.profile.points.map((p) => ({
        object: objectIdOf(p),
        properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
      }));
      const results = await f.readMultiple(to, specs);
      assert.equal(results.length, specs.length);
      for (const [i, point] of device.profile.points.entries()) {
        const result = results[i];
        assert.deepEqual(result?.object, specs[i]?.object);
        const pv = result?.results[0];
        assert.ok(pv && 'value' in pv, `${device.id}.${point.id}`);
        const state = f.state(pointKey(device.id, point.id));
        const want = expectedPresentValue(point, state.value);
        const got = valuesOf(pv.value);
        assert.equal(got[0]?.type, want.type);
        if (point.type !== 'datetime') assert.deepEqual((got[0] as { value: unknown }).value, want.value);
        assert.ok(result?.results[1] && 'value' in result.results[1]);
      }
    }
  });

  test('Object_List whole, its size at index 0 and each element by index; past the end INVALID_ARRAY_INDEX', async () => {
    for (const device of f.site.devices) {
      const to = f.device(device.id);
      const deviceId = { type: ObjectType.DEVICE, instance: to.instance };
      const want = [deviceId, ...device.profile.points.map(objectIdOf)];
      const whole = await f.readProperty(to, deviceId, PropertyId.OBJECT_LIST);
      assert.ok(whole.ok);
      assert.deepEqual(
        whole.values,
        want.map((value) => ({ type: 'objectId', value })),
      );
      const size = await f.readProperty(to, deviceId, PropertyId.OBJECT_LIST, 0);
      assert.ok(size.ok);
      assert.deepEqual(size.values, [{ type: 'unsigned', value: want.length }]);
      for (const [i, id] of want.entries()) {
        const one = await f.readProperty(to, deviceId, PropertyId.OBJECT_LIST, i + 1);
        assert.ok(one.ok);
        assert.deepEqual(one.values, [{ type: 'objectId', value: id }]);
      }
      const past = await f.readProperty(to, deviceId, PropertyId.OBJECT_LIST, want.length + 1);
      assert.ok(!past.ok);
      assert.deepEqual(
        [past.answer.kind, 'errorCode' in past.answer && past.answer.errorCode],
        ['error', ErrorCode.INVALID_ARRAY_INDEX],
      );
    }
  });

  test('the Device object: instance 4194303 stands for it; vendor, model, services, local date and time', async () => {
    const device = f.site.devices[0];
    assert.ok(device);
    const to = f.device(device.id);
    const wildcard = { type: ObjectType.DEVICE, instance: 4194303 };
    const id = await f.readProperty(to, wildcard, PropertyId.OBJECT_IDENTIFIER);
    assert.ok(id.ok);
    assert.deepEqual(id.values, [
      { type: 'objectId', value: { type: ObjectType.DEVICE, instance: to.instance } },
    ]);
    assert.deepEqual(id.object, { type: ObjectType.DEVICE, instance: to.instance });
    const model = await f.readProperty(to, wildcard, PropertyId.MODEL_NAME);
    assert.ok(model.ok);
    assert.deepEqual(model.values, [{ type: 'characterString', value: device.profile.name }]);
    const services = await f.readProperty(to, wildcard, PropertyId.PROTOCOL_SERVICES_SUPPORTED);
    assert.ok(services.ok);
    const bits = (services.values[0] as { value: boolean[] }).value;
    for (const bit of [
      ServicesSupportedBit.READ_PROPERTY,
      ServicesSupportedBit.READ_PROPERTY_MULTIPLE,
      ServicesSupportedBit.WRITE_PROPERTY,
      ServicesSupportedBit.SUBSCRIBE_COV,
      ServicesSupportedBit.WHO_HAS,
    ])
      assert.equal(bits[bit], true, `service bit ${bit}`);
    assert.equal(bits[ServicesSupportedBit.ATOMIC_READ_FILE], false);
    // T0 + 60 s is 2026-01-05 00:01:00 UTC, 01:01:00 in Paris (winter, UTC+1), a Monday.
    const date = await f.readProperty(to, wildcard, PropertyId.LOCAL_DATE);
    assert.ok(date.ok);
    assert.deepEqual(date.values, [{ type: 'date', value: { year: 2026, month: 1, day: 5, weekday: 1 } }]);
    const time = await f.readProperty(to, wildcard, PropertyId.LOCAL_TIME);
    assert.ok(time.ok);
    assert.deepEqual(time.values, [
      { type: 'time', value: { hour: 1, minute: 1, second: 0, hundredths: 0 } },
    ]);
    const offset = await f.readProperty(to, wildcard, PropertyId.UTC_OFFSET);
    assert.ok(offset.ok);
    assert.deepEqual(offset.values, [{ type: 'signed', value: -60 }]);
  });

  test('errors: unknown object, unknown property, an index on a property that is not an array', async () => {
    const device = f.site.devices[0];
    assert.ok(device);
    const to = f.device(device.id);
    const point = device.profile.points[0] as Point;
    const cases: Array<[Parameters<BacnetAppFixture['readProperty']>, number, number]> = [
      [
        [to, { type: ObjectType.ANALOG_INPUT, instance: 9999 }, PropertyId.PRESENT_VALUE],
        ErrorClass.OBJECT,
        ErrorCode.UNKNOWN_OBJECT,
      ],
      [
        [to, { type: ObjectType.DEVICE, instance: to.instance + 1 }, PropertyId.OBJECT_NAME],
        ErrorClass.OBJECT,
        ErrorCode.UNKNOWN_OBJECT,
      ],
      [[to, objectIdOf(point), PropertyId.LOCAL_DATE], ErrorClass.PROPERTY, ErrorCode.UNKNOWN_PROPERTY],
      [[to, objectIdOf(point), 9999], ErrorClass.PROPERTY, ErrorCode.UNKNOWN_PROPERTY],
      [
        [to, objectIdOf(point), PropertyId.PRESENT_VALUE, 1],
        ErrorClass.PROPERTY,
        ErrorCode.PROPERTY_IS_NOT_AN_ARRAY,
      ],
    ];
    for (const [args, errorClass, errorCode] of cases) {
      const read = await f.readProperty(...args);
      assert.ok(!read.ok);
      assert.equal(read.answer.kind, 'error');
      assert.deepEqual(
        [
          (read.answer as { errorClass: number }).errorClass,
          (read.answer as { errorCode: number }).errorCode,
        ],
        [errorClass, errorCode],
        JSON.stringify(args.slice(1)),
      );
    }
  });

  test('multi-state: State_Text whole and by index, Number_Of_States; binary: Active_Text and Inactive_Text', async () => {
    let multi = 0;
    let binary = 0;
    for (const device of f.site.devices) {
      const to = f.device(device.id);
      for (const point of device.profile.points) {
        const type = bacnetAddressOf(point).type;
        if (type === 'MSV' || type === 'MSI' || type === 'MSO') {
          const words = point.enum ?? [];
          const states = await f.readProperty(to, objectIdOf(point), PropertyId.NUMBER_OF_STATES);
          assert.ok(states.ok);
          assert.deepEqual(states.values, [{ type: 'unsigned', value: words.length }]);
          const text = await f.readProperty(to, objectIdOf(point), PropertyId.STATE_TEXT);
          assert.ok(text.ok);
          assert.deepEqual(
            text.values,
            words.map((value) => ({ type: 'characterString', value })),
          );
          const last = await f.readProperty(to, objectIdOf(point), PropertyId.STATE_TEXT, words.length);
          assert.ok(last.ok);
          assert.deepEqual(last.values, [{ type: 'characterString', value: words.at(-1) }]);
          multi++;
        }
        if ((type === 'BI' || type === 'BO' || type === 'BV') && point.type === 'bool') {
          const active = await f.readProperty(to, objectIdOf(point), PropertyId.ACTIVE_TEXT);
          assert.ok(active.ok);
          assert.deepEqual(active.values, [{ type: 'characterString', value: point.trueText }]);
          binary++;
        }
      }
    }
    assert.ok(multi > 0 && binary > 0);
  });

  test('ReadPropertyMultiple ALL, REQUIRED, OPTIONAL; an unknown object answers each property with its error', async () => {
    const device = f.site.devices.find((d) => d.profile.points.some((p) => bacnetAddressOf(p).type === 'AO'));
    assert.ok(device);
    const to = f.device(device.id);
    const point = device.profile.points.find((p) => bacnetAddressOf(p).type === 'AO') as Point;
    const object = objectIdOf(point);
    const [all, required, optional, unknown] = await f.readMultiple(to, [
      { object, properties: [{ property: PropertyId.ALL }] },
      { object, properties: [{ property: PropertyId.REQUIRED }] },
      { object, properties: [{ property: PropertyId.OPTIONAL }] },
      {
        object: { type: ObjectType.ANALOG_VALUE, instance: 4000 },
        properties: [{ property: PropertyId.ALL }],
      },
    ]);
    const ids = (r: typeof all) => (r?.results ?? []).map((x) => x.property);
    for (const p of [
      PropertyId.OBJECT_IDENTIFIER,
      PropertyId.OBJECT_NAME,
      PropertyId.OBJECT_TYPE,
      PropertyId.PRESENT_VALUE,
      PropertyId.STATUS_FLAGS,
      PropertyId.EVENT_STATE,
      PropertyId.OUT_OF_SERVICE,
      PropertyId.UNITS,
      PropertyId.PRIORITY_ARRAY,
      PropertyId.RELINQUISH_DEFAULT,
      PropertyId.CURRENT_COMMAND_PRIORITY,
    ])
      assert.ok(ids(required).includes(p), `REQUIRED has ${p}`);
    assert.ok(ids(optional).includes(PropertyId.DESCRIPTION));
    assert.ok(!ids(optional).includes(PropertyId.PRESENT_VALUE));
    assert.deepEqual(new Set(ids(all)), new Set([...ids(required), ...ids(optional)]));
    assert.ok(!ids(all).includes(PropertyId.PROPERTY_LIST), 'Property_List is left out of ALL');
    assert.ok(all?.results.every((r) => 'value' in r));
    assert.deepEqual(unknown?.results, [
      {
        property: PropertyId.ALL,
        error: { errorClass: ErrorClass.OBJECT, errorCode: ErrorCode.UNKNOWN_OBJECT },
      },
    ]);
    const list = await f.readProperty(to, object, PropertyId.PROPERTY_LIST);
    assert.ok(list.ok);
    const listed = list.values.map((v) => (v as { value: number }).value);
    assert.deepEqual(
      new Set(listed),
      new Set(
        ids(all).filter(
          (p) =>
            ![PropertyId.OBJECT_IDENTIFIER, PropertyId.OBJECT_NAME, PropertyId.OBJECT_TYPE].includes(p as 75),
        ),
      ),
    );
  });
});
