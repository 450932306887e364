// Request PDUs: read from the wire by the server (with the checks the spec puts before any address is
// looked at: function, length, quantity, address overflow) and written by the client.

import {
  ADDRESS_SPACE,
  COIL_OFF,
  COIL_ON,
  EXCEPTION,
  type ExceptionCode,
  FC,
  LIMITS,
  MEI_READ_DEVICE_ID,
} from './constants.js';

export type ReadFunction =
  | typeof FC.readCoils
  | typeof FC.readDiscreteInputs
  | typeof FC.readHoldingRegisters
  | typeof FC.readInputRegisters;

export type Request =
  | { fc: ReadFunction; address: number; quantity: number }
  | { fc: typeof FC.writeSingleCoil; address: number; value: boolean }
  | { fc: typeof FC.writeSingleRegister; address: number; value: number }
  | { fc: typeof FC.writeMultipleCoils; address: number; values: boolean[] }
  | { fc: typeof FC.writeMultipleRegisters; address: number; values: Uint16Array }
  | { fc: typeof FC.encapsulatedInterface; mei: typeof MEI_READ_DEVICE_ID; code: number; objectId: number };

/** A request that cannot be served, and the exception that answers it. */
export interface Refusal {
  fc: number;
  exception: ExceptionCode;
  message: string;
}

const refuse = (fc: number, exception: ExceptionCode, message: string): Refusal => ({
  fc,
  exception,
  message,
});

const READ_LIMIT: Record<ReadFunction, number> = {
  [FC.readCoils]: LIMITS.readBits,
  [FC.readDiscreteInputs]: LIMITS.readBits,
  [FC.readHoldingRegisters]: LIMITS.readRegisters,
  [FC.readInputRegisters]: LIMITS.readRegisters,
};

function quantityProblem(fc: number, quantity: number, limit: number, address: number): Refusal | null {
  if (quantity < 1 || quantity > limit)
    return refuse(fc, EXCEPTION.illegalDataValue, `quantity ${quantity} is outside 1–${limit}`);
  if (address + quantity > ADDRESS_SPACE)
    return refuse(fc, EXCEPTION.illegalDataAddress, `addresses ${address}+${quantity} run past 65535`);
  return null;
}

function badLength(fc: number, length: number): Refusal {
  return refuse(fc, EXCEPTION.illegalDataValue, `a function ${fc} request of ${length} bytes is malformed`);
}

