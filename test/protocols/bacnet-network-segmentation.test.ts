// Segmented ComplexACKs over loopback UDP: a reply larger than the requester's max-APDU goes out in segments
// by window as its SegmentACKs ask; a lost SegmentACK resends the window after the segment timeout (virtual
// clock); a duplicate ACK is ignored, a negative one resends; no ACK after the retries ends in Abort
// tsm-timeout; a requester that takes no segments, or too few, gets an Abort.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AbortReason,
  type Apdu,
  decodeReadPropertyAck,
  decodeSingleValue,
  type Frame,
  type FrameToSend,
  maxSegmentsCode,
} from '../../src/protocols/bacnet/codec/index.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { planComplexAck } from '../../src/protocols/bacnet/segmentation.js';
import { FAST_TIMING, RawPeer, readName, testNetwork } from '../support/bacnet-network.js';

type Net = Awaited<ReturnType<typeof testNetwork>>;
const NAME = 6000;
// Max-APDU code 5: 1476 octets, segments of 1471: a name of 6000 characters and its tags make 5 segments.
const SEGMENTS = 5;

const frame = (apdu: Apdu, instance: number): FrameToSend => ({
  bvlc: 'original-unicast',
  npdu: {
    expectingReply: apdu.type === 'confirmed-request',
    priority: 0,
    destination: { network: 2, address: macOf(instance) },
    hopCount: 255,
  },
  body: { apdu },
});

const ack = (invokeId: number, sequenceNumber: number, actualWindowSize: number, negative = false): Apdu => ({
  type: 'segment-ack',
  negative,
  fromServer: false,
  invokeId,
  sequenceNumber,
  actualWindowSize,
});

const segmentsOf = (frames: Frame[], invokeId: number) =>
  frames.flatMap((f) =>
    f.apdu?.type === 'complex-ack' && f.apdu.invokeId === invokeId && f.apdu.segment ? [f.apdu] : [],
  );

