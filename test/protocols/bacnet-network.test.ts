// The BACnet network side over real UDP sockets on loopback: the router and its virtual network (SNET/SADR,
// DNET/DADR, hop count, unknown networks), Who-Is for every device, network-layer messages, the
// confirmed-request path to the application and back, BVLC forwarding, and the outbound port.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AbortReason,
  type Apdu,
  BvlcResultCode,
  ConfirmedService,
  decodeIAm,
  decodeReadProperty,
  decodeReadPropertyAck,
  encodeBvlc,
  encodeNpdu,
  encodeWhoHas,
  encodeWhoIs,
  type Frame,
  type FrameToSend,
  GLOBAL_NETWORK,
  type NpduHeader,
  RejectReason,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { FAST_TIMING, RawPeer, readName, testNetwork } from '../support/bacnet-network.js';

type Net = Awaited<ReturnType<typeof testNetwork>>;

const whoIs = (range?: { low: number; high: number }): Apdu => ({
  type: 'unconfirmed-request',
  service: UnconfirmedService.WHO_IS,
  body: encodeWhoIs(range ? { range } : {}),
});

const frame = (
  apdu: Apdu,
  npdu: Partial<NpduHeader> = {},
  bvlc: FrameToSend['bvlc'] = 'original-unicast',
): FrameToSend => ({
  bvlc,
  npdu: { expectingReply: apdu.type === 'confirmed-request', priority: 0, ...npdu },
  body: { apdu },
});

const toVirtual = (instance: number) => ({
  destination: { network: 2, address: macOf(instance) },
  hopCount: 255,
});
const isIAm = (f: Frame) =>
  f.apdu?.type === 'unconfirmed-request' && f.apdu.service === UnconfirmedService.I_AM;
function iAmInstance(f: Frame): number {
  assert.ok(f.apdu?.type === 'unconfirmed-request');
  const d = decodeIAm(f.apdu.body);
  assert.ok(d.ok);
  return d.value.device.instance;
}

