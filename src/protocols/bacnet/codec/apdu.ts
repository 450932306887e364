// The application layer header (ASHRAE 135 clause 20.1): eight PDU types, told apart by the high nibble of
// the first octet. The service request or ACK body after the header stays raw here (decoded: a view of the
// received octets); services/ decode it.
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { type Decoded, decodeSafely, malformed } from './result.js';

export const PduType = {
  CONFIRMED_REQUEST: 0,
  UNCONFIRMED_REQUEST: 1,
  SIMPLE_ACK: 2,
  COMPLEX_ACK: 3,
  SEGMENT_ACK: 4,
  ERROR: 5,
  REJECT: 6,
  ABORT: 7,
} as const;

/** Max-APDU-length-accepted codes (clause 20.1.2.5) to octets; codes 6–15 are reserved. */
export const MAX_APDU_OCTETS = [50, 128, 206, 480, 1024, 1476] as const;
/** Max-segments-accepted codes (clause 20.1.2.4) to segments; 0 unspecified, 7 more than 64. */
export const MAX_SEGMENTS = [undefined, 2, 4, 8, 16, 32, 64, Number.POSITIVE_INFINITY] as const;

/** The max-APDU code for a size in octets: the largest listed size that is not larger. */
export function maxApduCode(octets: number): number {
  let code = 0;
  MAX_APDU_OCTETS.forEach((n, i) => {
    if (n <= octets) code = i;
  });
  return code;
}

/** The max-segments code for a number of segments: the largest listed count that is not larger (7: over 64). */
export function maxSegmentsCode(segments: number | undefined): number {
  if (segments === undefined) return 0;
  if (segments > 64) return 7;
  let code = 0;
  MAX_SEGMENTS.forEach((n, i) => {
    if (n !== undefined && n <= segments) code = i;
  });
  return code;
}

/** The segmentation fields of a segmented Confirmed-Request or ComplexACK. */
export interface Segment {
  sequenceNumber: number;
  proposedWindowSize: number;
  moreFollows: boolean;
}

export type Apdu =
  | {
      type: 'confirmed-request';
      /** The requester takes a segmented answer. */
      segmentedResponseAccepted: boolean;
      /** Max-segments code (0–7, see MAX_SEGMENTS). */
      maxSegments: number;
      /** Max-APDU code (0–5, see MAX_APDU_OCTETS). */
      maxApdu: number;
      invokeId: number;
      /** Present when this request is one segment of several. */
      segment?: Segment;
      service: number;
      body: Uint8Array;
    }
  | { type: 'unconfirmed-request'; service: number; body: Uint8Array }
  | { type: 'simple-ack'; invokeId: number; service: number }
  | { type: 'complex-ack'; invokeId: number; segment?: Segment; service: number; body: Uint8Array }
  | {
      type: 'segment-ack';
      negative: boolean;
      fromServer: boolean;
      invokeId: number;
      sequenceNumber: number;
      actualWindowSize: number;
    }
  | { type: 'error'; invokeId: number; service: number; body: Uint8Array }
  | { type: 'reject'; invokeId: number; reason: number }
  | { type: 'abort'; fromServer: boolean; invokeId: number; reason: number };

const SEG = 0x08;
const MOR = 0x04;
const SA = 0x02;

export function encodeApdu(a: Apdu): Buffer {
  const w = new ByteWriter(8 + ('body' in a ? a.body.length : 0));
  switch (a.type) {
    case 'confirmed-request':
      if (a.maxSegments < 0 || a.maxSegments > 7 || a.maxApdu < 0 || a.maxApdu > 15) {
        throw new RangeError('max-segments code 0–7 and max-APDU code 0–15');
      }
      w.u8(
        (PduType.CONFIRMED_REQUEST << 4) |
          (a.segment ? SEG : 0) |
          (a.segment?.moreFollows ? MOR : 0) |
          (a.segmentedResponseAccepted ? SA : 0),
      );
      w.u8((a.maxSegments << 4) | a.maxApdu).u8(a.invokeId);
      if (a.segment) w.u8(a.segment.sequenceNumber).u8(a.segment.proposedWindowSize);
      w.u8(a.service).bytes(a.body);
      break;
    case 'unconfirmed-request':
      w.u8(PduType.UNCONFIRMED_REQUEST << 4)
        .u8(a.service)
        .bytes(a.body);
      break;
    case 'simple-ack':
      w.u8(PduType.SIMPLE_ACK << 4)
        .u8(a.invokeId)
        .u8(a.service);
      break;
    case 'complex-ack':
      w.u8((PduType.COMPLEX_ACK << 4) | (a.segment ? SEG : 0) | (a.segment?.moreFollows ? MOR : 0)).u8(
        a.invokeId,
      );
      if (a.segment) w.u8(a.segment.sequenceNumber).u8(a.segment.proposedWindowSize);
      w.u8(a.service).bytes(a.body);
      break;
    case 'segment-ack':
      w.u8((PduType.SEGMENT_ACK << 4) | (a.negative ? 0x02 : 0) | (a.fromServer ? 0x01 : 0));
      w.u8(a.invokeId).u8(a.sequenceNumber).u8(a.actualWindowSize);
      break;
    case 'error':
      w.u8(PduType.ERROR << 4)
        .u8(a.invokeId)
        .u8(a.service)
        .bytes(a.body);
      break;
    case 'reject':
      w.u8(PduType.REJECT << 4)
        .u8(a.invokeId)
        .u8(a.reason);
      break;
    case 'abort':
      w.u8((PduType.ABORT << 4) | (a.fromServer ? 0x01 : 0))
        .u8(a.invokeId)
        .u8(a.reason);
      break;
  }
  return w.toBuffer();
}

