// Interop: frames built by Pointyard's BACnet codec decoded by @bacnet-js/client (an independent TypeScript
// stack from npm), and frames built by its encoders decoded by ours, field by field; and our enumerations
// against its numbers. Its codec is not part
// of its public API: the functions are taken from its dist/lib files (BVLC, NPDU, APDU headers, services).
// Not exported or not there: network-layer message bodies (its NPDU decoder stops at the message type),
// and BBMD tables. Known difference: its COV notification encoder writes array index 4294967295 ("all")
// where the index should be absent; our decoder reads that as the array index it is.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { objectIdArb } from '../../src/protocols/bacnet/codec/arbitraries.test.js';
import * as enums from '../../src/protocols/bacnet/codec/enums.js';
import {
  AbortReason,
  type Apdu,
  type BacnetValue,
  ConfirmedService,
  decodeApdu,
  decodeBvlc,
  decodeCovNotification,
  decodeError,
  decodeFrame,
  decodeIAm,
  decodeIHave,
  decodeNpdu,
  decodePropertyValue,
  decodeReadProperty,
  decodeReadPropertyAck,
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  decodeSubscribeCov,
  decodeSubscribeCovProperty,
  decodeTimeSynchronization,
  decodeWhoHas,
  decodeWhoIs,
  decodeWriteProperty,
  decodeWritePropertyMultiple,
  ErrorClass,
  ErrorCode,
  encodeApdu,
  encodeBvlc,
  encodeCovNotification,
  encodeError,
  encodeFrame,
  encodeIAm,
  encodeIHave,
  encodePropertyValue,
  encodeReadProperty,
  encodeReadPropertyAck,
  encodeReadPropertyMultiple,
  encodeReadPropertyMultipleAck,
  encodeSubscribeCov,
  encodeSubscribeCovProperty,
  encodeTimeSynchronization,
  encodeWhoHas,
  encodeWhoIs,
  encodeWriteProperty,
  encodeWritePropertyMultiple,
  ObjectType,
  PropertyId,
  Segmentation,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { peerSkip } from '../support/peers.js';

const require = createRequire(import.meta.url);
const LIB = '@bacnet-js/client/dist/lib/';

// biome-ignore lint/suspicious/noExplicitAny: the peer's codec is untyped JavaScript as far as this test goes
type Any = any;
interface Peer {
  enums: Any;
  apdu: Any;
  npdu: Any;
  bvlc: Any;
  services: Any;
}

function loadPeer(): Peer | null {
  try {
    return {
      enums: require(`${LIB}enum.js`),
      apdu: require(`${LIB}apdu.js`),
      npdu: require(`${LIB}npdu.js`),
      bvlc: require(`${LIB}bvlc.js`),
      services: require(`${LIB}services/index.js`),
    };
  } catch {
    return null;
  }
}

const peer = loadPeer();
const skip = peerSkip(
  peer ? null : '@bacnet-js/client is not installed (npm ci installs it: a dev dependency)',
);
const p = peer as Peer;

/** Runs one of the peer's encoders and returns the octets it wrote. */
function theirs(encode: (buffer: { buffer: Buffer; offset: number }) => void): Buffer {
  const b = { buffer: Buffer.alloc(1500), offset: 0 };
  encode(b);
  return b.buffer.subarray(0, b.offset);
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) assert.fail(r.error);
  return r.value;
}

const ALL = 0xffffffff;
const ai5 = { type: ObjectType.ANALOG_INPUT, instance: 5 };
const real = (value: number) => encodePropertyValue([{ type: 'real', value }]);

