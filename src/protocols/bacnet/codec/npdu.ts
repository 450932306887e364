// The network layer header (ASHRAE 135 clause 6.2): version 1, a control octet, then the destination
// (DNET, DLEN, DADR), the source (SNET, SLEN, SADR), the hop count (with a destination only), and for a
// network-layer message its type (and a vendor id for proprietary types 0x80–0xFF). The payload is the APDU
// or the network message's body (see network-messages.ts).
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { type Decoded, decodeSafely, malformed, unsupported } from './result.js';

export const NPDU_VERSION = 1;
/** DNET of a global broadcast. */
export const GLOBAL_NETWORK = 0xffff;
/** Hop count a new routed message starts with (clause 6.2.2). */
export const DEFAULT_HOP_COUNT = 255;

/** Network priority (clause 6.2.2, control bits 1–0). */
export const NetworkPriority = { NORMAL: 0, URGENT: 1, CRITICAL_EQUIPMENT: 2, LIFE_SAFETY: 3 } as const;

/** A remote station: network number and MAC address (empty on a destination: broadcast on that network). */
export interface NetworkAddress {
  network: number;
  address: Uint8Array;
}

export interface Npdu {
  expectingReply: boolean;
  priority: number;
  destination?: NetworkAddress;
  /** Present with a destination only. */
  hopCount?: number;
  source?: NetworkAddress;
  /** Set for a network-layer message; absent for an APDU. */
  messageType?: number;
  /** Vendor of a proprietary message type (0x80–0xFF). */
  vendorId?: number;
  /** The APDU, or the network message's body (decoded: a view of the received octets, not a copy). */
  payload: Uint8Array;
}

const CONTROL_NETWORK_MESSAGE = 0x80;
const CONTROL_DESTINATION = 0x20;
const CONTROL_SOURCE = 0x08;
const CONTROL_EXPECTING_REPLY = 0x04;
const CONTROL_RESERVED = 0x50;

export function encodeNpdu(n: Npdu): Buffer {
  const w = new ByteWriter(16 + n.payload.length);
  let control = n.priority & 0x03;
  if (n.messageType !== undefined) control |= CONTROL_NETWORK_MESSAGE;
  if (n.destination) control |= CONTROL_DESTINATION;
  if (n.source) control |= CONTROL_SOURCE;
  if (n.expectingReply) control |= CONTROL_EXPECTING_REPLY;
  w.u8(NPDU_VERSION).u8(control);
  if (n.destination) {
    if (n.destination.address.length > 255) throw new RangeError('DADR longer than 255 octets');
    w.u16(n.destination.network).u8(n.destination.address.length).bytes(n.destination.address);
  }
  if (n.source) {
    if (n.source.network === GLOBAL_NETWORK) throw new RangeError('SNET cannot be the global network');
    if (n.source.address.length === 0 || n.source.address.length > 255)
      throw new RangeError('SADR of 1–255 octets');
    w.u16(n.source.network).u8(n.source.address.length).bytes(n.source.address);
  }
  if (n.destination) w.u8(n.hopCount ?? DEFAULT_HOP_COUNT);
  if (n.messageType !== undefined) {
    w.u8(n.messageType);
    if (n.messageType >= 0x80) w.u16(n.vendorId ?? 0);
  }
  w.bytes(n.payload);
  return w.toBuffer();
}

export function decodeNpdu(bytes: Uint8Array): Decoded<Npdu> {
  return decodeSafely(() => {
    const r = new ByteReader(bytes);
    const version = r.u8();
    if (version !== NPDU_VERSION) unsupported(`NPDU version ${version}`, 0);
    const control = r.u8();
    if (control & CONTROL_RESERVED) malformed('reserved control bits set', 1);
    const npdu: Npdu = {
      expectingReply: (control & CONTROL_EXPECTING_REPLY) !== 0,
      priority: control & 0x03,
      payload: new Uint8Array(0),
    };
    if (control & CONTROL_DESTINATION) {
      npdu.destination = { network: r.u16(), address: r.copy(r.u8()) };
      if (npdu.destination.network === 0) malformed('DNET 0', r.pos);
    }
    if (control & CONTROL_SOURCE) {
      const at = r.pos;
      npdu.source = { network: r.u16(), address: r.copy(r.u8()) };
      if (npdu.source.network === 0 || npdu.source.network === GLOBAL_NETWORK) malformed('invalid SNET', at);
      if (npdu.source.address.length === 0) malformed('SLEN 0', at + 2);
    }
    if (npdu.destination) npdu.hopCount = r.u8();
    if (control & CONTROL_NETWORK_MESSAGE) {
      npdu.messageType = r.u8();
      if (npdu.messageType >= 0x80) npdu.vendorId = r.u16();
    } else if (r.atEnd) {
      malformed('NPDU without an APDU', r.pos);
    }
    npdu.payload = r.rest();
    return npdu;
  });
}
