// BACnet codec figures: encode and decode of a ReadPropertyMultiple request and of its ACK for 30 objects
// × 2 properties (Present_Value and Status_Flags), the load the RPM benchmark puts on the server;
// the frame figures include BVLC, NPDU and APDU headers.

import {
  ConfirmedService,
  decodeFrame,
  decodePropertyValue,
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  encodeFrame,
  encodePropertyValue,
  encodeReadPropertyMultiple,
  encodeReadPropertyMultipleAck,
  ObjectType,
  PropertyId,
  type ReadAccessResult,
  type ReadAccessSpecification,
} from '../src/protocols/bacnet/codec/index.js';
import { type Figure, measure, round3 } from './harness.js';

const OBJECTS = 30;

const specs: ReadAccessSpecification[] = Array.from({ length: OBJECTS }, (_, i) => ({
  object: { type: ObjectType.ANALOG_INPUT, instance: i },
  properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
}));

/** The answer: each object's value as a REAL and four status flags, encoded as the server would. */
function answer(): ReadAccessResult[] {
  return specs.map((s, i) => ({
    object: s.object,
    results: [
      {
        property: PropertyId.PRESENT_VALUE,
        value: encodePropertyValue([{ type: 'real', value: 20 + i / 10 }]),
      },
      {
        property: PropertyId.STATUS_FLAGS,
        value: encodePropertyValue([{ type: 'bitString', value: [false, i % 7 === 0, false, false] }]),
      },
    ],
  }));
}

function requestFrame(): Buffer {
  return encodeFrame({
    bvlc: 'original-unicast',
    npdu: { expectingReply: true, priority: 0 },
    body: {
      apdu: {
        type: 'confirmed-request',
        segmentedResponseAccepted: true,
        maxSegments: 0,
        maxApdu: 5,
        invokeId: 1,
        service: ConfirmedService.READ_PROPERTY_MULTIPLE,
        body: encodeReadPropertyMultiple(specs),
      },
    },
  });
}

function ackFrame(): Buffer {
  return encodeFrame({
    bvlc: 'original-unicast',
    npdu: { expectingReply: false, priority: 0 },
    body: {
      apdu: {
        type: 'complex-ack',
        invokeId: 1,
        service: ConfirmedService.READ_PROPERTY_MULTIPLE,
        body: encodeReadPropertyMultipleAck(answer()),
      },
    },
  });
}

/** A whole request taken apart as the server will: frame, then the service's specifications. */
function decodeRequest(frame: Buffer): number {
  const f = decodeFrame(frame);
  if (!f.ok || f.value.apdu?.type !== 'confirmed-request') throw new Error('request frame did not decode');
  const specsBack = decodeReadPropertyMultiple(f.value.apdu.body);
  if (!specsBack.ok) throw new Error(specsBack.error);
  return specsBack.value.length;
}

/** A whole ACK taken apart as the client connector will: frame, results, and each value decoded. */
function decodeAck(frame: Buffer): number {
  const f = decodeFrame(frame);
  if (!f.ok || f.value.apdu?.type !== 'complex-ack') throw new Error('ACK frame did not decode');
  const results = decodeReadPropertyMultipleAck(f.value.apdu.body);
  if (!results.ok) throw new Error(results.error);
  let n = 0;
  for (const r of results.value)
    for (const item of r.results) if ('value' in item && decodePropertyValue(item.value).ok) n++;
  return n;
}

export function bacnetCodecBench(): Figure[] {
  const group = 'BACnet codec';
  const request = requestFrame();
  const ack = ackFrame();
  if (decodeRequest(request) !== OBJECTS || decodeAck(ack) !== 2 * OBJECTS) throw new Error('no round trip');
  const label = `ReadPropertyMultiple, ${OBJECTS} objects × 2 properties`;
  const runs: Array<[string, () => unknown, number]> = [
    [`${label}: encode request frame`, requestFrame, request.length],
    [`${label}: decode request frame`, () => decodeRequest(request), request.length],
    [`${label}: encode ACK frame`, ackFrame, ack.length],
    [`${label}: decode ACK frame and values`, () => decodeAck(ack), ack.length],
  ];
  return runs.map(([name, fn, size]) => {
    const t = measure(fn, 800);
    return {
      group,
      name,
      value: round3(1000 / t.p50Ms),
      unit: 'ops/s',
      note: `${size}-octet frame, p50 ${round3(t.p50Ms * 1000)} µs, p99 ${round3(t.p99Ms * 1000)} µs`,
    };
  });
}
