// Interop: one frame of every kind the BACnet codec encodes, written to a pcap file (Ethernet, IPv4, UDP
// 47808, with correct lengths and checksums) and read back by Wireshark's BACnet dissector (Debian's tshark,
// which no one here wrote): every frame must be dissected as BACnet/IP with no malformed packet and no error
// in the expert info, and show the service, property or message this test meant.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  AbortReason,
  type Apdu,
  type BvlcMessage,
  bitStringOf,
  ConfirmedService,
  ErrorClass,
  ErrorCode,
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
  encodeWritePropertyMultipleError,
  type NetworkMessage,
  type NpduHeader,
  ObjectType,
  PropertyId,
  RejectReason,
  SERVICES_SUPPORTED_LENGTH,
  Segmentation,
  ServicesSupportedBit,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { bvlcProblems, dissect, pcapFile, tsharkMissing, udpPacket } from '../support/pcap.js';
import { peerSkip } from '../support/peers.js';

const skip = peerSkip(tsharkMissing());
const BACNET_PORT = 47808;

// ---- one frame of every kind ----

const local: NpduHeader = { expectingReply: false, priority: 0 };
const asking: NpduHeader = { expectingReply: true, priority: 0 };
const routed: NpduHeader = {
  expectingReply: false,
  priority: 1,
  destination: { network: 5, address: Uint8Array.of(192, 168, 1, 10, 0xba, 0xc0) },
  hopCount: 255,
  source: { network: 100, address: Uint8Array.of(0, 0, 0, 7) },
};
const ai5 = { type: ObjectType.ANALOG_INPUT, instance: 5 };
const device = { type: ObjectType.DEVICE, instance: 1234 };
const real = (value: number) => encodePropertyValue([{ type: 'real', value }]);

function confirmed(service: number, body: Uint8Array, invokeId = 1): Apdu {
  return {
    type: 'confirmed-request',
    segmentedResponseAccepted: true,
    maxSegments: 0,
    maxApdu: 5,
    invokeId,
    service,
    body,
  };
}
function unconfirmed(service: number, body: Uint8Array): Apdu {
  return { type: 'unconfirmed-request', service, body };
}
function complexAck(service: number, body: Uint8Array): Apdu {
  return { type: 'complex-ack', invokeId: 1, service, body };
}
const apduFrame = (
  apdu: Apdu,
  npdu = local,
  bvlc: 'original-unicast' | 'original-broadcast' = 'original-unicast',
) => encodeFrame({ bvlc, npdu, body: { apdu } });
const networkFrame = (networkMessage: NetworkMessage) =>
  encodeFrame({ bvlc: 'original-broadcast', npdu: local, body: { networkMessage } });
const bvlcFrame = (m: BvlcMessage) => encodeBvlc(m);

const cov = {
  processId: 18,
  device,
  object: ai5,
  timeRemaining: 300,
  values: [
    { property: PropertyId.PRESENT_VALUE, value: real(65) },
    {
      property: PropertyId.STATUS_FLAGS,
      value: encodePropertyValue([{ type: 'bitString', value: [false, false, false, false] }]),
    },
  ],
};
const now = {
  date: { year: 2026, month: 12, day: 6, weekday: 7 },
  time: { hour: 18, minute: 30, second: 0, hundredths: 0 },
};
const whoIsNpdu = encodeFrame({
  bvlc: 'original-broadcast',
  npdu: local,
  body: { apdu: unconfirmed(UnconfirmedService.WHO_IS, new Uint8Array(0)) },
}).subarray(4);