/** The request in `pdu`, or the exception that answers it. */
export function decodeRequest(pdu: Buffer): Request | Refusal {
  const fc = pdu[0] as number;
  const length = pdu.length;
  switch (fc) {
    case FC.readCoils:
    case FC.readDiscreteInputs:
    case FC.readHoldingRegisters:
    case FC.readInputRegisters: {
      if (length !== 5) return badLength(fc, length);
      const address = pdu.readUInt16BE(1);
      const quantity = pdu.readUInt16BE(3);
      return quantityProblem(fc, quantity, READ_LIMIT[fc], address) ?? { fc, address, quantity };
    }
    case FC.writeSingleCoil: {
      if (length !== 5) return badLength(fc, length);
      const raw = pdu.readUInt16BE(3);
      if (raw !== COIL_ON && raw !== COIL_OFF)
        return refuse(
          fc,
          EXCEPTION.illegalDataValue,
          `coil value 0x${raw.toString(16)} is neither FF00 nor 0000`,
        );
      return { fc, address: pdu.readUInt16BE(1), value: raw === COIL_ON };
    }
    case FC.writeSingleRegister:
      if (length !== 5) return badLength(fc, length);
      return { fc, address: pdu.readUInt16BE(1), value: pdu.readUInt16BE(3) };
    case FC.writeMultipleCoils: {
      if (length < 6) return badLength(fc, length);
      const address = pdu.readUInt16BE(1);
      const quantity = pdu.readUInt16BE(3);
      const bytes = pdu[5] as number;
      if (quantity >= 1 && quantity <= LIMITS.writeBits && bytes !== Math.ceil(quantity / 8))
        return refuse(fc, EXCEPTION.illegalDataValue, `${bytes} bytes cannot carry ${quantity} coils`);
      const problem = quantityProblem(fc, quantity, LIMITS.writeBits, address);
      if (problem) return problem;
      if (length !== 6 + bytes) return badLength(fc, length);
      const values = Array.from(
        { length: quantity },
        (_, i) => (((pdu[6 + (i >> 3)] as number) >> (i & 7)) & 1) === 1,
      );
      return { fc, address, values };
    }
    case FC.writeMultipleRegisters: {
      if (length < 6) return badLength(fc, length);
      const address = pdu.readUInt16BE(1);
      const quantity = pdu.readUInt16BE(3);
      const bytes = pdu[5] as number;
      if (quantity >= 1 && quantity <= LIMITS.writeRegisters && bytes !== quantity * 2)
        return refuse(fc, EXCEPTION.illegalDataValue, `${bytes} bytes cannot carry ${quantity} registers`);
      const problem = quantityProblem(fc, quantity, LIMITS.writeRegisters, address);
      if (problem) return problem;
      if (length !== 6 + bytes) return badLength(fc, length);
      const values = new Uint16Array(quantity);
      for (let i = 0; i < quantity; i++) values[i] = pdu.readUInt16BE(6 + 2 * i);
      return { fc, address, values };
    }
    case FC.encapsulatedInterface: {
      if (length < 2) return badLength(fc, length);
      const mei = pdu[1] as number;
      if (mei !== MEI_READ_DEVICE_ID)
        return refuse(
          fc,
          EXCEPTION.illegalFunction,
          `MEI type ${mei} is not served (only 14, device identification)`,
        );
      if (length !== 4) return badLength(fc, length);
      const code = pdu[2] as number;
      if (code < 1 || code > 4)
        return refuse(fc, EXCEPTION.illegalDataValue, `read device id code ${code} is outside 1–4`);
      return { fc, mei, code, objectId: pdu[3] as number };
    }
    default:
      return refuse(fc & 0x7f, EXCEPTION.illegalFunction, `function code ${fc} is not served`);
  }
}

export function isRefusal(x: Request | Refusal): x is Refusal {
  return 'exception' in x;
}

/** The PDU of a request (client side). */
export function encodeRequest(request: Request): Buffer {
  switch (request.fc) {
    case FC.readCoils:
    case FC.readDiscreteInputs:
    case FC.readHoldingRegisters:
    case FC.readInputRegisters:
      return pdu5(request.fc, request.address, request.quantity);
    case FC.writeSingleCoil:
      return pdu5(request.fc, request.address, request.value ? COIL_ON : COIL_OFF);
    case FC.writeSingleRegister:
      return pdu5(request.fc, request.address, request.value);
    case FC.writeMultipleCoils: {
      const bytes = Math.ceil(request.values.length / 8);
      const out = Buffer.alloc(6 + bytes);
      out[0] = request.fc;
      out.writeUInt16BE(request.address, 1);
      out.writeUInt16BE(request.values.length, 3);
      out[5] = bytes;
      request.values.forEach((on, i) => {
        if (on) out[6 + (i >> 3)] = (out[6 + (i >> 3)] as number) | (1 << (i & 7));
      });
      return out;
    }
    case FC.writeMultipleRegisters: {
      const out = Buffer.allocUnsafe(6 + 2 * request.values.length);
      out[0] = request.fc;
      out.writeUInt16BE(request.address, 1);
      out.writeUInt16BE(request.values.length, 3);
      out[5] = 2 * request.values.length;
      for (let i = 0; i < request.values.length; i++)
        out.writeUInt16BE(request.values[i] as number, 6 + 2 * i);
      return out;
    }
    case FC.encapsulatedInterface:
      return Buffer.from([request.fc, request.mei, request.code, request.objectId]);
  }
}

function pdu5(fc: number, a: number, b: number): Buffer {
  const out = Buffer.allocUnsafe(5);
  out[0] = fc;
  out.writeUInt16BE(a & 0xffff, 1);
  out.writeUInt16BE(b & 0xffff, 3);
  return out;
}