describe('BACnet codec ↔ @bacnet-js/client', { skip }, () => {
  test('enumerations: every number the peer also names is the same', () => {
    // [ours, the peer's]; names only we have are the 2020 additions (audit services, Who-Am-I, colour objects…).
    const pairs: Array<[Record<string, number>, string]> = [
      [enums.ObjectType, 'ObjectType'],
      [enums.PropertyId, 'PropertyIdentifier'],
      [enums.ErrorClass, 'ErrorClass'],
      [enums.ErrorCode, 'ErrorCode'],
      [enums.RejectReason, 'RejectReason'],
      [enums.AbortReason, 'AbortReason'],
      [enums.ConfirmedService, 'ConfirmedServiceChoice'],
      [enums.UnconfirmedService, 'UnconfirmedServiceChoice'],
      [enums.ServicesSupportedBit, 'ServicesSupported'],
      [enums.Segmentation, 'Segmentation'],
      [enums.EventState, 'EventState'],
      [enums.Reliability, 'Reliability'],
      [enums.StatusFlagBit, 'StatusFlags'],
      [enums.BinaryPV, 'BinaryPV'],
      [enums.DeviceStatus, 'DeviceStatus'],
    ];
    let compared = 0;
    for (const [ours, name] of pairs) {
      const theirs = p.enums[name];
      for (const [key, value] of Object.entries(ours)) {
        if (!(key in theirs)) continue;
        assert.equal(value, theirs[key], `${name}.${key}`);
        compared++;
      }
    }
    assert.ok(compared > 250, `${compared} numbers compared`);
  });

  test('BVLC, NPDU and APDU headers of a routed request, both ways', () => {
    const frame = encodeFrame({
      bvlc: 'original-unicast',
      npdu: {
        expectingReply: true,
        priority: 0,
        destination: { network: 100, address: Uint8Array.of(0, 0, 0, 7) },
        hopCount: 255,
        source: { network: 5, address: Uint8Array.of(10, 0, 0, 1, 0xba, 0xc0) },
      },
      body: {
        apdu: {
          type: 'confirmed-request',
          segmentedResponseAccepted: true,
          maxSegments: 4,
          maxApdu: 5,
          invokeId: 42,
          service: ConfirmedService.READ_PROPERTY,
          body: encodeReadProperty({ object: ai5, property: PropertyId.PRESENT_VALUE }),
        },
      },
    });
    const bv = p.bvlc.decode(frame, 0);
    assert.deepEqual([bv.func, bv.msgLength, bv.len], [0x0a, frame.length, 4]);
    const n = p.npdu.decode(frame, 4);
    assert.deepEqual(n.destination.net, 100);
    assert.deepEqual(n.destination.adr, [0, 0, 0, 7]);
    assert.deepEqual([n.source.net, n.source.adr], [5, [10, 0, 0, 1, 0xba, 0xc0]]);
    assert.equal(n.hopCount, 255);
    const at = 4 + n.len;
    const req = p.apdu.decodeConfirmedServiceRequest(frame, at);
    assert.deepEqual([req.service, req.invokeId, req.maxApdu, req.maxSegments >> 4], [12, 42, 5, 4]);
    const rp = p.services.ReadProperty.decode(frame, at + req.len, frame.length - at - req.len);
    assert.deepEqual(rp.objectId, ai5);
    assert.equal(rp.property.id, PropertyId.PRESENT_VALUE);

    // Theirs → ours: the same layers from the peer's encoders.
    const apdu = theirs((b) => {
      p.apdu.encodeConfirmedServiceRequest(b, 0x02, 12, 0x40, 5, 42);
      p.services.ReadProperty.encode(b, 0, 5, 85, ALL);
    });
    const npdu = theirs((b) =>
      p.npdu.encode(
        b,
        0x04,
        { net: 100, adr: [0, 0, 0, 7] },
        { net: 5, adr: [10, 0, 0, 1, 0xba, 0xc0] },
        255,
      ),
    );
    const whole = Buffer.concat([Buffer.alloc(4), npdu, apdu]);
    p.bvlc.encode(whole, 0x0a, whole.length);
    const f = ok(decodeFrame(whole));
    assert.equal(f.bvlc.function, 'original-unicast');
    assert.equal(f.npdu?.destination?.network, 100);
    assert.deepEqual([...(f.npdu?.source?.address ?? [])], [10, 0, 0, 1, 0xba, 0xc0]);
    assert.equal(f.npdu?.hopCount, 255);
    assert.ok(f.npdu?.expectingReply);
    const a = f.apdu as Extract<Apdu, { type: 'confirmed-request' }>;
    assert.deepEqual(
      [a.type, a.invokeId, a.maxApdu, a.maxSegments, a.segmentedResponseAccepted],
      ['confirmed-request', 42, 5, 4, true],
    );
    assert.deepEqual(ok(decodeReadProperty(a.body)), { object: ai5, property: PropertyId.PRESENT_VALUE });
  });

  test('Forwarded-NPDU and Register-Foreign-Device', () => {
    const fwd = encodeBvlc({
      function: 'forwarded',
      origin: { address: '192.168.1.10', port: 47808 },
      npdu: Uint8Array.of(1, 0, 0x10, 0x08),
    });
    const bv = p.bvlc.decode(fwd, 0);
    assert.deepEqual([bv.func, bv.originatingIP, bv.len], [4, '192.168.1.10', 10]);
    const reg = encodeBvlc({ function: 'register-foreign-device', ttl: 60 });
    assert.equal(p.services.RegisterForeignDevice.decode(reg, 4).ttl, 60);
    const theirsReg = Buffer.alloc(6);
    p.bvlc.encode(theirsReg, 0x05, 6);
    theirsReg.writeUInt16BE(600, 4);
    assert.deepEqual(ok(decodeBvlc(theirsReg)), { function: 'register-foreign-device', ttl: 600 });
  });

  test('Who-Is, I-Am, Who-Has, I-Have', () => {
    const wi = encodeWhoIs({ range: { low: 0, high: 100 } });
    assert.deepEqual(p.services.WhoIs.decode(wi, 0, wi.length), { lowLimit: 0, highLimit: 100, len: 4 });
    assert.deepEqual(ok(decodeWhoIs(theirs((b) => p.services.WhoIs.encode(b, 7, 4194303)))), {
      range: { low: 7, high: 4194303 },
    });

    const iAm = {
      device: { type: ObjectType.DEVICE, instance: 1234 },
      maxApduLength: 1476,
      segmentation: Segmentation.SEGMENTED_BOTH,
      vendorId: 260,
    };
    const them = p.services.IAm.decode(encodeIAm(iAm), 0);
    assert.deepEqual([them.deviceId, them.maxApdu, them.segmentation, them.vendorId], [1234, 1476, 0, 260]);
    assert.deepEqual(
      ok(decodeIAm(theirs((b) => p.services.IAm.encode(b, 99, 480, Segmentation.NO_SEGMENTATION, 15)))),
      {
        device: { type: ObjectType.DEVICE, instance: 99 },
        maxApduLength: 480,
        segmentation: 3,
        vendorId: 15,
      },
    );

    const wh = encodeWhoHas({ range: { low: 1, high: 5 }, objectName: 'AHU-1 Supply' });
    const whThem = p.services.WhoHas.decode(wh, 0, wh.length);
    assert.deepEqual([whThem.lowLimit, whThem.highLimit, whThem.objectName], [1, 5, 'AHU-1 Supply']);
    assert.deepEqual(ok(decodeWhoHas(theirs((b) => p.services.WhoHas.encode(b, -1, -1, ai5)))), {
      objectId: ai5,
    });

    const ih = encodeIHave({ device: { type: 8, instance: 1 }, object: ai5, objectName: 'Zone temperature' });
    const ihThem = p.services.IHave.decode(ih, 0, ih.length);
    assert.deepEqual(
      [ihThem.deviceId, ihThem.objectId, ihThem.objectName],
      [{ type: 8, instance: 1 }, ai5, 'Zone temperature'],
    );
    assert.deepEqual(
      ok(decodeIHave(theirs((b) => p.services.IHave.encode(b, { type: 8, instance: 2 }, ai5, 'Zone')))),
      {
        device: { type: 8, instance: 2 },
        object: ai5,
        objectName: 'Zone',
      },
    );
  });

  test('ReadProperty ACK with every primitive value type, both ways', () => {
    // The peer's application-tag numbers are the standard's; its Date/Time are JS Dates (checked apart).
    const valueArb: fc.Arbitrary<BacnetValue> = fc.oneof(
      fc.constant<BacnetValue>({ type: 'null' }),
      fc.boolean().map((value): BacnetValue => ({ type: 'boolean', value })),
      fc.integer({ min: 0, max: 0xffffffff }).map((value): BacnetValue => ({ type: 'unsigned', value })),
      fc
        .integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
        .map((value): BacnetValue => ({ type: 'signed', value })),
      fc
        .float({ noNaN: true, noDefaultInfinity: true })
        .map((value): BacnetValue => ({ type: 'real', value })),
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .map((value): BacnetValue => ({ type: 'double', value })),
      fc.integer({ min: 0, max: 0xffff }).map((value): BacnetValue => ({ type: 'enumerated', value })),
      fc.string({ maxLength: 30 }).map((value): BacnetValue => ({ type: 'characterString', value })),
      fc
        .uint8Array({ maxLength: 20 })
        .map((b): BacnetValue => ({ type: 'octetString', value: Uint8Array.from(b) })),
      objectIdArb.map((value): BacnetValue => ({ type: 'objectId', value })),
    );
    fc.assert(
      fc.property(objectIdArb, valueArb, (object, v) => {
        const ack = encodeReadPropertyAck({
          object,
          property: PropertyId.PRESENT_VALUE,
          value: encodePropertyValue([v]),
        });
        const them = p.services.ReadProperty.decodeAcknowledge(ack, 0, ack.length);
        assert.deepEqual(them.objectId, object);
        const got = them.values[0];
        const want = v.type === 'null' ? null : v.type === 'octetString' ? [...v.value] : v.value;
        if (v.type === 'boolean') assert.equal(Boolean(got.value), want);
        else if (v.type === 'real') assert.equal(got.value, Math.fround(v.value));
        else assert.deepEqual(got.value, want);

        // Theirs → ours: the peer's encoding of the same value.
        const tag = {
          null: 0,
          boolean: 1,
          unsigned: 2,
          signed: 3,
          real: 4,
          double: 5,
          octetString: 6,
          characterString: 7,
          enumerated: 9,
          objectId: 12,
        }[v.type as 'null'];
        const back = theirs((b) =>
          p.services.ReadProperty.encodeAcknowledge(b, object, 85, ALL, [{ type: tag, value: want }]),
        );
        const ours = ok(decodeReadPropertyAck(back));
        assert.deepEqual(ours.object, object);
        const element = ok(decodePropertyValue(ours.value))[0] as BacnetValue;
        if (v.type === 'octetString') assert.deepEqual([...(element as { value: Uint8Array }).value], want);
        else assert.deepEqual(element, v);
      }),
      { numRuns: 300 },
    );
  });

  test('ReadProperty request with an array index; ReadPropertyMultiple request and ACK with an error', () => {
    const rp = encodeReadProperty({
      object: { type: 8, instance: 1 },
      property: PropertyId.OBJECT_LIST,
      arrayIndex: 3,
    });
    assert.deepEqual(p.services.ReadProperty.decode(rp, 0, rp.length).property, { id: 76, index: 3 });
    assert.deepEqual(ok(decodeReadProperty(theirs((b) => p.services.ReadProperty.encode(b, 8, 1, 76, 0)))), {
      object: { type: 8, instance: 1 },
      property: 76,
      arrayIndex: 0,
    });

    const specs = [
      {
        object: ai5,
        properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
      },
      {
        object: { type: 2, instance: 9 },
        properties: [{ property: PropertyId.ALL }, { property: PropertyId.PRIORITY_ARRAY, arrayIndex: 8 }],
      },
    ];
    const rpm = encodeReadPropertyMultiple(specs);
    const rpmThem = p.services.ReadPropertyMultiple.decode(rpm, 0, rpm.length).properties;
    assert.deepEqual(
      rpmThem.map((s: Any) => [s.objectId, s.properties.map((x: Any) => [x.id, x.index])]),
      [
        [
          ai5,
          [
            [85, ALL],
            [111, ALL],
          ],
        ],
        [
          { type: 2, instance: 9 },
          [
            [8, ALL],
            [87, 8],
          ],
        ],
      ],
    );
    const rpmTheirs = theirs((b) =>
      p.services.ReadPropertyMultiple.encode(b, [
        {
          objectId: ai5,
          properties: [
            { id: 85, index: ALL },
            { id: 87, index: 16 },
          ],
        },
      ]),
    );
    assert.deepEqual(ok(decodeReadPropertyMultiple(rpmTheirs)), [
      { object: ai5, properties: [{ property: 85 }, { property: 87, arrayIndex: 16 }] },
    ]);

    const results = [
      {
        object: ai5,
        results: [
          { property: PropertyId.PRESENT_VALUE, value: real(21.5) },
          {
            property: PropertyId.PRIORITY_ARRAY,
            arrayIndex: 17,
            error: { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.INVALID_ARRAY_INDEX },
          },
        ],
      },
    ];
    const ack = encodeReadPropertyMultipleAck(results);
    const ackThem = p.services.ReadPropertyMultiple.decodeAcknowledge(ack, 0, ack.length).values[0];
    assert.deepEqual(ackThem.objectId, ai5);
    assert.deepEqual([ackThem.values[0].id, ackThem.values[0].value[0].value], [85, 21.5]);
    assert.deepEqual(
      [ackThem.values[1].id, ackThem.values[1].index, ackThem.values[1].value[0].value],
      [87, 17, { errorClass: 2, errorCode: 42 }],
    );
    const ackTheirs = theirs((b) =>
      p.services.ReadPropertyMultiple.encodeAcknowledge(b, [
        {
          objectId: ai5,
          values: [
            { property: { id: 85, index: ALL }, value: [{ type: 4, value: 21.5 }] },
            {
              property: { id: 28, index: ALL },
              value: [{ type: 0, value: { type: 'BacnetError', errorClass: 2, errorCode: 32 } }],
            },
          ],
        },
      ]),
    );
    const ours = ok(decodeReadPropertyMultipleAck(ackTheirs));
    assert.deepEqual(ours[0]?.results[1], { property: 28, error: { errorClass: 2, errorCode: 32 } });
    assert.deepEqual(ok(decodePropertyValue((ours[0]?.results[0] as { value: Uint8Array }).value)), [
      { type: 'real', value: 21.5 },
    ]);
  });

  test('WriteProperty with priority, NULL relinquish, WritePropertyMultiple', () => {
    const wp = encodeWriteProperty({
      object: { type: 2, instance: 1 },
      property: 85,
      value: encodePropertyValue([{ type: 'null' }]),
      priority: 8,
    });
    const wpThem = p.services.WriteProperty.decode(wp, 0, wp.length);
    assert.deepEqual(
      [wpThem.objectId, wpThem.value.property.id, wpThem.value.value[0].type, wpThem.value.priority],
      [{ type: 2, instance: 1 }, 85, 0, 8],
    );
    const wpTheirs = theirs((b) =>
      p.services.WriteProperty.encode(b, 1, 3, 85, ALL, 10, [{ type: 4, value: 50 }]),
    );
    const ours = ok(decodeWriteProperty(wpTheirs));
    assert.deepEqual(
      [ours.object, ours.property, ours.priority, ours.arrayIndex],
      [{ type: 1, instance: 3 }, 85, 10, undefined],
    );
    assert.deepEqual(ok(decodePropertyValue(ours.value)), [{ type: 'real', value: 50 }]);

    const wpm = encodeWritePropertyMultiple([
      {
        object: { type: 2, instance: 1 },
        properties: [
          { property: 85, value: real(20), priority: 9 },
          { property: 28, value: encodePropertyValue([{ type: 'characterString', value: 'set' }]) },
        ],
      },
    ]);
    const wpmThem = p.services.WritePropertyMultiple.decode(wpm, 0, wpm.length);
    assert.deepEqual(wpmThem.objectId, { type: 2, instance: 1 });
    assert.deepEqual(
      wpmThem.values.map((v: Any) => [v.property.id, v.value[0].value, v.priority]),
      [
        [85, 20, 9],
        [28, 'set', 0], // the peer reads an absent priority as 0
      ],
    );
    const wpmTheirs = theirs((b) =>
      p.services.WritePropertyMultiple.encode(b, { type: 2, instance: 4 }, [
        { property: { id: 85, index: ALL }, value: [{ type: 4, value: 1 }], priority: 5 },
      ]),
    );
    const wpmOurs = ok(decodeWritePropertyMultiple(wpmTheirs));
    assert.deepEqual(wpmOurs[0]?.object, { type: 2, instance: 4 });
    assert.deepEqual([wpmOurs[0]?.properties[0]?.property, wpmOurs[0]?.properties[0]?.priority], [85, 5]);
  });

  test('SubscribeCOV (subscription and cancellation), SubscribeCOVProperty, COV notifications', () => {
    const sc = encodeSubscribeCov({
      processId: 18,
      object: ai5,
      cancel: false,
      confirmed: true,
      lifetime: 600,
    });
    const scThem = p.services.SubscribeCov.decode(sc, 0, sc.length);
    assert.deepEqual(
      [
        scThem.subscriberProcessId,
        scThem.monitoredObjectId,
        scThem.cancellationRequest,
        scThem.issueConfirmedNotifications,
        scThem.lifetime,
      ],
      [18, ai5, false, true, 600],
    );
    const cancel = encodeSubscribeCov({ processId: 18, object: ai5, cancel: true });
    assert.equal(p.services.SubscribeCov.decode(cancel, 0, cancel.length).cancellationRequest, true);
    assert.deepEqual(ok(decodeSubscribeCov(theirs((b) => p.services.SubscribeCov.encode(b, 7, ai5, true)))), {
      processId: 7,
      object: ai5,
      cancel: true,
    });
    assert.deepEqual(
      ok(decodeSubscribeCov(theirs((b) => p.services.SubscribeCov.encode(b, 7, ai5, false, false, 300)))),
      {
        processId: 7,
        object: ai5,
        cancel: false,
        confirmed: false,
        lifetime: 300,
      },
    );

    const scp = encodeSubscribeCovProperty({
      processId: 3,
      object: ai5,
      cancel: false,
      confirmed: false,
      lifetime: 60,
      property: { property: 85 },
      covIncrement: 0.5,
    });
    const scpThem = p.services.SubscribeProperty.decode(scp, 0);
    assert.deepEqual([scpThem.monitoredProperty.id, scpThem.covIncrement, scpThem.lifetime], [85, 0.5, 60]);
    const scpOurs = ok(
      decodeSubscribeCovProperty(
        theirs((b) =>
          p.services.SubscribeProperty.encode(b, 3, ai5, false, true, 120, { id: 85, index: ALL }, true, 1.5),
        ),
      ),
    );
    assert.deepEqual(scpOurs, {
      processId: 3,
      object: ai5,
      cancel: false,
      confirmed: true,
      lifetime: 120,
      property: { property: 85 },
      covIncrement: 1.5,
    });

    const cov = encodeCovNotification({
      processId: 18,
      device: { type: ObjectType.DEVICE, instance: 100 },
      object: ai5,
      timeRemaining: 0,
      values: [
        { property: PropertyId.PRESENT_VALUE, value: real(65) },
        {
          property: PropertyId.STATUS_FLAGS,
          value: encodePropertyValue([{ type: 'bitString', value: [false, true, false, false] }]),
        },
      ],
    });
    const covThem = p.services.CovNotify.decode(cov, 0, cov.length);
    assert.deepEqual(
      [covThem.subscriberProcessId, covThem.initiatingDeviceId, covThem.monitoredObjectId],
      [18, { type: 8, instance: 100 }, ai5],
    );
    assert.deepEqual(covThem.values[0].value[0].value, 65);
    assert.deepEqual(covThem.values[1].value[0].value, { value: [2], bitsUsed: 4 });
    const covOurs = ok(
      decodeCovNotification(
        theirs((b) =>
          p.services.CovNotify.encode(b, 9, 100, ai5, 30, [
            { property: { id: 85, index: ALL }, value: [{ type: 4, value: 12 }] },
          ]),
        ),
      ),
    );
    assert.deepEqual(
      [covOurs.processId, covOurs.device, covOurs.object, covOurs.timeRemaining],
      [9, { type: 8, instance: 100 }, ai5, 30],
    );
    // The peer writes array index 4294967295 where "no index" is meant (see the header).
    assert.deepEqual([covOurs.values[0]?.property, covOurs.values[0]?.arrayIndex], [85, ALL]);
    assert.deepEqual(ok(decodePropertyValue(covOurs.values[0]?.value as Uint8Array)), [
      { type: 'real', value: 12 },
    ]);
  });

  test('TimeSynchronization and the Error PDU body', () => {
    const ts = encodeTimeSynchronization({
      date: { year: 2026, month: 12, day: 6, weekday: 7 },
      time: { hour: 18, minute: 30, second: 15, hundredths: 50 },
    });
    const when: Date = p.services.TimeSync.decode(ts, 0).value;
    assert.deepEqual(
      [
        when.getFullYear(),
        when.getMonth() + 1,
        when.getDate(),
        when.getHours(),
        when.getMinutes(),
        when.getSeconds(),
        when.getMilliseconds(),
      ],
      [2026, 12, 6, 18, 30, 15, 500],
    );
    const theirsTs = theirs((b) => p.services.TimeSync.encode(b, new Date(2027, 0, 2, 3, 4, 5, 60)));
    const ours = ok(decodeTimeSynchronization(theirsTs));
    assert.deepEqual(ours, {
      date: { year: 2027, month: 1, day: 2, weekday: 6 },
      time: { hour: 3, minute: 4, second: 5, hundredths: 6 },
    });

    const err = encodeError({ errorClass: ErrorClass.OBJECT, errorCode: ErrorCode.UNKNOWN_OBJECT });
    assert.deepEqual(p.services.ErrorService.decode(err, 0), { len: 4, class: 1, code: 31 });
    assert.deepEqual(ok(decodeError(theirs((b) => p.services.ErrorService.encode(b, 2, 32)))), {
      errorClass: 2,
      errorCode: 32,
    });
  });

  test('SimpleACK, segmented ComplexACK, SegmentACK, Error, Reject and Abort headers, both ways', () => {
    const simple = p.apdu.decodeSimpleAck(encodeApdu({ type: 'simple-ack', invokeId: 9, service: 15 }), 0);
    assert.deepEqual([simple.invokeId, simple.service], [9, 15]);
    const complex = p.apdu.decodeComplexAck(
      encodeApdu({
        type: 'complex-ack',
        invokeId: 3,
        segment: { sequenceNumber: 2, proposedWindowSize: 8, moreFollows: true },
        service: 12,
        body: new Uint8Array(0),
      }),
      0,
    );
    assert.deepEqual(
      [
        complex.invokeId,
        complex.sequencenumber,
        complex.proposedWindowNumber,
        complex.service,
        complex.type & 0x0c,
      ],
      [3, 2, 8, 12, 0x0c],
    );
    const segAck = p.apdu.decodeSegmentAck(
      encodeApdu({
        type: 'segment-ack',
        negative: true,
        fromServer: false,
        invokeId: 3,
        sequenceNumber: 5,
        actualWindowSize: 8,
      }),
      0,
    );
    assert.deepEqual(
      [segAck.originalInvokeId, segAck.sequencenumber, segAck.actualWindowSize, segAck.type & 0x03],
      [3, 5, 8, 0x02],
    );
    const error = p.apdu.decodeError(
      encodeApdu({
        type: 'error',
        invokeId: 4,
        service: 12,
        body: encodeError({ errorClass: 2, errorCode: 32 }),
      }),
      0,
    );
    assert.deepEqual([error.invokeId, error.service], [4, 12]);
    const abort = p.apdu.decodeAbort(
      encodeApdu({
        type: 'abort',
        fromServer: true,
        invokeId: 6,
        reason: AbortReason.SEGMENTATION_NOT_SUPPORTED,
      }),
      0,
    );
    assert.deepEqual([abort.invokeId, abort.reason, abort.type & 0x01], [6, 4, 1]);
    const reject = encodeApdu({ type: 'reject', invokeId: 5, reason: 9 });
    assert.deepEqual([p.apdu.getDecodedType(reject, 0) >> 4, p.apdu.getDecodedInvokeId(reject, 0)], [6, 5]);

    // Theirs → ours.
    assert.deepEqual(ok(decodeApdu(theirs((b) => p.apdu.encodeSimpleAck(b, 0x20, 15, 9)))), {
      type: 'simple-ack',
      invokeId: 9,
      service: 15,
    });
    const c = ok(decodeApdu(theirs((b) => p.apdu.encodeComplexAck(b, 0x3c, 12, 3, 2, 8))));
    assert.deepEqual(c.type === 'complex-ack' && [c.invokeId, c.segment, c.service], [
      3,
      { sequenceNumber: 2, proposedWindowSize: 8, moreFollows: true },
      12,
    ]);
    assert.deepEqual(ok(decodeApdu(theirs((b) => p.apdu.encodeSegmentAck(b, 0x41, 3, 5, 8)))), {
      type: 'segment-ack',
      negative: false,
      fromServer: true,
      invokeId: 3,
      sequenceNumber: 5,
      actualWindowSize: 8,
    });
    assert.deepEqual(ok(decodeApdu(theirs((b) => p.apdu.encodeAbort(b, 0x71, 6, 4)))), {
      type: 'abort',
      fromServer: true,
      invokeId: 6,
      reason: 4,
    });
    const e = ok(decodeApdu(theirs((b) => p.apdu.encodeError(b, 0x50, 12, 4))));
    assert.deepEqual(e.type === 'error' && [e.invokeId, e.service], [4, 12]);
    const u = ok(
      decodeApdu(theirs((b) => p.apdu.encodeUnconfirmedServiceRequest(b, 0x10, UnconfirmedService.WHO_IS))),
    );
    assert.deepEqual(u.type === 'unconfirmed-request' && [u.service, u.body.length], [
      UnconfirmedService.WHO_IS,
      0,
    ]);
  });

  test('an NPDU carrying a network-layer message: header fields as the peer reads them', () => {
    const frame = encodeFrame({
      bvlc: 'original-broadcast',
      npdu: { expectingReply: false, priority: 0 },
      body: { networkMessage: { type: 'i-am-router-to-network', networks: [100, 101] } },
    });
    const n = p.npdu.decode(frame, 4);
    assert.deepEqual([n.funct & 0x80, n.networkMsgType], [0x80, 1]);
    const theirsNpdu = theirs((b) => p.npdu.encode(b, 0x80, undefined, undefined, 0, 0x00, 0));
    const ours = ok(decodeNpdu(theirsNpdu));
    assert.deepEqual([ours.messageType, ours.payload.length], [0, 0]);
  });
});
