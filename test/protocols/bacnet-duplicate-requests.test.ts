// Duplicate confirmed requests (ASHRAE 135 clause 5.4): a client that lost the answer sends the same request
// again with the same invoke id. Over real UDP on loopback, with the demo site's real runtime and BACnet
// application: the repeat gets the same answer again and the service is not run twice (one write, one audit
// row); a different request with the same invoke id is a new request; once the answer is no longer kept the
// same octets are a new request; a read is run again (a fresher answer); the answers kept are bounded in count.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { createBacnetApplicationWith } from '../../src/protocols/bacnet/bacnet-application.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import {
  type Apdu,
  ConfirmedService,
  decodePropertyValue,
  decodeReadPropertyAck,
  encodePropertyValue,
  encodeReadProperty,
  encodeWriteProperty,
  type Frame,
  ObjectType,
  PropertyId,
} from '../../src/protocols/bacnet/codec/index.js';
import { KEPT_ANSWERS_MAX } from '../../src/protocols/bacnet/kept-answers.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import {
  type BacnetNetwork,
  ipDeviceIdOf,
  startBacnetNetwork,
} from '../../src/protocols/bacnet/server-service.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { demoSite, FAST_TIMING, RawPeer, readName, T0, testNetwork } from '../support/bacnet-network.js';

const KEY = 'ev-charger-1.max-current-limit';

describe('BACnet duplicate requests over UDP, on the demo site’s runtime', () => {
  let runtime: Runtime;
  let clock: VirtualClock;
  let network: BacnetNetwork;
  let peer: RawPeer;
  let target: { instance: number; object: { type: number; instance: number } };

  before(async () => {
    const site = demoSite();
    clock = new VirtualClock(T0);
    runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
    runtime.start();
    clock.advance(60_000);
    network = await startBacnetNetwork({
      host: '127.0.0.1',
      port: 0,
      network: 2,
      ipNetwork: 1,
      broadcast: '127.0.0.1',
      ipDeviceId: ipDeviceIdOf(site),
      application: (outbound) => createBacnetApplicationWith(runtime.services, outbound),
      clock,
      timing: FAST_TIMING,
    });
    peer = await RawPeer.open();
    const [deviceId, pointId] = KEY.split('.') as [string, string];
    const device = site.devices.find((d) => d.id === deviceId) ?? assert.fail(deviceId);
    const point = device.profile.points.find((p) => p.id === pointId) ?? assert.fail(pointId);
    const a = bacnetAddressOf(point);
    target = {
      instance: device.numbers.bacnet as number,
      object: { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance },
    };
  });
  after(async () => {
    await peer.close();
    await network.close();
    await runtime.stop();
  });

  const write = (invokeId: number, value: number, priority = 10): Apdu => ({
    type: 'confirmed-request',
    segmentedResponseAccepted: false,
    maxSegments: 0,
    maxApdu: 5,
    invokeId,
    service: ConfirmedService.WRITE_PROPERTY,
    body: encodeWriteProperty({
      object: target.object,
      property: PropertyId.PRESENT_VALUE,
      value: encodePropertyValue([{ type: 'real', value }]),
      priority,
    }),
  });
  const send = (apdu: Apdu) =>
    peer.send(
      {
        bvlc: 'original-unicast',
        npdu: {
          expectingReply: true,
          priority: 0,
          destination: { network: 2, address: macOf(target.instance) },
          hopCount: 255,
        },
        body: { apdu },
      },
      network.address,
    );
  const answersTo = (invokeId: number) => (f: Frame) =>
    f.apdu !== undefined && 'invokeId' in f.apdu && f.apdu.invokeId === invokeId;
  const rows = async () => (await runtime.services.audit.query({ key: KEY })).length;
  const readValue = (invokeId: number): Apdu => ({
    type: 'confirmed-request',
    segmentedResponseAccepted: false,
    maxSegments: 0,
    maxApdu: 5,
    invokeId,
    service: ConfirmedService.READ_PROPERTY,
    body: encodeReadProperty({ object: target.object, property: PropertyId.PRESENT_VALUE }),
  });
  const valueRead = (f: Frame | undefined): unknown => {
    assert.ok(f?.apdu?.type === 'complex-ack');
    const ack = decodeReadPropertyAck(f.apdu.body);
    assert.ok(ack.ok);
    const values = decodePropertyValue(ack.value.value);
    assert.ok(values.ok);
    return values.value[0];
  };

  test('a WriteProperty sent again with the same invoke id and octets is acknowledged again, written and audited once', async () => {
    peer.clear();
    const before = await rows();
    send(write(5, 16));
    const [first] = await peer.waitFor(answersTo(5));
    assert.equal(first?.apdu?.type, 'simple-ack');
    assert.equal(await rows(), before + 1);
    send(write(5, 16));
    send(write(5, 16));
    const acks = await peer.waitFor(answersTo(5), 3);
    assert.ok(acks.every((f) => f.apdu?.type === 'simple-ack'));
    await peer.settle(network);
    assert.equal(await rows(), before + 1, 'the repeats were not written again');
    assert.equal(runtime.services.writes.priorityArray(KEY)?.values[9], 16);
  });

  test('a different request with the same invoke id is a new request; a refusal repeated is refused again, audited once', async () => {
    peer.clear();
    const before = await rows();
    send(write(5, 17));
    await peer.waitFor(answersTo(5));
    assert.equal(await rows(), before + 1);
    assert.equal(runtime.services.writes.priorityArray(KEY)?.values[9], 17);
    // Priority 6 is refused (write-access-denied) and the refusal audited.
    send(write(6, 18, 6));
    await peer.waitFor(answersTo(6));
    send(write(6, 18, 6));
    const errors = await peer.waitFor(answersTo(6), 2);
    assert.ok(errors.every((f) => f.apdu?.type === 'error'));
    await peer.settle(network);
    assert.equal(await rows(), before + 2);
  });

  test('once the answer is no longer kept (the APDU timeout × (retries + 1)), the same octets are a new request', async () => {
    peer.clear();
    const before = await rows();
    send(write(7, 19));
    await peer.waitFor(answersTo(7));
    clock.advance(FAST_TIMING.apduTimeoutMs * (FAST_TIMING.retries + 1) - 1);
    send(write(7, 19));
    await peer.waitFor(answersTo(7), 2);
    assert.equal(await rows(), before + 1, 'still kept just before the end');
    clock.advance(1);
    send(write(7, 19));
    await peer.waitFor(answersTo(7), 3);
    assert.equal(await rows(), before + 2, 'run again once no longer kept');
  });

  test('a ReadProperty sent again with the same invoke id and octets is read again: the value as it is now', async () => {
    peer.clear();
    send(readValue(8));
    const [first] = await peer.waitFor(answersTo(8));
    assert.deepEqual(valueRead(first), { type: 'real', value: 19 });
    send(write(9, 21));
    await peer.waitFor(answersTo(9));
    send(readValue(8));
    const [, second] = await peer.waitFor(answersTo(8), 2);
    assert.deepEqual(valueRead(second), { type: 'real', value: 21 });
  });

  test('a read under the invoke id of a kept write lets it go: the same write after it is a new request', async () => {
    peer.clear();
    const before = await rows();
    send(write(10, 22));
    await peer.waitFor(answersTo(10));
    send(readValue(10));
    await peer.waitFor(answersTo(10), 2);
    send(write(10, 22));
    await peer.waitFor(answersTo(10), 3);
    assert.equal(await rows(), before + 2);
  });
});

