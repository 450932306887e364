// A point's status and alarms as BACnet shows them, on the demo site's real runtime: a device read through a
// connector that cannot reach it has every object in fault with a communication failure; a point with an
// open alarm is in alarm (Event_State offnormal); a healthy point has no flag set.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import { EventState, PropertyId, Reliability } from '../../src/protocols/bacnet/codec/index.js';
import { FakeRemote, fakeRemoteSource } from '../support/fake-remote.js';
import { type BacnetAppFixture, bacnetApp } from './bacnet-app-fixture.js';

describe('BACnet Status_Flags, Reliability and Event_State', () => {
  let f: BacnetAppFixture;
  before(async () => {
    let remote: FakeRemote | undefined;
    f = await bacnetApp({
      edit: (site) => {
        const tank = site.devices.find((d) => d.id === 'fuel-tank');
        assert.ok(tank);
        tank.source = fakeRemoteSource();
      },
      driverFor: (device, ctx) => {
        // Built on first use with the runtime's clock: a remote that never answers.
        remote ??= new FakeRemote(ctx.clock);
        remote.reachable = false;
        return remote.driverFactory()(device, ctx);
      },
    });
  });
  after(() => f.close());

  const read = async (key: string, property: number) => {
    const [deviceId, pointId] = key.split('.') as [string, string];
    const point = f.site.devices.find((d) => d.id === deviceId)?.profile.points.find((p) => p.id === pointId);
    assert.ok(point, key);
    const a = bacnetAddressOf(point);
    const got = await f.readProperty(
      f.device(deviceId),
      { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance },
      property,
    );
    assert.ok(got.ok, key);
    return (got.values[0] as { value: unknown }).value;
  };

  test('a device that cannot be reached: fault, COMMUNICATION_FAILURE, Event_State fault', async () => {
    const tank = f.site.devices.find((d) => d.id === 'fuel-tank');
    assert.ok(tank);
    let checked = 0;
    for (const point of tank.profile.points) {
      const key = `fuel-tank.${point.id}`;
      const status = f.state(key).status;
      // The connector's own points (its communication status) are computed here and stay ok.
      if (status === 'ok') continue;
      assert.ok(status === 'down' || status === 'unknown', `${key} is ${status}`);
      checked++;
      assert.deepEqual(await read(key, PropertyId.STATUS_FLAGS), [false, true, false, false], key);
      assert.equal(await read(key, PropertyId.RELIABILITY), Reliability.COMMUNICATION_FAILURE);
      assert.equal(await read(key, PropertyId.EVENT_STATE), EventState.FAULT);
    }
    assert.ok(checked >= 3, `${checked} points unreachable`);
  });

  test('an open alarm: in-alarm and offnormal; a healthy point: no flag, no fault', async () => {
    const alarmed = f.runtime.services.alarms
      .open()
      .find((a) => a.clearedAt === null && !a.key.startsWith('fuel-tank.'));
    assert.ok(alarmed, 'the demo site starts with an alarm open');
    assert.deepEqual(await read(alarmed.key, PropertyId.STATUS_FLAGS), [true, false, false, false]);
    assert.equal(await read(alarmed.key, PropertyId.EVENT_STATE), EventState.OFFNORMAL);
    assert.deepEqual(await read('rainwater-tank.level', PropertyId.STATUS_FLAGS), [
      false,
      false,
      false,
      false,
    ]);
    assert.equal(await read('rainwater-tank.level', PropertyId.RELIABILITY), Reliability.NO_FAULT_DETECTED);
    assert.equal(await read('rainwater-tank.level', PropertyId.OUT_OF_SERVICE), false);
  });
});
