// BACnet Virtual Link Control for BACnet/IP (ASHRAE 135 Annex J.2): type 0x81, a function, the length of
// the whole message (header included), then the function's body. Pointyard is not a BBMD: the BDT and FDT
// messages are decoded so that they can be answered with the BVLC-Result NAK the standard names (J.2.1.1).
// A decoded NPDU is a view of the datagram's octets, not a copy.
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { type Decoded, decodeSafely, malformed, unsupported } from './result.js';

export const BVLC_TYPE_BIP = 0x81;
export const BVLC_HEADER_LENGTH = 4;

export const BvlcFunction = {
  RESULT: 0x00,
  WRITE_BDT: 0x01,
  READ_BDT: 0x02,
  READ_BDT_ACK: 0x03,
  FORWARDED_NPDU: 0x04,
  REGISTER_FOREIGN_DEVICE: 0x05,
  READ_FDT: 0x06,
  READ_FDT_ACK: 0x07,
  DELETE_FDT_ENTRY: 0x08,
  DISTRIBUTE_BROADCAST_TO_NETWORK: 0x09,
  ORIGINAL_UNICAST_NPDU: 0x0a,
  ORIGINAL_BROADCAST_NPDU: 0x0b,
  SECURE_BVLL: 0x0c,
} as const;

/** BVLC-Result codes (J.2.1.1). */
export const BvlcResultCode = {
  SUCCESSFUL_COMPLETION: 0x0000,
  WRITE_BDT_NAK: 0x0010,
  READ_BDT_NAK: 0x0020,
  REGISTER_FOREIGN_DEVICE_NAK: 0x0030,
  READ_FDT_NAK: 0x0040,
  DELETE_FDT_ENTRY_NAK: 0x0050,
  DISTRIBUTE_BROADCAST_TO_NETWORK_NAK: 0x0060,
} as const;

/** A B/IP address: IPv4 dotted quad and UDP port (6 octets on the wire). */
export interface BipAddress {
  address: string;
  port: number;
}

export interface BdtEntry extends BipAddress {
  /** Broadcast distribution mask, dotted quad. */
  mask: string;
}

export interface FdtEntry extends BipAddress {
  /** Time-to-live the foreign device registered with, in seconds. */
  ttl: number;
  /** Seconds left before the entry is purged. */
  remaining: number;
}

export type BvlcMessage =
  | { function: 'original-unicast' | 'original-broadcast' | 'distribute-broadcast'; npdu: Uint8Array }
  | { function: 'forwarded'; origin: BipAddress; npdu: Uint8Array }
  | { function: 'register-foreign-device'; ttl: number }
  | { function: 'result'; code: number }
  | { function: 'write-bdt' | 'read-bdt-ack'; entries: BdtEntry[] }
  | { function: 'read-fdt-ack'; entries: FdtEntry[] }
  | { function: 'read-bdt' | 'read-fdt' }
  | { function: 'delete-fdt-entry'; entry: BipAddress };

/**
 * The BVLC-Result code a device that is not a BBMD answers to a message (J.2.x "NAK" results), or null
 * when the message needs no such answer.
 */
export function nakFor(message: BvlcMessage): number | null {
  switch (message.function) {
    case 'write-bdt':
      return BvlcResultCode.WRITE_BDT_NAK;
    case 'read-bdt':
      return BvlcResultCode.READ_BDT_NAK;
    case 'register-foreign-device':
      return BvlcResultCode.REGISTER_FOREIGN_DEVICE_NAK;
    case 'read-fdt':
      return BvlcResultCode.READ_FDT_NAK;
    case 'delete-fdt-entry':
      return BvlcResultCode.DELETE_FDT_ENTRY_NAK;
    case 'distribute-broadcast':
      return BvlcResultCode.DISTRIBUTE_BROADCAST_TO_NETWORK_NAK;
    default:
      return null;
  }
}

function writeHeader(w: ByteWriter, fn: number, bodyLength: number): void {
  const length = BVLC_HEADER_LENGTH + bodyLength;
  if (length > 0xffff) throw new RangeError(`BVLC message of ${length} octets`);
  w.u8(BVLC_TYPE_BIP).u8(fn).u16(length);
}

function writeIp(w: ByteWriter, ip: string): void {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`not an IPv4 address: ${ip}`);
  }
  for (const p of parts) w.u8(p);
}

function writeBip(w: ByteWriter, a: BipAddress): void {
  writeIp(w, a.address);
  w.u16(a.port);
}

