// The gateway's client socket against a device played by a raw UDP socket on loopback: requests accept
// segmented answers (max-segments 64), and COV notifications reach the listener of their subscriber process,
// device and object; a confirmed one is acknowledged with a SimpleACK sent back through the router it came
// by (DNET/DADR), whether or not a listener takes it; an unconfirmed one is not answered.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, test } from 'node:test';
import {
  type Apdu,
  ConfirmedService,
  decodeFrame,
  encodeCovNotification,
  encodeFrame,
  encodePropertyValue,
  encodeReadProperty,
  type Frame,
  maxSegmentsCode,
  ObjectType,
  PropertyId,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { BacnetClient, MAX_SEGMENTS_ACCEPTED } from '../../src/protocols/bacnet/gateway/bacnet-client.js';

const ROUTED = { network: 2, mac: Uint8Array.of(0, 0, 3, 0xec) };
const DEVICE = 1004;
const OBJECT = { type: ObjectType.ANALOG_INPUT, instance: 1 };

let device: dgram.Socket;
let port: number;
const received: Array<{ frame: Frame; from: dgram.RemoteInfo }> = [];

before(async () => {
  device = dgram.createSocket('udp4');
  device.on('message', (datagram, from) => {
    const decoded = decodeFrame(datagram);
    if (decoded.ok) received.push({ frame: decoded.value, from });
  });
  await new Promise<void>((resolve) => device.bind(0, '127.0.0.1', () => resolve()));
  port = device.address().port;
});
after(() => new Promise<void>((resolve) => device.close(() => resolve())));

/** Waits (bounded) for the device's next datagram. */
async function next(count: number): Promise<{ frame: Frame; from: dgram.RemoteInfo }> {
  for (let i = 0; i < 400 && received.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  const got = received[count - 1];
  assert.ok(got, `datagram ${count} came`);
  return got;
}

/** Sends an APDU from the device to `to`, as the routed device behind the router. */
function send(apdu: Apdu, to: dgram.RemoteInfo): void {
  const npdu = {
    expectingReply: apdu.type === 'confirmed-request',
    priority: 0,
    source: { network: ROUTED.network, address: ROUTED.mac },
  };
  device.send(encodeFrame({ bvlc: 'original-unicast', npdu, body: { apdu } }), to.port, to.address);
}

const notification = (processId: number, value: number) =>
  encodeCovNotification({
    processId,
    device: { type: ObjectType.DEVICE, instance: DEVICE },
    object: OBJECT,
    timeRemaining: 290,
    values: [{ property: PropertyId.PRESENT_VALUE, value: encodePropertyValue([{ type: 'real', value }]) }],
  });

test('requests accept segments; notifications reach their listener, a confirmed one acknowledged through the router', async () => {
  const client = await BacnetClient.open('127.0.0.1', port, { timeoutMs: 2000 });
  try {
    const heard: number[] = [];
    client.listenCov(7, DEVICE, OBJECT, (n) => {
      const pv = n.values[0]?.value;
      heard.push(pv ? Buffer.from(pv).readFloatBE(1) : Number.NaN);
    });

    const answer = client.request(
      ConfirmedService.READ_PROPERTY,
      encodeReadProperty({ object: OBJECT, property: PropertyId.PRESENT_VALUE }),
      ROUTED,
    );
    const request = await next(1);
    const apdu = request.frame.apdu;
    assert.equal(apdu?.type, 'confirmed-request');
    if (apdu?.type !== 'confirmed-request') return;
    assert.equal(apdu.segmentedResponseAccepted, true);
    assert.equal(apdu.maxSegments, maxSegmentsCode(MAX_SEGMENTS_ACCEPTED));
    assert.deepEqual(request.frame.npdu?.destination, { network: 2, address: ROUTED.mac });
    send({ type: 'simple-ack', invokeId: apdu.invokeId, service: apdu.service }, request.from);
    assert.deepEqual(await answer, { kind: 'simple-ack' });

    const confirmed = (invokeId: number, processId: number, value: number): Apdu => ({
      type: 'confirmed-request',
      segmentedResponseAccepted: false,
      maxSegments: 0,
      maxApdu: 5,
      invokeId,
      service: ConfirmedService.CONFIRMED_COV_NOTIFICATION,
      body: notification(processId, value),
    });
    send(confirmed(9, 7, 21.5), request.from);
    const ack = await next(2);
    assert.deepEqual(ack.frame.apdu, {
      type: 'simple-ack',
      invokeId: 9,
      service: ConfirmedService.CONFIRMED_COV_NOTIFICATION,
    });
    assert.deepEqual(ack.frame.npdu?.destination, { network: 2, address: ROUTED.mac });
    assert.equal(ack.frame.npdu?.expectingReply, false);
    assert.deepEqual(heard, [21.5]);

    // Another subscriber process: acknowledged (it reached us), not heard.
    send(confirmed(10, 8, 30), request.from);
    assert.equal((await next(3)).frame.apdu?.type, 'simple-ack');
    assert.deepEqual(heard, [21.5]);

    send(
      {
        type: 'unconfirmed-request',
        service: UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION,
        body: notification(7, 22.5),
      },
      request.from,
    );
    for (let i = 0; i < 400 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(heard, [21.5, 22.5]);
    assert.equal(received.length, 3, 'an unconfirmed notification is not answered');
  } finally {
    await client.close();
  }
});