/** [what, datagram, texts tshark's verbose output must show for it]. */
const FRAMES: Array<[string, Buffer, string[]]> = [
  [
    'BVLC-Result',
    bvlcFrame({ function: 'result', code: 0x0030 }),
    ['BVLC-Result', 'Register-Foreign-Device NAK'],
  ],
  [
    'Register-Foreign-Device',
    bvlcFrame({ function: 'register-foreign-device', ttl: 60 }),
    ['Register-Foreign-Device', '60'],
  ],
  [
    'Forwarded-NPDU',
    bvlcFrame({ function: 'forwarded', origin: { address: '10.0.0.9', port: BACNET_PORT }, npdu: whoIsNpdu }),
    ['Forwarded-NPDU', '10.0.0.9', 'who-Is'],
  ],
  [
    'Distribute-Broadcast-To-Network',
    bvlcFrame({ function: 'distribute-broadcast', npdu: whoIsNpdu }),
    ['Distribute-Broadcast-To-Network', 'who-Is'],
  ],
  ['Read-BDT', bvlcFrame({ function: 'read-bdt' }), ['Read-Broadcast-Distribution-Table']],
  [
    'Read-BDT-Ack',
    bvlcFrame({
      function: 'read-bdt-ack',
      entries: [{ address: '192.168.1.1', port: BACNET_PORT, mask: '255.255.255.255' }],
    }),
    ['Read-Broadcast-Distribution-Table-Ack', '192.168.1.1'],
  ],
  [
    'Write-BDT',
    bvlcFrame({
      function: 'write-bdt',
      entries: [{ address: '192.168.1.1', port: BACNET_PORT, mask: '255.255.255.255' }],
    }),
    ['Write-Broadcast-Distribution-Table'],
  ],
  ['Read-FDT', bvlcFrame({ function: 'read-fdt' }), ['Read-Foreign-Device-Table']],
  [
    'Read-FDT-Ack',
    bvlcFrame({
      function: 'read-fdt-ack',
      entries: [{ address: '192.168.1.2', port: BACNET_PORT, ttl: 60, remaining: 30 }],
    }),
    ['Read-Foreign-Device-Table-Ack', '192.168.1.2'],
  ],
  [
    'Delete-FDT-Entry',
    bvlcFrame({ function: 'delete-fdt-entry', entry: { address: '192.168.1.2', port: BACNET_PORT } }),
    ['Delete-Foreign-Device-Table-Entry'],
  ],
  [
    'Who-Is-Router-To-Network',
    networkFrame({ type: 'who-is-router-to-network', network: 100 }),
    ['Who-Is-Router-To-Network', '100'],
  ],
  [
    'I-Am-Router-To-Network',
    networkFrame({ type: 'i-am-router-to-network', networks: [100, 101] }),
    ['I-Am-Router-To-Network', '101'],
  ],
  [
    'I-Could-Be-Router-To-Network',
    networkFrame({ type: 'i-could-be-router-to-network', network: 100, performanceIndex: 10 }),
    ['I-Could-Be-Router-To-Network'],
  ],
  [
    'Reject-Message-To-Network',
    networkFrame({ type: 'reject-message-to-network', reason: 1, network: 9 }),
    ['Reject-Message-To-Network'],
  ],
  [
    'Router-Busy-To-Network',
    networkFrame({ type: 'router-busy-to-network', networks: [100] }),
    ['Router-Busy-To-Network'],
  ],
  [
    'Router-Available-To-Network',
    networkFrame({ type: 'router-available-to-network', networks: [100] }),
    ['Router-Available-To-Network'],
  ],
  [
    'Initialize-Routing-Table',
    networkFrame({
      type: 'initialize-routing-table',
      entries: [{ network: 100, portId: 1, portInfo: new Uint8Array(0) }],
    }),
    ['Initialize-Routing-Table'],
  ],
  [
    'Initialize-Routing-Table-Ack',
    networkFrame({ type: 'initialize-routing-table-ack', entries: [] }),
    ['Initialize-Routing-Table-Ack'],
  ],
  [
    'What-Is-Network-Number',
    networkFrame({ type: 'what-is-network-number' }),
    ['Network Layer Message Type', '(0x12)'],
  ],
  [
    'Network-Number-Is',
    networkFrame({ type: 'network-number-is', network: 7, configured: true }),
    ['Network Layer Message Type', '(0x13)'],
  ],
  [
    'proprietary network message',
    networkFrame({ type: 'other', messageType: 0x85, vendorId: 260, body: Uint8Array.of(1, 2) }),
    ['Vendor'],
  ],
  [
    'Who-Is (routed, global)',
    apduFrame(
      unconfirmed(UnconfirmedService.WHO_IS, encodeWhoIs({ range: { low: 0, high: 100 } })),
      {
        expectingReply: false,
        priority: 0,
        destination: { network: 0xffff, address: new Uint8Array(0) },
        hopCount: 255,
      },
      'original-broadcast',
    ),
    ['who-Is', 'Destination Network Address: 65535'],
  ],
  [
    'I-Am (from a routed device)',
    apduFrame(
      unconfirmed(
        UnconfirmedService.I_AM,
        encodeIAm({ device, maxApduLength: 1476, segmentation: Segmentation.SEGMENTED_BOTH, vendorId: 260 }),
      ),
      routed,
    ),
    ['i-Am', '1234', 'segmented-both', 'Source Network Address: 100'],
  ],
  [
    'Who-Has by name',
    apduFrame(unconfirmed(UnconfirmedService.WHO_HAS, encodeWhoHas({ objectName: 'Zone temperature' }))),
    ['who-Has', 'Zone temperature'],
  ],
  [
    'Who-Has by identifier',
    apduFrame(
      unconfirmed(UnconfirmedService.WHO_HAS, encodeWhoHas({ range: { low: 1, high: 5 }, objectId: ai5 })),
    ),
    ['who-Has', 'analog-input'],
  ],
  [
    'I-Have',
    apduFrame(
      unconfirmed(
        UnconfirmedService.I_HAVE,
        encodeIHave({ device, object: ai5, objectName: 'Zone temperature' }),
      ),
    ),
    ['i-Have', 'Zone temperature'],
  ],
  [
    'ReadProperty',
    apduFrame(
      confirmed(
        ConfirmedService.READ_PROPERTY,
        encodeReadProperty({ object: ai5, property: PropertyId.PRESENT_VALUE }),
      ),
      asking,
    ),
    ['readProperty', 'present-value'],
  ],
  [
    'ReadProperty with an array index',
    apduFrame(
      confirmed(
        ConfirmedService.READ_PROPERTY,
        encodeReadProperty({ object: device, property: PropertyId.OBJECT_LIST, arrayIndex: 0 }),
      ),
      asking,
    ),
    ['readProperty', 'object-list', 'property Array Index'],
  ],
  [
    'ReadProperty-ACK',
    apduFrame(
      complexAck(
        ConfirmedService.READ_PROPERTY,
        encodeReadPropertyAck({ object: ai5, property: PropertyId.PRESENT_VALUE, value: real(72.5) }),
      ),
    ),
    ['readProperty', '72.5'],
  ],
  [
    'ReadProperty-ACK of Protocol_Services_Supported (a BitString)',
    apduFrame(
      complexAck(
        ConfirmedService.READ_PROPERTY,
        encodeReadPropertyAck({
          object: device,
          property: PropertyId.PROTOCOL_SERVICES_SUPPORTED,
          value: encodePropertyValue([
            {
              type: 'bitString',
              value: bitStringOf(SERVICES_SUPPORTED_LENGTH, [
                ServicesSupportedBit.READ_PROPERTY,
                ServicesSupportedBit.WHO_IS,
              ]),
            },
          ]),
        }),
      ),
    ),
    ['protocol-services-supported', 'readProperty = TRUE', 'who-Is = TRUE', 'readPropertyMultiple = FALSE'],
  ],
  [
    'ReadPropertyMultiple',
    apduFrame(
      confirmed(
        ConfirmedService.READ_PROPERTY_MULTIPLE,
        encodeReadPropertyMultiple([
          {
            object: ai5,
            properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
          },
          { object: device, properties: [{ property: PropertyId.ALL }] },
        ]),
      ),
      asking,
    ),
    ['readPropertyMultiple', 'status-flags', 'all (8)'],
  ],
  [
    'ReadPropertyMultiple-ACK with an error',
    apduFrame(
      complexAck(
        ConfirmedService.READ_PROPERTY_MULTIPLE,
        encodeReadPropertyMultipleAck([
          {
            object: ai5,
            results: [
              { property: PropertyId.PRESENT_VALUE, value: real(21.5) },
              {
                property: PropertyId.DESCRIPTION,
                error: { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.UNKNOWN_PROPERTY },
              },
            ],
          },
        ]),
      ),
    ),
    ['readPropertyMultiple', '21.5', 'unknown-property'],
  ],
  [
    'WriteProperty at priority 8',
    apduFrame(
      confirmed(
        ConfirmedService.WRITE_PROPERTY,
        encodeWriteProperty({
          object: { type: ObjectType.ANALOG_VALUE, instance: 1 },
          property: PropertyId.PRESENT_VALUE,
          value: real(20),
          priority: 8,
        }),
      ),
      asking,
    ),
    ['writeProperty', 'analog-value', 'Priority: (Unsigned) 8'],
  ],
  [
    'WriteProperty relinquish (NULL)',
    apduFrame(
      confirmed(
        ConfirmedService.WRITE_PROPERTY,
        encodeWriteProperty({
          object: { type: ObjectType.BINARY_OUTPUT, instance: 2 },
          property: PropertyId.PRESENT_VALUE,
          value: encodePropertyValue([{ type: 'null' }]),
          priority: 8,
        }),
      ),
      asking,
    ),
    ['writeProperty', 'binary-output', 'NULL'],
  ],
  [
    'WritePropertyMultiple',
    apduFrame(
      confirmed(
        ConfirmedService.WRITE_PROPERTY_MULTIPLE,
        encodeWritePropertyMultiple([
          {
            object: { type: ObjectType.ANALOG_VALUE, instance: 1 },
            properties: [
              { property: PropertyId.PRESENT_VALUE, value: real(19), priority: 9 },
              {
                property: PropertyId.DESCRIPTION,
                value: encodePropertyValue([{ type: 'characterString', value: 'setpoint' }]),
              },
            ],
          },
        ]),
      ),
      asking,
    ),
    ['writePropertyMultiple', 'setpoint'],
  ],
  [
    'SubscribeCOV',
    apduFrame(
      confirmed(
        ConfirmedService.SUBSCRIBE_COV,
        encodeSubscribeCov({ processId: 18, object: ai5, cancel: false, confirmed: true, lifetime: 600 }),
      ),
      asking,
    ),
    ['subscribeCOV', 'life time (hh.mm.ss): 0.10.00'],
  ],
  [
    'SubscribeCOV cancellation',
    apduFrame(
      confirmed(
        ConfirmedService.SUBSCRIBE_COV,
        encodeSubscribeCov({ processId: 18, object: ai5, cancel: true }),
      ),
      asking,
    ),
    ['subscribeCOV'],
  ],
  [
    'SubscribeCOVProperty',
    apduFrame(
      confirmed(
        ConfirmedService.SUBSCRIBE_COV_PROPERTY,
        encodeSubscribeCovProperty({
          processId: 3,
          object: ai5,
          cancel: false,
          confirmed: false,
          lifetime: 60,
          property: { property: PropertyId.PRESENT_VALUE },
          covIncrement: 0.5,
        }),
      ),
      asking,
    ),
    ['subscribeCOVProperty', 'COV Increment: 0.500000'],
  ],
  [
    'ConfirmedCOVNotification',
    apduFrame(confirmed(ConfirmedService.CONFIRMED_COV_NOTIFICATION, encodeCovNotification(cov)), asking),
    ['confirmedCOVNotification', 'present-value', 'status-flags'],
  ],
  [
    'UnconfirmedCOVNotification',
    apduFrame(unconfirmed(UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION, encodeCovNotification(cov))),
    ['unconfirmedCOVNotification', 'present-value'],
  ],
  [
    'TimeSynchronization',
    apduFrame(unconfirmed(UnconfirmedService.TIME_SYNCHRONIZATION, encodeTimeSynchronization(now))),
    ['timeSynchronization', '2026'],
  ],
  [
    'UTCTimeSynchronization',
    apduFrame(unconfirmed(UnconfirmedService.UTC_TIME_SYNCHRONIZATION, encodeTimeSynchronization(now))),
    ['utcTimeSynchronization', '2026'],
  ],
  [
    'SimpleACK',
    apduFrame({ type: 'simple-ack', invokeId: 1, service: ConfirmedService.WRITE_PROPERTY }),
    ['Simple-ACK', 'writeProperty'],
  ],
  [
    'segmented ComplexACK',
    apduFrame({
      type: 'complex-ack',
      invokeId: 2,
      segment: { sequenceNumber: 0, proposedWindowSize: 4, moreFollows: true },
      service: ConfirmedService.READ_PROPERTY,
      body: encodeReadPropertyAck({
        object: device,
        property: PropertyId.OBJECT_LIST,
        value: encodePropertyValue([{ type: 'objectId', value: device }]),
      }).subarray(0, 12),
    }),
    ['Complex-ACK', 'Segmented Request: Segmented Request', 'More Segments: More Segments Follow'],
  ],
  [
    'SegmentACK',
    apduFrame({
      type: 'segment-ack',
      negative: false,
      fromServer: false,
      invokeId: 2,
      sequenceNumber: 0,
      actualWindowSize: 4,
    }),
    ['Segment-ACK', 'Sequence Number: 0'],
  ],
  [
    'Error',
    apduFrame({
      type: 'error',
      invokeId: 1,
      service: ConfirmedService.READ_PROPERTY,
      body: encodeError({ errorClass: ErrorClass.OBJECT, errorCode: ErrorCode.UNKNOWN_OBJECT }),
    }),
    ['Error', 'unknown-object'],
  ],
  [
    'WritePropertyMultiple-Error',
    apduFrame({
      type: 'error',
      invokeId: 1,
      service: ConfirmedService.WRITE_PROPERTY_MULTIPLE,
      body: encodeWritePropertyMultipleError({
        error: { errorClass: ErrorClass.PROPERTY, errorCode: ErrorCode.WRITE_ACCESS_DENIED },
        firstFailedWriteAttempt: { object: ai5, property: PropertyId.PRESENT_VALUE },
      }),
    }),
    ['write-access-denied'],
  ],
  [
    'Reject',
    apduFrame({ type: 'reject', invokeId: 1, reason: RejectReason.UNRECOGNIZED_SERVICE }),
    ['Reject', 'unrecognized-service'],
  ],
  [
    'Abort',
    apduFrame({
      type: 'abort',
      fromServer: true,
      invokeId: 1,
      reason: AbortReason.SEGMENTATION_NOT_SUPPORTED,
    }),
    ['Abort', 'segmentation-not-supported'],
  ],
];

describe('BACnet codec frames read by tshark', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bacnet-pcap-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every frame is BACnet/IP, none malformed, each shows what it carries', () => {
    const file = join(dir, 'frames.pcap');
    writeFileSync(file, pcapFile(FRAMES.map(([, d]) => udpPacket([192, 168, 1, 10], [192, 168, 1, 20], d))));
    const dissected = dissect(file);
    assert.equal(dissected.length, FRAMES.length, 'one dissection per frame');
    // Every frame is checked before failing, so that one run lists every problem.
    const problems: string[] = [];
    FRAMES.forEach(([what, , texts], i) => {
      const out = dissected[i] as string;
      for (const why of bvlcProblems(out)) problems.push(`${what}: ${why}`);
      for (const t of texts) if (!out.includes(t)) problems.push(`${what}: "${t}" not shown`);
      if (problems.length > 0 && problems[problems.length - 1]?.startsWith(what)) problems.push(out);
    });
    assert.deepEqual(problems, []);
  });
});