describe('BACnet segmentation over UDP', () => {
  let net: Net;
  let peer: RawPeer;
  let instance: number;
  before(async () => {
    net = await testNetwork({ nameLength: NAME });
    peer = await RawPeer.open();
    instance = (net.routed[0] ?? assert.fail('a routed device')).instance;
  });
  after(async () => {
    await peer.close();
    await net.network.close();
  });

  const segmentsSeen = (invokeId: number) =>
    segmentsOf(
      peer.received.map((r) => r.frame),
      invokeId,
    );
  const request = (invokeId: number, segmentedResponseAccepted = true, maxSegments = 7) =>
    peer.send(
      frame(readName(invokeId, instance, { segmentedResponseAccepted, maxSegments }), instance),
      net.network.address,
    );

  test('the plan: segments of max-APDU − 5 octets', () => {
    const body = new Uint8Array(3000);
    const plan = planComplexAck(
      body,
      { maxApdu: 5, maxSegments: 7, segmentedResponseAccepted: true },
      { maxApdu: 1476, segmentation: 0 },
    );
    assert.ok(plan.kind === 'segments');
    assert.deepEqual(
      plan.segments.map((s) => s.length),
      [1471, 1471, 58],
    );
  });

  test('sent window by window as the SegmentACKs ask, then put back together into the whole answer', async () => {
    peer.clear();
    request(40);
    await peer.waitFor((f) => segmentsOf([f], 40).length > 0);
    await peer.settle(net.network);
    assert.deepEqual(
      segmentsSeen(40).map((s) => s.segment?.sequenceNumber),
      [0],
      'the first segment goes alone',
    );
    assert.equal(segmentsSeen(40)[0]?.segment?.proposedWindowSize, FAST_TIMING.proposedWindow);
    peer.send(frame(ack(40, 0, 2), instance), net.network.address);
    await peer.waitFor((f) => segmentsOf([f], 40).length > 0, 3);
    await peer.settle(net.network);
    assert.deepEqual(
      segmentsSeen(40).map((s) => s.segment?.sequenceNumber),
      [0, 1, 2],
      'a window of 2',
    );
    peer.send(frame(ack(40, 2, 8), instance), net.network.address);
    await peer.waitFor((f) => segmentsOf([f], 40).length > 0, SEGMENTS);
    peer.send(frame(ack(40, SEGMENTS - 1, 8), instance), net.network.address);
    await peer.settle(net.network);
    const all = segmentsSeen(40);
    assert.deepEqual(
      all.map((s) => s.segment?.sequenceNumber),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      all.map((s) => s.segment?.moreFollows),
      [true, true, true, true, false],
    );
    assert.ok(all.every((s) => 5 + s.body.length <= 1476));
    const body = Buffer.concat(all.map((s) => s.body));
    const decoded = decodeReadPropertyAck(body);
    assert.ok(decoded.ok);
    const name = decodeSingleValue(decoded.value.value);
    assert.ok(name.ok && name.value.type === 'characterString' && name.value.value.length === NAME);
  });

  test('a lost SegmentACK: the window is sent again after the segment timeout; a duplicate ACK is ignored; a negative ACK resends', async () => {
    peer.clear();
    request(41);
    await peer.waitFor((f) => segmentsOf([f], 41).length > 0);
    net.clock.advance(FAST_TIMING.segmentTimeoutMs);
    await peer.waitFor((f) => segmentsOf([f], 41).length > 0, 2);
    assert.deepEqual(
      segmentsSeen(41).map((s) => s.segment?.sequenceNumber),
      [0, 0],
    );
    peer.send(frame(ack(41, 0, 2), instance), net.network.address);
    await peer.waitFor((f) => segmentsOf([f], 41).length > 0, 4);
    // The same ACK again: a duplicate, nothing is sent.
    peer.send(frame(ack(41, 0, 2), instance), net.network.address);
    await peer.settle(net.network);
    assert.deepEqual(
      segmentsSeen(41).map((s) => s.segment?.sequenceNumber),
      [0, 0, 1, 2],
    );
    // Segment 2 lost: a negative ACK of 1 asks again from 2.
    peer.send(frame(ack(41, 1, 2, true), instance), net.network.address);
    await peer.waitFor((f) => segmentsOf([f], 41).length > 0, 6);
    assert.deepEqual(
      segmentsSeen(41).map((s) => s.segment?.sequenceNumber),
      [0, 0, 1, 2, 2, 3],
    );
    peer.send(frame(ack(41, 3, 2), instance), net.network.address);
    await peer.waitFor((f) => segmentsOf([f], 41).length > 0, 7);
    peer.send(frame(ack(41, 4, 2), instance), net.network.address);
    await peer.settle(net.network);
    // Done: the timer no longer resends.
    const count = segmentsSeen(41).length;
    net.clock.advance(FAST_TIMING.segmentTimeoutMs * 5);
    await peer.settle(net.network);
    assert.equal(segmentsSeen(41).length, count);
  });

  test('no SegmentACK at all: the window is resent as many times as the retries, then Abort tsm-timeout', async () => {
    peer.clear();
    request(42);
    await peer.waitFor((f) => segmentsOf([f], 42).length > 0);
    for (let i = 0; i < FAST_TIMING.retries; i++) {
      net.clock.advance(FAST_TIMING.segmentTimeoutMs);
      await peer.waitFor((f) => segmentsOf([f], 42).length > 0, i + 2);
    }
    net.clock.advance(FAST_TIMING.segmentTimeoutMs);
    const [abort] = await peer.waitFor((f) => f.apdu?.type === 'abort' && f.apdu.invokeId === 42);
    assert.ok(
      abort?.apdu?.type === 'abort' && abort.apdu.reason === AbortReason.TSM_TIMEOUT && abort.apdu.fromServer,
    );
    assert.equal(segmentsSeen(42).length, 1 + FAST_TIMING.retries);
  });

  test('a client that takes no segments gets Abort segmentation-not-supported; one that takes too few, buffer-overflow', async () => {
    peer.clear();
    request(43, false);
    const [a] = await peer.waitFor((f) => f.apdu?.type === 'abort' && f.apdu.invokeId === 43);
    assert.ok(
      a?.apdu?.type === 'abort' &&
        a.apdu.reason === AbortReason.SEGMENTATION_NOT_SUPPORTED &&
        a.apdu.fromServer,
    );
    request(44, true, maxSegmentsCode(4));
    const [b] = await peer.waitFor((f) => f.apdu?.type === 'abort' && f.apdu.invokeId === 44);
    assert.ok(b?.apdu?.type === 'abort' && b.apdu.reason === AbortReason.BUFFER_OVERFLOW);
    assert.equal(segmentsSeen(43).length + segmentsSeen(44).length, 0);
  });

  test('the same request sent again while its segments are being sent is the same transaction', async () => {
    peer.clear();
    const calls = net.application.calls.length;
    request(46);
    await peer.waitFor((f) => segmentsOf([f], 46).length > 0);
    request(46);
    await peer.settle(net.network);
    assert.equal(segmentsSeen(46).length, 1);
    assert.equal(net.application.calls.length, calls + 1);
    peer.send(
      frame({ type: 'abort', fromServer: false, invokeId: 46, reason: AbortReason.OTHER }, instance),
      net.network.address,
    );
  });

  test('an Abort from the client ends the transaction: no more segments', async () => {
    peer.clear();
    request(45);
    await peer.waitFor((f) => segmentsOf([f], 45).length > 0);
    peer.send(
      frame({ type: 'abort', fromServer: false, invokeId: 45, reason: AbortReason.OTHER }, instance),
      net.network.address,
    );
    await peer.settle(net.network);
    net.clock.advance(FAST_TIMING.segmentTimeoutMs * 5);
    await peer.settle(net.network);
    assert.equal(segmentsSeen(45).length, 1);
  });
});
