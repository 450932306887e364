// FC 1–4: a block of bits or registers of one device, filled from the point store. Every address must belong
// to a point (or, with the zero-gaps option, lie between mapped ones); a block may not cut a 32-bit value;
// a point with no current value (a real device down or not read yet) refuses the read (0B or 04).

import type { PointStatus, PointsService } from '../../runtime/services/services.js';
import type { Span, TableMap } from './address-map.js';
import { EXCEPTION, type ExceptionCode, type OfflineException } from './constants.js';
import type { ModbusTable } from './modbus-address.js';
import { encodeValue, isPair } from './register-codec.js';
import type { UnitBinding } from './units.js';

export interface ModbusFault {
  exception: ExceptionCode;
  message: string;
}

const TABLE_NAME: Record<ModbusTable, string> = {
  coil: 'coil',
  discrete: 'discrete input',
  input: 'input register',
  holding: 'holding register',
};

export function unmapped(binding: UnitBinding, table: ModbusTable, address: number): ModbusFault {
  return {
    exception: EXCEPTION.illegalDataAddress,
    message: `unit ${binding.unit} (${binding.device.id}) has no ${TABLE_NAME[table]} at address ${address}`,
  };
}

/** A point with no current value: its real device is down or has not answered yet. */
function offline(binding: UnitBinding, span: Span, exception: OfflineException): ModbusFault {
  return {
    exception,
    message: `${span.point.name} of ${binding.device.id} has no current value (the device is down or not read yet)`,
  };
}

/** Statuses of a point whose value is not the device's current one: such a read is refused. */
const isOffline = (status: PointStatus) => status === 'down' || status === 'unknown';

export function split(binding: UnitBinding, span: Span): ModbusFault {
  return {
    exception: EXCEPTION.illegalDataAddress,
    message: `${span.point.name} of ${binding.device.id} takes addresses ${span.address}–${span.address + 1} together: a request may not cut it in half`,
  };
}

/**
 * Why `[address, address + quantity)` cannot be read: an unmapped address (unless `gaps` allows inner ones),
 * or else, when `pairs`, a 32-bit value cut at either end. Null when the block is fine. Plain loops, no
 * callbacks: every read runs this.
 */
function blockProblem(
  binding: UnitBinding,
  tableName: ModbusTable,
  address: number,
  quantity: number,
  gaps: boolean,
  pairs: boolean,
): ModbusFault | null {
  const table: TableMap = binding.map[tableName];
  const spans = table.spans;
  const end = address + quantity;
  let i = table.firstEndingAfter(address);
  let pos = address;
  let cut: Span | null = null;
  while (pos < end) {
    const span = spans[i];
    if (span !== undefined && span.address <= pos) {
      if (
        pairs &&
        cut === null &&
        (span.address < address || span.address + span.count > end) &&
        isPair(span.registers)
      )
        cut = span;
      pos = span.address + span.count;
      i++;
    } else {
      const gapEnd = Math.min(span?.address ?? end, end);
      if (!gaps || !table.isInnerGap(pos, gapEnd)) return unmapped(binding, tableName, pos);
      pos = gapEnd;
    }
  }
  return cut ? split(binding, cut) : null;
}

/** FC 3 / 4: fills `out[0 … quantity)`; null, or why the block cannot be read. */
export function readRegisters(
  binding: UnitBinding,
  table: 'input' | 'holding',
  address: number,
  quantity: number,
  points: Pick<PointsService, 'read'>,
  out: Uint16Array,
  offlineException: OfflineException = EXCEPTION.gatewayTargetFailedToRespond,
): ModbusFault | null {
  // Every problem is found before anything is encoded: a bad block costs nothing.
  const problem = blockProblem(binding, table, address, quantity, binding.zeroGaps, true);
  if (problem) return problem;
  out.fill(0, 0, quantity);
  const end = address + quantity;
  const map = binding.map[table];
  const { spans } = map;
  // The block is fine: every span it touches, in address order (gaps, if any, stay 0).
  for (let i = map.firstEndingAfter(address); i < spans.length; i++) {
    const span = spans[i] as Span;
    if (span.address >= end) break;
    const { value, status } = points.read(binding.indices[span.position] as number);
    if (isOffline(status)) return offline(binding, span, offlineException);
    const slot = span.registers;
    if (span.address >= address && span.address + span.count <= end) {
      encodeValue(span.point, slot, value, binding.wordOrder, out, span.address - address);
      continue;
    }
    // Part of a text: encode it whole, copy the part asked for.
    const whole = new Uint16Array(span.count);
    encodeValue(span.point, slot, value, binding.wordOrder, whole, 0);
    const from = Math.max(address, span.address);
    const to = Math.min(end, span.address + span.count);
    out.set(whole.subarray(from - span.address, to - span.address), from - address);
  }
  return null;
}

/** FC 1 / 2: fills `out[0 … quantity)` with 0 or 1; null, or why the block cannot be read. */
export function readBits(
  binding: UnitBinding,
  table: 'coil' | 'discrete',
  address: number,
  quantity: number,
  points: Pick<PointsService, 'read'>,
  out: Uint8Array,
  offlineException: OfflineException = EXCEPTION.gatewayTargetFailedToRespond,
): ModbusFault | null {
  const problem = blockProblem(binding, table, address, quantity, binding.zeroGaps, false);
  if (problem) return problem;
  out.fill(0, 0, quantity);
  const end = address + quantity;
  const map = binding.map[table];
  const { spans } = map;
  for (let i = map.firstEndingAfter(address); i < spans.length; i++) {
    const span = spans[i] as Span;
    if (span.address >= end) break;
    const { value, status } = points.read(binding.indices[span.position] as number);
    if (isOffline(status)) return offline(binding, span, offlineException);
    const on = value === true ? 1 : 0;
    const from = Math.max(address, span.address);
    const to = Math.min(end, span.address + span.count);
    out.fill(on, from - address, to - address);
  }
  return null;
}
