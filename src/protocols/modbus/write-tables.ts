// FC 5, 6, 15, 16: what a write request means point by point. Every address must belong to a point that a
// master may write, whole (never half of a 32-bit value or part of a text), and every value must decode;
// the result is the list of point writes, or the exception that refuses the whole request.

import type { Value } from '../../runtime/services/services.js';
import type { Span } from './address-map.js';
import { EXCEPTION } from './constants.js';
import type { ModbusTable } from './modbus-address.js';
import { type ModbusFault, split, unmapped } from './read-tables.js';
import { decodeValue } from './register-codec.js';
import type { UnitBinding } from './units.js';

/** One point write of a request: a value for the write path, or a momentary action to run. */
export interface PointWrite {
  span: Span;
  /** Point-store index. */
  index: number;
  value: Value;
}

function readOnly(binding: UnitBinding, span: Span): ModbusFault {
  return {
    exception: EXCEPTION.illegalDataAddress,
    message: `${span.point.name} of ${binding.device.id} is a ${span.point.kind} point: it cannot be written`,
  };
}

/** The spans `[address, address + quantity)` covers exactly, each whole and writable, or the exception. */
function writableSpans(
  binding: UnitBinding,
  table: ModbusTable,
  address: number,
  quantity: number,
): Span[] | ModbusFault {
  const map = binding.map[table];
  const end = address + quantity;
  const spans: Span[] = [];
  let i = map.firstEndingAfter(address);
  let pos = address;
  while (pos < end) {
    const span = map.spans[i++];
    if (span === undefined || span.address > pos) return unmapped(binding, table, pos);
    if (span.address < address || span.address + span.count > end) {
      if (span.count === 2) return split(binding, span);
      return {
        exception: EXCEPTION.illegalDataAddress,
        message: `${span.point.name} of ${binding.device.id} takes addresses ${span.address}–${span.address + span.count - 1}: write them all at once`,
      };
    }
    if (!span.writable) return readOnly(binding, span);
    spans.push(span);
    pos = span.address + span.count;
  }
  return spans;
}

const badValue = (message: string): ModbusFault => ({ exception: EXCEPTION.illegalDataValue, message });

/**
 * FC 6 / 16: the point writes of `registers` from `address` in the holding table. A momentary action
 * written 0 is no write (it reads 0 anyway): masters that write back a block they read run nothing.
 */
export function planRegisterWrite(
  binding: UnitBinding,
  address: number,
  registers: Uint16Array,
): PointWrite[] | ModbusFault {
  const spans = writableSpans(binding, 'holding', address, registers.length);
  if (!Array.isArray(spans)) return spans;
  const writes: PointWrite[] = [];
  for (const span of spans) {
    const decoded = decodeValue(
      span.point,
      span.registers,
      registers,
      span.address - address,
      binding.wordOrder,
    );
    if (!decoded.ok) return badValue(decoded.message);
    if (span.point.type === 'action' && decoded.value === false) continue;
    writes.push({ span, index: binding.indices[span.position] as number, value: decoded.value });
  }
  return writes;
}

/** FC 5 / 15: the point writes of `bits` from `address` in the coil table (actions as above). */
export function planBitWrite(
  binding: UnitBinding,
  address: number,
  bits: boolean[],
): PointWrite[] | ModbusFault {
  const spans = writableSpans(binding, 'coil', address, bits.length);
  if (!Array.isArray(spans)) return spans;
  const writes: PointWrite[] = [];
  for (const span of spans) {
    const on = bits[span.address - address] === true;
    if (span.point.type === 'action' && !on) continue;
    writes.push({ span, index: binding.indices[span.position] as number, value: on });
  }
  return writes;
}