describe('BACnet duplicate requests: what is kept', () => {
  test('the answers kept are bounded in count: the oldest is let go first', async () => {
    const net = await testNetwork();
    const peer = await RawPeer.open();
    try {
      const devices = net.devices;
      const toDevice = (i: number) => devices[i % devices.length] ?? assert.fail('a device');
      const send = (n: number) => {
        const device = toDevice(n);
        const invokeId = Math.floor(n / devices.length);
        const routed = device !== net.ipDevice;
        peer.send(
          {
            bvlc: 'original-unicast',
            npdu: {
              expectingReply: true,
              priority: 0,
              ...(routed
                ? { destination: { network: 2, address: macOf(device.instance) }, hopCount: 255 }
                : {}),
            },
            body: {
              apdu: {
                ...(readName(invokeId, device.instance) as Extract<Apdu, { type: 'confirmed-request' }>),
                service: ConfirmedService.WRITE_PROPERTY,
                body: encodeWriteProperty({
                  object: { type: ObjectType.DEVICE, instance: device.instance },
                  property: PropertyId.DESCRIPTION,
                  value: encodePropertyValue([{ type: 'characterString', value: 'x' }]),
                }),
              },
            },
          },
          net.network.address,
        );
      };
      send(0);
      send(0);
      await peer.waitFor((f) => f.apdu?.type === 'simple-ack', 2);
      assert.equal(net.application.calls.length, 1, 'the repeat is not run again');
      // More requests than are kept, each to its own device and invoke id: the first is forgotten.
      for (let n = 1; n <= KEPT_ANSWERS_MAX; n++) {
        send(n);
        if (n % 50 === 0) await peer.waitFor((f) => f.apdu?.type === 'simple-ack', n + 2);
      }
      await peer.waitFor((f) => f.apdu?.type === 'simple-ack', KEPT_ANSWERS_MAX + 2);
      assert.equal(net.application.calls.length, KEPT_ANSWERS_MAX + 1);
      send(KEPT_ANSWERS_MAX);
      await peer.waitFor((f) => f.apdu?.type === 'simple-ack', KEPT_ANSWERS_MAX + 3);
      assert.equal(net.application.calls.length, KEPT_ANSWERS_MAX + 1, 'the last one is still kept');
      send(0);
      await peer.waitFor((f) => f.apdu?.type === 'simple-ack', KEPT_ANSWERS_MAX + 4);
      assert.equal(net.application.calls.length, KEPT_ANSWERS_MAX + 2, 'the oldest one was let go');
    } finally {
      await peer.close();
      await net.network.close();
    }
  });
});