function readSegment(r: ByteReader, first: number): Segment | undefined {
  if (!(first & SEG)) {
    if (first & MOR) malformed('more-follows set on an unsegmented message', 0);
    return undefined;
  }
  const sequenceNumber = r.u8();
  const proposedWindowSize = r.u8();
  if (proposedWindowSize < 1 || proposedWindowSize > 127)
    malformed(`proposed window size ${proposedWindowSize}`, r.pos - 1);
  return { sequenceNumber, proposedWindowSize, moreFollows: (first & MOR) !== 0 };
}

function end(r: ByteReader, what: string): void {
  if (!r.atEnd) malformed(`${what}: ${r.remaining} octets too many`, r.pos);
}

export function decodeApdu(bytes: Uint8Array): Decoded<Apdu> {
  return decodeSafely((): Apdu => {
    const r = new ByteReader(bytes);
    const first = r.u8();
    switch (first >> 4) {
      case PduType.CONFIRMED_REQUEST: {
        if (first & 0x01) malformed('reserved bit set in a Confirmed-Request', 0);
        const sizes = r.u8();
        if (sizes & 0x80) malformed('reserved bit set in the max-segments octet', 1);
        const invokeId = r.u8();
        const segment = readSegment(r, first);
        return {
          type: 'confirmed-request',
          segmentedResponseAccepted: (first & SA) !== 0,
          maxSegments: sizes >> 4,
          maxApdu: sizes & 0x0f,
          invokeId,
          ...(segment ? { segment } : {}),
          service: r.u8(),
          body: r.rest(),
        };
      }
      case PduType.UNCONFIRMED_REQUEST:
        if (first & 0x0f) malformed('reserved bits set in an Unconfirmed-Request', 0);
        return { type: 'unconfirmed-request', service: r.u8(), body: r.rest() };
      case PduType.SIMPLE_ACK: {
        const a = { type: 'simple-ack' as const, invokeId: r.u8(), service: r.u8() };
        end(r, 'SimpleACK');
        return a;
      }
      case PduType.COMPLEX_ACK: {
        if (first & 0x03) malformed('reserved bits set in a ComplexACK', 0);
        const invokeId = r.u8();
        const segment = readSegment(r, first);
        return {
          type: 'complex-ack',
          invokeId,
          ...(segment ? { segment } : {}),
          service: r.u8(),
          body: r.rest(),
        };
      }
      case PduType.SEGMENT_ACK: {
        if (first & 0x0c) malformed('reserved bits set in a SegmentACK', 0);
        const a = {
          type: 'segment-ack' as const,
          negative: (first & 0x02) !== 0,
          fromServer: (first & 0x01) !== 0,
          invokeId: r.u8(),
          sequenceNumber: r.u8(),
          actualWindowSize: r.u8(),
        };
        end(r, 'SegmentACK');
        return a;
      }
      case PduType.ERROR:
        return { type: 'error', invokeId: r.u8(), service: r.u8(), body: r.rest() };
      case PduType.REJECT: {
        const a = { type: 'reject' as const, invokeId: r.u8(), reason: r.u8() };
        end(r, 'Reject');
        return a;
      }
      case PduType.ABORT: {
        const a = {
          type: 'abort' as const,
          fromServer: (first & 0x01) !== 0,
          invokeId: r.u8(),
          reason: r.u8(),
        };
        end(r, 'Abort');
        return a;
      }
      default:
        return malformed(`PDU type ${first >> 4} is reserved`, 0);
    }
  });
}

/**
 * A Confirmed-Request in one APDU that takes no segmented answer, with the largest BACnet/IP APDU (1476
 * octets): what Pointyard sends as a client (the gateway, COV notifications).
 */
export function unsegmentedRequest(invokeId: number, service: number, body: Uint8Array): Apdu {
  return {
    type: 'confirmed-request',
    segmentedResponseAccepted: false,
    maxSegments: 0,
    maxApdu: maxApduCode(MAX_APDU_OCTETS[5]),
    invokeId,
    service,
    body,
  };
}
