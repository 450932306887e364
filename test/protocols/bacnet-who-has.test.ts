// Who-Has by identifier and by name (and with an instance range) answered with I-Have by the device that has
// the object; TimeSynchronization accepted and ignored; a confirmed service the devices do not execute
// rejected as unrecognized.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import {
  ConfirmedService,
  decodeIHave,
  decodeUnconfirmedRequest,
  encodeCovNotification,
  encodeTimeSynchronization,
  encodeWhoHas,
  ObjectType,
  RejectReason,
  UnconfirmedService,
  type WhoHas,
} from '../../src/protocols/bacnet/codec/index.js';
import { type BacnetAppFixture, bacnetApp, PEER } from './bacnet-app-fixture.js';

describe('BACnet Who-Has, TimeSynchronization and services not executed', () => {
  let f: BacnetAppFixture;
  before(async () => {
    f = await bacnetApp();
  });
  after(() => f.close());

  /** Who-Has sent to every device: the I-Have answers, decoded. */
  const ask = (request: WhoHas) => {
    const decoded = decodeUnconfirmedRequest(UnconfirmedService.WHO_HAS, encodeWhoHas(request));
    assert.ok(decoded?.ok);
    return f.app.devices().flatMap((d) =>
      f.app.unconfirmed(d, decoded.value, PEER).map((a) => {
        assert.equal(a.service, UnconfirmedService.I_HAVE);
        const ihave = decodeIHave(a.body);
        assert.ok(ihave.ok);
        return ihave.value;
      }),
    );
  };

  test('by identifier, by name, within a range, and nothing for an object no device has', () => {
    const tank = f.site.devices.find((d) => d.id === 'fuel-tank');
    assert.ok(tank);
    const instance = tank.numbers.bacnet as number;
    const point = tank.profile.points[0];
    assert.ok(point);
    const a = bacnetAddressOf(point);
    const objectId = { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance };
    // Every device of the same profile has the object: each answers.
    const byId = ask({ objectId });
    assert.ok(byId.some((h) => h.device.instance === instance && h.objectName === point.name));
    const ranged = ask({ range: { low: instance, high: instance }, objectId });
    assert.deepEqual(ranged, [
      { device: { type: ObjectType.DEVICE, instance }, object: objectId, objectName: point.name },
    ]);
    const byName = ask({ objectName: tank.name });
    assert.deepEqual(byName, [
      {
        device: { type: ObjectType.DEVICE, instance },
        object: { type: ObjectType.DEVICE, instance },
        objectName: tank.name,
      },
    ]);
    assert.deepEqual(ask({ objectName: 'No Such Point' }), []);
    assert.deepEqual(ask({ objectId: { type: ObjectType.ANALOG_VALUE, instance: 4_000_000 } }), []);
  });

  test('TimeSynchronization is accepted and ignored: no answer, the site clock unchanged', () => {
    const decoded = decodeUnconfirmedRequest(
      UnconfirmedService.TIME_SYNCHRONIZATION,
      encodeTimeSynchronization({
        date: { year: 2030, month: 1, day: 1, weekday: 2 },
        time: { hour: 0, minute: 0, second: 0, hundredths: 0 },
      }),
    );
    assert.ok(decoded?.ok);
    const now = f.clock.now();
    assert.deepEqual(f.app.unconfirmed(f.app.devices()[0] as never, decoded.value, PEER), []);
    assert.equal(f.clock.now(), now);
  });

  test('a ConfirmedCOVNotification sent to a device is rejected as an unrecognized service', async () => {
    const body = encodeCovNotification({
      processId: 1,
      device: { type: ObjectType.DEVICE, instance: 1 },
      object: { type: ObjectType.ANALOG_INPUT, instance: 0 },
      timeRemaining: 0,
      values: [],
    });
    const answer = await f.confirmed(
      f.app.devices()[0] as never,
      ConfirmedService.CONFIRMED_COV_NOTIFICATION,
      body,
    );
    assert.equal(answer.kind, 'reject');
    assert.equal(answer.kind === 'reject' && answer.reason, RejectReason.UNRECOGNIZED_SERVICE);
  });
});
