// Response PDUs: written by the server, read by the client. Reads carry bits (LSB first) or big-endian
// registers; single writes echo the request; multiple writes echo address and quantity; an exception is the
// function code with its high bit set and the exception code.

import { type ExceptionCode, FC } from './constants.js';

/** FC 1 / 2: `count` bits from `bits` (one byte per bit, 0 or 1), packed LSB first. */
export function encodeBits(fc: number, bits: Uint8Array, count: number): Buffer {
  const bytes = Math.ceil(count / 8);
  const out = Buffer.alloc(2 + bytes);
  out[0] = fc;
  out[1] = bytes;
  for (let i = 0; i < count; i++)
    if (bits[i]) out[2 + (i >> 3)] = (out[2 + (i >> 3)] as number) | (1 << (i & 7));
  return out;
}

/** FC 3 / 4: `count` registers from `registers`. */
export function encodeRegisters(fc: number, registers: Uint16Array, count: number): Buffer {
  const out = Buffer.allocUnsafe(2 + 2 * count);
  out[0] = fc;
  out[1] = 2 * count;
  // Byte by byte: writeUInt16BE checks its arguments on every call, and this runs for every read.
  for (let i = 0, at = 2; i < count; i++, at += 2) {
    const register = registers[i] as number;
    out[at] = register >>> 8;
    out[at + 1] = register & 0xff;
  }
  return out;
}

/** FC 5 / 6 echo the address and the value; FC 15 / 16 the address and the quantity. */
export function encodeWriteAnswer(fc: number, address: number, valueOrQuantity: number): Buffer {
  const out = Buffer.allocUnsafe(5);
  out[0] = fc;
  out.writeUInt16BE(address, 1);
  out.writeUInt16BE(valueOrQuantity, 3);
  return out;
}

export function encodeException(fc: number, code: ExceptionCode): Buffer {
  return Buffer.from([(fc | 0x80) & 0xff, code]);
}

/** What a response says, as the client reads it. */
export type Response =
  | { kind: 'exception'; fc: number; exception: number }
  | { kind: 'bits'; fc: number; bits: boolean[] }
  | { kind: 'registers'; fc: number; registers: Uint16Array }
  | { kind: 'written'; fc: number; address: number; value: number }
  | {
      kind: 'device-id';
      fc: number;
      code: number;
      conformity: number;
      moreFollows: boolean;
      nextObjectId: number;
      objects: Map<number, string>;
    }
  | { kind: 'malformed'; fc: number; message: string };

/** The response in `pdu` (client side); `bitCount` trims the padding of a bit read. */
export function decodeResponse(pdu: Buffer, bitCount = Number.POSITIVE_INFINITY): Response {
  const fc = pdu[0] ?? 0;
  const malformed = (message: string): Response => ({ kind: 'malformed', fc, message });
  if (fc & 0x80) {
    if (pdu.length !== 2) return malformed('an exception takes 2 bytes');
    return { kind: 'exception', fc: fc & 0x7f, exception: pdu[1] as number };
  }
  switch (fc) {
    case FC.readCoils:
    case FC.readDiscreteInputs: {
      const bytes = pdu[1] ?? -1;
      if (pdu.length !== 2 + bytes) return malformed('byte count does not match the length');
      const bits = Array.from(
        { length: Math.min(bytes * 8, bitCount) },
        (_, i) => (((pdu[2 + (i >> 3)] as number) >> (i & 7)) & 1) === 1,
      );
      return { kind: 'bits', fc, bits };
    }
    case FC.readHoldingRegisters:
    case FC.readInputRegisters: {
      const bytes = pdu[1] ?? -1;
      if (pdu.length !== 2 + bytes || bytes % 2 !== 0)
        return malformed('byte count does not match the length');
      const registers = new Uint16Array(bytes / 2);
      for (let i = 0; i < registers.length; i++) registers[i] = pdu.readUInt16BE(2 + 2 * i);
      return { kind: 'registers', fc, registers };
    }
    case FC.writeSingleCoil:
    case FC.writeSingleRegister:
    case FC.writeMultipleCoils:
    case FC.writeMultipleRegisters:
      if (pdu.length !== 5) return malformed('a write answer takes 5 bytes');
      return { kind: 'written', fc, address: pdu.readUInt16BE(1), value: pdu.readUInt16BE(3) };
    case FC.encapsulatedInterface:
      return decodeDeviceId(pdu) ?? malformed('cannot read the device identification');
    default:
      return malformed(`function code ${fc} is not known`);
  }
}

function decodeDeviceId(pdu: Buffer): Response | null {
  if (pdu.length < 7) return null;
  const objects = new Map<number, string>();
  let at = 7;
  for (let i = 0; i < (pdu[6] as number); i++) {
    if (at + 2 > pdu.length) return null;
    const id = pdu[at] as number;
    const length = pdu[at + 1] as number;
    if (at + 2 + length > pdu.length) return null;
    objects.set(id, pdu.toString('latin1', at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (at !== pdu.length) return null;
  return {
    kind: 'device-id',
    fc: FC.encapsulatedInterface,
    code: pdu[2] as number,
    conformity: pdu[3] as number,
    moreFollows: pdu[4] === 0xff,
    nextObjectId: pdu[5] as number,
    objects,
  };
}