/** Encodes a message; the decode-only BDT/FDT messages are encoded too (for tests and a future client). */
export function encodeBvlc(m: BvlcMessage): Buffer {
  const w = new ByteWriter(64);
  switch (m.function) {
    case 'original-unicast':
    case 'original-broadcast':
    case 'distribute-broadcast': {
      const fn = {
        'original-unicast': BvlcFunction.ORIGINAL_UNICAST_NPDU,
        'original-broadcast': BvlcFunction.ORIGINAL_BROADCAST_NPDU,
        'distribute-broadcast': BvlcFunction.DISTRIBUTE_BROADCAST_TO_NETWORK,
      }[m.function];
      writeHeader(w, fn, m.npdu.length);
      w.bytes(m.npdu);
      break;
    }
    case 'forwarded':
      writeHeader(w, BvlcFunction.FORWARDED_NPDU, 6 + m.npdu.length);
      writeBip(w, m.origin);
      w.bytes(m.npdu);
      break;
    case 'register-foreign-device':
      writeHeader(w, BvlcFunction.REGISTER_FOREIGN_DEVICE, 2);
      w.u16(m.ttl);
      break;
    case 'result':
      writeHeader(w, BvlcFunction.RESULT, 2);
      w.u16(m.code);
      break;
    case 'write-bdt':
    case 'read-bdt-ack':
      writeHeader(
        w,
        m.function === 'write-bdt' ? BvlcFunction.WRITE_BDT : BvlcFunction.READ_BDT_ACK,
        10 * m.entries.length,
      );
      for (const e of m.entries) {
        writeBip(w, e);
        writeIp(w, e.mask);
      }
      break;
    case 'read-fdt-ack':
      writeHeader(w, BvlcFunction.READ_FDT_ACK, 10 * m.entries.length);
      for (const e of m.entries) {
        writeBip(w, e);
        w.u16(e.ttl).u16(e.remaining);
      }
      break;
    case 'read-bdt':
    case 'read-fdt':
      writeHeader(w, m.function === 'read-bdt' ? BvlcFunction.READ_BDT : BvlcFunction.READ_FDT, 0);
      break;
    case 'delete-fdt-entry':
      writeHeader(w, BvlcFunction.DELETE_FDT_ENTRY, 6);
      writeBip(w, m.entry);
      break;
  }
  return w.toBuffer();
}

function readIp(r: ByteReader): string {
  return `${r.u8()}.${r.u8()}.${r.u8()}.${r.u8()}`;
}

function readBip(r: ByteReader): BipAddress {
  return { address: readIp(r), port: r.u16() };
}

function fixedBody(r: ByteReader, want: number, what: string): void {
  if (r.remaining !== want) malformed(`${what}: body of ${r.remaining} octets (${want} expected)`, r.pos);
}

function entries<T>(r: ByteReader, what: string, read: () => T): T[] {
  if (r.remaining % 10 !== 0)
    malformed(`${what}: body of ${r.remaining} octets is not a list of entries`, r.pos);
  const out: T[] = [];
  while (!r.atEnd) out.push(read());
  return out;
}

/** Decodes one UDP datagram's BVLC message; its length field must match the datagram. */
export function decodeBvlc(datagram: Uint8Array): Decoded<BvlcMessage> {
  return decodeSafely(() => {
    const head = new ByteReader(datagram);
    const type = head.u8();
    if (type !== BVLC_TYPE_BIP) unsupported(`BVLC type 0x${type.toString(16)} is not BACnet/IP`, 0);
    const fn = head.u8();
    const length = head.u16();
    if (length !== datagram.length || length < BVLC_HEADER_LENGTH) {
      malformed(`BVLC length ${length} but datagram of ${datagram.length} octets`, 2);
    }
    const r = new ByteReader(datagram, BVLC_HEADER_LENGTH, length);
    switch (fn) {
      case BvlcFunction.ORIGINAL_UNICAST_NPDU:
        return { function: 'original-unicast', npdu: r.rest() };
      case BvlcFunction.ORIGINAL_BROADCAST_NPDU:
        return { function: 'original-broadcast', npdu: r.rest() };
      case BvlcFunction.DISTRIBUTE_BROADCAST_TO_NETWORK:
        return { function: 'distribute-broadcast', npdu: r.rest() };
      case BvlcFunction.FORWARDED_NPDU:
        return { function: 'forwarded', origin: readBip(r), npdu: r.rest() };
      case BvlcFunction.REGISTER_FOREIGN_DEVICE:
        fixedBody(r, 2, 'Register-Foreign-Device');
        return { function: 'register-foreign-device', ttl: r.u16() };
      case BvlcFunction.RESULT:
        fixedBody(r, 2, 'BVLC-Result');
        return { function: 'result', code: r.u16() };
      case BvlcFunction.WRITE_BDT:
      case BvlcFunction.READ_BDT_ACK:
        return {
          function: fn === BvlcFunction.WRITE_BDT ? 'write-bdt' : 'read-bdt-ack',
          entries: entries(r, 'BDT', () => ({ ...readBip(r), mask: readIp(r) })),
        };
      case BvlcFunction.READ_FDT_ACK:
        return {
          function: 'read-fdt-ack',
          entries: entries(r, 'FDT', () => ({ ...readBip(r), ttl: r.u16(), remaining: r.u16() })),
        };
      case BvlcFunction.READ_BDT:
      case BvlcFunction.READ_FDT:
        fixedBody(r, 0, 'Read-BDT/FDT');
        return { function: fn === BvlcFunction.READ_BDT ? 'read-bdt' : 'read-fdt' };
      case BvlcFunction.DELETE_FDT_ENTRY:
        fixedBody(r, 6, 'Delete-Foreign-Device-Table-Entry');
        return { function: 'delete-fdt-entry', entry: readBip(r) };
      default:
        return unsupported(`BVLC function 0x${fn.toString(16)} is not supported`, 1);
    }
  });
}
