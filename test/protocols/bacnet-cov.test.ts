// SubscribeCOV and SubscribeCOVProperty on the demo site's real runtime: the first notification on
// subscribing, each subscription's own increment (two on one point see different changes), lifetimes that
// run out on the site's clock, cancellation, replacement by the same subscriber, the bound on subscriptions.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import { ErrorClass, ErrorCode, ObjectType, PropertyId } from '../../src/protocols/bacnet/codec/index.js';
import { type BacnetAppFixture, bacnetApp, PEER, until, valuesOf } from './bacnet-app-fixture.js';

const KEY = 'ev-charger-1.max-current-limit';

describe('BACnet COV subscriptions on the demo site', () => {
  let f: BacnetAppFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function setUp(options: Parameters<typeof bacnetApp>[0] = {}) {
    f = await bacnetApp(options);
    const fx = f;
    const point = fx.site.devices
      .find((d) => d.id === 'ev-charger-1')
      ?.profile.points.find((p) => p.id === 'max-current-limit');
    assert.ok(point);
    const a = bacnetAddressOf(point);
    const object = { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance };
    const to = fx.device('ev-charger-1');
    const write = async (value: number) => {
      const result = await fx.runtime.services.writes.write({
        key: KEY,
        value,
        level: 12,
        who: 'test',
        role: 'operator',
        via: 'cli',
      });
      assert.ok(result.ok);
    };
    const of = (processId: number) => fx.sent.filter((s) => s.notification.processId === processId);
    const presentValues = (processId: number) =>
      of(processId).map((s) => {
        const entry = s.notification.values.find((v) => v.property === PropertyId.PRESENT_VALUE);
        return entry ? (valuesOf(entry.value)[0] as { value: number }).value : undefined;
      });
    return { f: fx, object, to, write, of, presentValues };
  }

  test('two subscriptions with different increments on one point get different notifications', async () => {
    const { f, object, to, write, presentValues } = await setUp();
    await write(16);
    const fine = await f.subscribeProperty(to, {
      processId: 1,
      object,
      cancel: false,
      confirmed: false,
      lifetime: 600,
      property: { property: PropertyId.PRESENT_VALUE },
      covIncrement: 0.1,
    });
    const coarse = await f.subscribeProperty(to, {
      processId: 2,
      object,
      cancel: false,
      confirmed: false,
      lifetime: 600,
      property: { property: PropertyId.PRESENT_VALUE },
      covIncrement: 5,
    });
    assert.deepEqual([fine, coarse], [{ kind: 'simple-ack' }, { kind: 'simple-ack' }]);
    // The first notification of each, once the SimpleACK is out.
    await until(() => presentValues(1).length === 1 && presentValues(2).length === 1);
    for (const value of [16.5, 17, 25]) await write(value);
    assert.deepEqual(presentValues(1), [16, 16.5, 17, 25]);
    assert.deepEqual(presentValues(2), [16, 25]);
    const first = f.sent[0]?.notification;
    assert.ok(first);
    assert.deepEqual(first.device, { type: ObjectType.DEVICE, instance: to.instance });
    assert.deepEqual(first.object, object);
    assert.ok(first.timeRemaining > 0 && first.timeRemaining <= 600);
    assert.deepEqual(
      first.values.map((v) => v.property),
      [PropertyId.PRESENT_VALUE, PropertyId.STATUS_FLAGS],
    );
    assert.deepEqual(f.sent[0]?.to, PEER);
  });

  test('SubscribeCOVProperty on Status_Flags notifies Status_Flags once, with no Present_Value', async () => {
    const { f, object, to, of, write } = await setUp();
    const answer = await f.subscribeProperty(to, {
      processId: 9,
      object,
      cancel: false,
      confirmed: false,
      property: { property: PropertyId.STATUS_FLAGS },
    });
    assert.deepEqual(answer, { kind: 'simple-ack' });
    await until(() => of(9).length === 1);
    assert.deepEqual(
      of(9)[0]?.notification.values.map((v) => v.property),
      [PropertyId.STATUS_FLAGS],
    );
    await write(30);
    assert.equal(of(9).length, 1, 'a new value with the same status is not a change of Status_Flags');
  });

  test('SubscribeCOV: confirmed notifications, the lifetime runs out on the site clock', async () => {
    const { f, object, to, write, of } = await setUp();
    const answer = await f.subscribe(to, {
      processId: 7,
      object,
      cancel: false,
      confirmed: true,
      lifetime: 60,
    });
    assert.deepEqual(answer, { kind: 'simple-ack' });
    await until(() => of(7).length === 1);
    assert.equal(of(7)[0]?.confirmed, true);
    await write(20);
    assert.equal(of(7).length, 2);
    assert.equal(f.app.covSubscriptions, 1);
    f.clock.advance(61_000);
    await write(21);
    assert.equal(of(7).length, 2, 'no notification after the lifetime');
    assert.equal(f.app.covSubscriptions, 0);
  });

  test('cancellation, and the same subscriber replacing its subscription', async () => {
    const { f, object, to, write, of } = await setUp();
    const subscribe = () =>
      f.subscribe(to, { processId: 3, object, cancel: false, confirmed: false, lifetime: 0 });
    assert.deepEqual(await subscribe(), { kind: 'simple-ack' });
    assert.deepEqual(await subscribe(), { kind: 'simple-ack' });
    assert.equal(f.app.covSubscriptions, 1, 'the second replaced the first');
    await until(() => of(3).length >= 1);
    assert.equal(of(3)[0]?.notification.timeRemaining, 0, 'indefinite');
    const other = { address: '127.0.0.2:47808', routedFrom: null };
    assert.deepEqual(
      await f.subscribe(to, { processId: 3, object, cancel: false, confirmed: false }, other),
      { kind: 'simple-ack' },
    );
    assert.equal(
      f.app.covSubscriptions,
      2,
      'another subscriber with the same process id is another subscription',
    );
    assert.deepEqual(await f.subscribe(to, { processId: 3, object, cancel: true }), { kind: 'simple-ack' });
    assert.equal(f.app.covSubscriptions, 1);
    // One first notification to each subscriber (the replaced subscription's was never sent).
    await until(() => of(3).length >= 2);
    const before = of(3).filter((s) => s.to.address === PEER.address).length;
    await write(22);
    assert.equal(
      of(3).filter((s) => s.to.address === PEER.address).length,
      before,
      'cancelled: nothing more',
    );
    assert.ok(of(3).some((s) => s.to.address === other.address));
  });

  test('refusals: the Device object, an unknown object, a property COV does not report, past the bound', async () => {
    const { f, object, to } = await setUp({ covLimits: { perDevice: 2, total: 3 } });
    const errorOf = (a: Awaited<ReturnType<typeof f.subscribe>>) =>
      a.kind === 'error' ? [a.errorClass, a.errorCode] : a.kind;
    assert.deepEqual(
      errorOf(
        await f.subscribe(to, {
          processId: 1,
          object: { type: ObjectType.DEVICE, instance: to.instance },
          cancel: false,
          confirmed: false,
        }),
      ),
      [ErrorClass.OBJECT, ErrorCode.OPTIONAL_FUNCTIONALITY_NOT_SUPPORTED],
    );
    assert.deepEqual(
      errorOf(
        await f.subscribe(to, {
          processId: 1,
          object: { type: 2, instance: 999 },
          cancel: false,
          confirmed: false,
        }),
      ),
      [ErrorClass.OBJECT, ErrorCode.UNKNOWN_OBJECT],
    );
    assert.deepEqual(
      errorOf(
        await f.subscribeProperty(to, {
          processId: 1,
          object,
          cancel: false,
          confirmed: false,
          property: { property: PropertyId.DESCRIPTION },
        }),
      ),
      [ErrorClass.PROPERTY, ErrorCode.NOT_COV_PROPERTY],
    );
    for (const processId of [1, 2]) {
      assert.deepEqual(await f.subscribe(to, { processId, object, cancel: false, confirmed: false }), {
        kind: 'simple-ack',
      });
    }
    const third = await f.subscribe(to, { processId: 3, object, cancel: false, confirmed: false });
    assert.deepEqual(errorOf(third), [ErrorClass.RESOURCES, 19]);
    const elsewhere = f.device('ev-charger-2');
    const obj2 = object;
    assert.deepEqual(
      await f.subscribe(elsewhere, { processId: 1, object: obj2, cancel: false, confirmed: false }),
      { kind: 'simple-ack' },
    );
    const fourth = await f.subscribe(f.device('ev-charger-3'), {
      processId: 1,
      object: obj2,
      cancel: false,
      confirmed: false,
    });
    assert.deepEqual(errorOf(fourth), [ErrorClass.RESOURCES, 19], 'the site-wide bound');
    assert.equal(f.app.covSubscriptions, 3);
  });
});