describe('BACnet router and Who-Is over UDP', () => {
  let net: Net;
  let peer: RawPeer;
  before(async () => {
    net = await testNetwork();
    peer = await RawPeer.open();
  });
  after(async () => {
    await peer.close();
    await net.network.close();
  });

  test('a global Who-Is (DNET 0xFFFF) finds every device: the parking server on the IP network, the others behind the router with SNET/SADR', async () => {
    peer.clear();
    peer.send(
      frame(
        whoIs(),
        { destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) }, hopCount: 255 },
        'original-broadcast',
      ),
      net.network.address,
    );
    const iAms = await peer.waitFor(isIAm, net.devices.length);
    await peer.settle(net.network);
    assert.equal(peer.received.filter((r) => isIAm(r.frame)).length, net.devices.length);
    const byInstance = new Map(iAms.map((f) => [iAmInstance(f), f]));
    assert.equal(net.ipDevice.id, 'parking-server');
    assert.equal(byInstance.get(net.ipDevice.instance)?.npdu?.source, undefined);
    for (const d of net.routed) {
      const source = byInstance.get(d.instance)?.npdu?.source;
      assert.ok(source, `I-Am of ${d.id}`);
      assert.equal(source.network, 2);
      assert.deepEqual([...source.address], [...macOf(d.instance)]);
    }
  });

  test('a local Who-Is (no DNET) is answered by the device on the IP network only', async () => {
    peer.clear();
    peer.send(frame(whoIs(), {}, 'original-broadcast'), net.network.address);
    const [iAm] = await peer.waitFor(isIAm);
    await peer.settle(net.network);
    assert.equal(peer.received.filter((r) => isIAm(r.frame)).length, 1);
    assert.equal(iAmInstance(iAm as Frame), net.ipDevice.instance);
  });

  test('a Who-Is to the virtual network (DNET 2, no DADR) is answered by every device behind the router', async () => {
    peer.clear();
    peer.send(
      frame(
        whoIs(),
        { destination: { network: 2, address: new Uint8Array(0) }, hopCount: 255 },
        'original-broadcast',
      ),
      net.network.address,
    );
    const iAms = await peer.waitFor(isIAm, net.routed.length);
    await peer.settle(net.network);
    assert.equal(peer.received.filter((r) => isIAm(r.frame)).length, net.routed.length);
    assert.ok(iAms.every((f) => f.npdu?.source?.network === 2));
  });

  test('a Who-Is with a range is answered by the devices in it only', async () => {
    const sorted = net.devices.map((d) => d.instance).sort((a, b) => a - b);
    const [low, high] = [sorted[1] as number, sorted[3] as number];
    peer.clear();
    peer.send(
      frame(whoIs({ low, high }), {
        destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
        hopCount: 255,
      }),
      net.network.address,
    );
    await peer.waitFor(isIAm, 3);
    await peer.settle(net.network);
    const found = peer.received
      .filter((r) => isIAm(r.frame))
      .map((r) => iAmInstance(r.frame))
      .sort((a, b) => a - b);
    assert.deepEqual(found, sorted.slice(1, 4));
  });

  test('a request with DNET 2 and a device MAC reaches that device; its answer carries SNET/SADR', async () => {
    const target = net.routed[2] ?? assert.fail('a routed device');
    peer.clear();
    net.application.calls.length = 0;
    peer.send(frame(readName(7, target.instance), toVirtual(target.instance)), net.network.address);
    const [ack] = await peer.waitFor((f) => f.apdu?.type === 'complex-ack');
    assert.deepEqual(
      net.application.calls.map((c) => c.device),
      [target.id],
    );
    assert.equal(ack?.npdu?.source?.network, 2);
    assert.deepEqual([...(ack?.npdu?.source?.address ?? [])], [...macOf(target.instance)]);
    assert.equal(ack?.npdu?.destination, undefined);
    assert.ok(ack?.apdu?.type === 'complex-ack' && ack.apdu.invokeId === 7);
    const body = decodeReadPropertyAck(ack.apdu.body);
    assert.ok(body.ok);
    assert.equal(body.value.object.instance, target.instance);
  });

  test('a request that came through another router (SNET/SADR) is answered to that remote station (DNET/DADR)', async () => {
    const target = net.routed[0] ?? assert.fail('a routed device');
    const remote = { network: 9, address: Uint8Array.of(0x42) };
    peer.clear();
    peer.send(
      frame(readName(8, target.instance), { ...toVirtual(target.instance), source: remote }),
      net.network.address,
    );
    const [ack] = await peer.waitFor((f) => f.apdu?.type === 'complex-ack');
    assert.equal(ack?.npdu?.destination?.network, 9);
    assert.deepEqual([...(ack?.npdu?.destination?.address ?? [])], [0x42]);
    assert.equal(ack?.npdu?.source?.network, 2);
    const peerOfCall = net.application.calls.at(-1)?.peer;
    assert.equal(peerOfCall?.routedFrom?.network, 9);
  });

  test('a request without DNET goes to the device on the IP network; its answer has no SNET', async () => {
    peer.clear();
    peer.send(frame(readName(9, net.ipDevice.instance)), net.network.address);
    const [ack] = await peer.waitFor((f) => f.apdu?.type === 'complex-ack');
    assert.equal(ack?.npdu?.source, undefined);
    assert.equal(net.application.calls.at(-1)?.device, net.ipDevice.id);
  });

  test('an unknown DNET is answered with Reject-Message-To-Network, reason 1 (not directly connected)', async () => {
    peer.clear();
    peer.send(
      frame(readName(10, 1), { destination: { network: 77, address: Uint8Array.of(1) }, hopCount: 255 }),
      net.network.address,
    );
    const [reject] = await peer.waitFor((f) => f.networkMessage?.type === 'reject-message-to-network');
    assert.deepEqual(reject?.networkMessage, { type: 'reject-message-to-network', reason: 1, network: 77 });
  });

  test('a message for a MAC no device has is not passed on; one with hop count 0 still reaches its device behind the router', async () => {
    const target = net.routed[0] ?? assert.fail('a routed device');
    peer.clear();
    peer.send(frame(readName(12, 0), toVirtual(0x3ffffe)), net.network.address);
    await peer.settle(net.network);
    assert.equal(peer.received.length, 0);
    // The router's own virtual network passes nothing on to another link: the device answers.
    peer.send(
      frame(readName(11, target.instance), { ...toVirtual(target.instance), hopCount: 0 }),
      net.network.address,
    );
    await peer.waitFor((f) => f.apdu?.type === 'complex-ack');
    peer.clear();
    // A global Who-Is with hop count 0 goes no further than the IP network: the parking server answers.
    peer.send(
      frame(whoIs(), { destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) }, hopCount: 0 }),
      net.network.address,
    );
    const [iAm] = await peer.waitFor(isIAm);
    await peer.settle(net.network);
    assert.equal(peer.received.filter((r) => isIAm(r.frame)).length, 1);
    assert.equal(iAmInstance(iAm as Frame), net.ipDevice.instance);
  });

  test('Who-Is-Router-To-Network is answered with I-Am-Router-To-Network for the virtual network; for another network, not at all', async () => {
    for (const network of [undefined, 2, 5]) {
      peer.clear();
      peer.send(
        {
          bvlc: 'original-broadcast',
          npdu: { expectingReply: false, priority: 0 },
          body: { networkMessage: { type: 'who-is-router-to-network', ...(network ? { network } : {}) } },
        },
        net.network.address,
      );
      if (network === 5) {
        await peer.settle(net.network);
        assert.equal(peer.received.length, 0);
      } else {
        const [iAm] = await peer.waitFor((f) => f.networkMessage?.type === 'i-am-router-to-network');
        assert.deepEqual(iAm?.networkMessage, { type: 'i-am-router-to-network', networks: [2] });
      }
    }
  });

  test('What-Is-Network-Number is answered with the IP side’s number; a confirmed request sent as a broadcast is not answered', async () => {
    peer.clear();
    peer.send(
      {
        bvlc: 'original-broadcast',
        npdu: { expectingReply: false, priority: 0 },
        body: { networkMessage: { type: 'what-is-network-number' } },
      },
      net.network.address,
    );
    const [is] = await peer.waitFor((f) => f.networkMessage?.type === 'network-number-is');
    assert.deepEqual(is?.networkMessage, { type: 'network-number-is', network: 1, configured: true });
    peer.clear();
    const calls = net.application.calls.length;
    peer.send(frame(readName(60, net.ipDevice.instance), {}, 'original-broadcast'), net.network.address);
    peer.send(
      frame(readName(61, 0), {
        destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
        hopCount: 255,
      }),
      net.network.address,
    );
    peer.send(
      frame(readName(62, 0), { destination: { network: 2, address: new Uint8Array(0) }, hopCount: 255 }),
      net.network.address,
    );
    await peer.settle(net.network);
    assert.equal(peer.received.length, 0);
    assert.equal(net.application.calls.length, calls);
  });

  test('an unknown service is rejected (unrecognized-service), a malformed body with the codec’s reason, a segmented request aborted', async () => {
    const target = net.routed[0] ?? assert.fail('a routed device');
    peer.clear();
    const unknown: Apdu = {
      ...(readName(20, 0) as Extract<Apdu, { type: 'confirmed-request' }>),
      service: ConfirmedService.ATOMIC_READ_FILE,
      body: Uint8Array.of(1),
    };
    peer.send(frame(unknown, toVirtual(target.instance)), net.network.address);
    const [r1] = await peer.waitFor((f) => f.apdu?.type === 'reject' && f.apdu.invokeId === 20);
    assert.ok(r1?.apdu?.type === 'reject' && r1.apdu.reason === RejectReason.UNRECOGNIZED_SERVICE);
    const cut = readName(21, target.instance) as Extract<Apdu, { type: 'confirmed-request' }>;
    peer.send(
      frame({ ...cut, body: cut.body.subarray(0, 5) }, toVirtual(target.instance)),
      net.network.address,
    );
    const [r2] = await peer.waitFor((f) => f.apdu?.type === 'reject' && f.apdu.invokeId === 21);
    // The reason the codec names for a body cut after the object identifier.
    const expected = decodeReadProperty(cut.body.subarray(0, 5));
    assert.ok(!expected.ok && expected.rejectReason === RejectReason.MISSING_REQUIRED_PARAMETER);
    assert.ok(r2?.apdu?.type === 'reject' && r2.apdu.reason === expected.rejectReason);
    const segmented: Apdu = {
      ...cut,
      invokeId: 22,
      segment: { sequenceNumber: 0, proposedWindowSize: 1, moreFollows: true },
    };
    peer.send(frame(segmented, toVirtual(target.instance)), net.network.address);
    const [a] = await peer.waitFor((f) => f.apdu?.type === 'abort' && f.apdu.invokeId === 22);
    assert.ok(
      a?.apdu?.type === 'abort' &&
        a.apdu.reason === AbortReason.SEGMENTATION_NOT_SUPPORTED &&
        a.apdu.fromServer,
    );
    assert.ok(net.lines.some((l) => l.includes('rejected')));
  });

  test('an application that throws costs that request only: Abort other for a confirmed one, no answer to an unconfirmed one', async () => {
    const app = net.application;
    const saved = { confirmed: app.confirmed, unconfirmed: app.unconfirmed };
    app.confirmed = () => {
      throw new Error('a fault of the application');
    };
    app.unconfirmed = () => {
      throw new Error('a fault of the application');
    };
    try {
      peer.clear();
      const dropped = net.network.counters.dropped;
      peer.send(frame(readName(50, net.ipDevice.instance)), net.network.address);
      const [a] = await peer.waitFor((f) => f.apdu?.type === 'abort' && f.apdu.invokeId === 50);
      assert.ok(a?.apdu?.type === 'abort' && a.apdu.reason === AbortReason.OTHER);
      const whoHas: Apdu = {
        type: 'unconfirmed-request',
        service: UnconfirmedService.WHO_HAS,
        body: encodeWhoHas({ objectName: 'x' }),
      };
      peer.send(frame(whoHas, {}, 'original-broadcast'), net.network.address);
      await peer.settle(net.network);
      assert.equal(peer.received.filter((r) => r.frame.apdu?.type !== 'abort').length, 0);
      assert.equal(net.network.counters.dropped, dropped + 1);
      assert.ok(net.lines.some((l) => l.includes('a fault of the application')));
    } finally {
      Object.assign(app, saved);
    }
  });

  test('a Forwarded-NPDU is answered at the original source it carries, not at the BBMD that sent it', async () => {
    const origin = await RawPeer.open();
    try {
      peer.clear();
      // A BBMD forwards broadcasts: a Who-Is.
      peer.send(frame(whoIs(), {}, { forwardedFrom: origin.address }), net.network.address);
      await origin.waitFor(isIAm);
      await peer.settle(net.network);
      assert.equal(peer.received.length, 0);
    } finally {
      await origin.close();
    }
  });

  test('a BBMD message gets its NAK; a datagram that does not decode is dropped and counted, never answered', async () => {
    peer.clear();
    peer.sendRaw(encodeBvlc({ function: 'read-bdt' }), net.network.address);
    const [nak] = await peer.waitFor((f) => f.bvlc.function === 'result');
    assert.deepEqual(nak?.bvlc, { function: 'result', code: BvlcResultCode.READ_BDT_NAK });
    peer.clear();
    const dropped = net.network.counters.dropped;
    peer.sendRaw(Uint8Array.of(0x81, 0x0a, 0x00, 0x09, 0x01, 0x00, 0x10, 0x08), net.network.address);
    peer.sendRaw(
      Buffer.concat([
        encodeBvlc({
          function: 'original-unicast',
          npdu: encodeNpdu({ expectingReply: false, priority: 0, payload: Uint8Array.of(0xf0) }),
        }),
      ]),
      net.network.address,
    );
    await peer.settle(net.network);
    assert.equal(peer.received.length, 0);
    assert.equal(net.network.counters.dropped, dropped + 2);
    assert.ok(net.lines.some((l) => l.includes('dropped')));
  });

  test('the outbound port: a confirmed request from a routed device carries SNET/SADR and resolves with the answer; unanswered, false after the retries', async () => {
    const outbound = net.application.outbound ?? assert.fail('outbound');
    const from = net.routed[1] ?? assert.fail('a routed device');
    const to = { address: `${peer.address.address}:${peer.address.port}`, routedFrom: null };
    peer.clear();
    const acknowledged = outbound.confirmed(
      from,
      to,
      ConfirmedService.CONFIRMED_COV_NOTIFICATION,
      Uint8Array.of(1, 2),
    );
    const [request] = await peer.waitFor((f) => f.apdu?.type === 'confirmed-request');
    assert.ok(request?.apdu?.type === 'confirmed-request');
    assert.equal(request.npdu?.source?.network, 2);
    const answer: Apdu = {
      type: 'simple-ack',
      invokeId: request.apdu.invokeId,
      service: request.apdu.service,
    };
    peer.send(frame(answer), net.network.address);
    assert.equal(await acknowledged, true);

    peer.clear();
    const unanswered = outbound.confirmed(
      from,
      to,
      ConfirmedService.CONFIRMED_COV_NOTIFICATION,
      Uint8Array.of(3),
    );
    await peer.waitFor((f) => f.apdu?.type === 'confirmed-request');
    for (let i = 0; i < FAST_TIMING.retries; i++) {
      net.clock.advance(FAST_TIMING.apduTimeoutMs);
      await peer.waitFor((f) => f.apdu?.type === 'confirmed-request', i + 2);
    }
    net.clock.advance(FAST_TIMING.apduTimeoutMs);
    assert.equal(await unanswered, false);
    const ids = peer.received
      .filter((r) => r.frame.apdu?.type === 'confirmed-request')
      .map((r) => (r.frame.apdu as { invokeId: number }).invokeId);
    assert.equal(new Set(ids).size, 1, 'every retry keeps its invoke id');
    assert.notEqual(ids[0], request.apdu.invokeId, 'a new request has an invoke id of its own');
  });

  test('the outbound port: an unconfirmed request goes to the peer from the device', async () => {
    const outbound = net.application.outbound ?? assert.fail('outbound');
    peer.clear();
    outbound.unconfirmed(
      net.ipDevice,
      { address: `${peer.address.address}:${peer.address.port}`, routedFrom: null },
      { service: UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION, body: Uint8Array.of(9) },
    );
    const [f] = await peer.waitFor((x) => x.apdu?.type === 'unconfirmed-request');
    assert.equal(f?.npdu?.source, undefined);
  });
});

describe('BACnet router start-up', () => {
  test('I-Am-Router-To-Network for the virtual network is broadcast once at start', async () => {
    // A station on another loopback address with the server's port: the broadcast reaches it.
    const probe = await RawPeer.open('127.0.0.4');
    const port = probe.address.port;
    await probe.close();
    const station = await RawPeer.open('127.0.0.4', port);
    const net = await testNetwork({ host: '127.0.0.2', port, broadcast: '127.0.0.4' });
    try {
      const [iAm] = await station.waitFor((f) => f.networkMessage?.type === 'i-am-router-to-network');
      assert.deepEqual(iAm?.networkMessage, { type: 'i-am-router-to-network', networks: [2] });
      assert.equal(iAm?.bvlc.function, 'original-broadcast');
    } finally {
      await net.network.close();
      await station.close();
    }
  });
});
