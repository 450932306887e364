// A point's value ↔ its registers, exactly as docs/points-list.md encodes them: float32, uint32 and int32
// pairs (high word first unless the device says low-first), scaled int16/uint16, enum index, booleans 0/1,
// ASCII text two bytes a register (high byte first, NUL-padded), date-times as uint32 epoch seconds.
// The server encodes what it serves and decodes what masters write; a Modbus client does the reverse.

import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import type { ModbusAddress } from './modbus-address.js';

/** Order of the two registers of a 32-bit value: `high-first` (ABCD, the default) or `low-first` (CDAB). */
export type WordOrder = 'high-first' | 'low-first';
export const WORD_ORDERS: readonly WordOrder[] = ['high-first', 'low-first'];

/** What the codec needs of a point. */
export type CodecPoint = Pick<Point, 'name' | 'type' | 'enum'>;
/** What the codec needs of its address. */
export type Slot = Pick<ModbusAddress, 'encoding' | 'count' | 'scale'>;

export type Decoded = { ok: true; value: Value } | { ok: false; message: string };

const scratch = new DataView(new ArrayBuffer(4));

/** Register value of an enum word that is not in the list (never expected: the runtime keeps enums valid). */
export const UNKNOWN_ENUM = 0xffff;

function clamp(n: number, lo: number, hi: number): number {
  if (Number.isNaN(n)) return 0;
  return n < lo ? lo : n > hi ? hi : n;
}

function put32(bits: number, order: WordOrder, out: Uint16Array, at: number): void {
  const high = (bits >>> 16) & 0xffff;
  const low = bits & 0xffff;
  out[at] = order === 'high-first' ? high : low;
  out[at + 1] = order === 'high-first' ? low : high;
}

function get32(regs: ArrayLike<number>, at: number, order: WordOrder): number {
  const a = regs[at] as number;
  const b = regs[at + 1] as number;
  return order === 'high-first' ? ((a << 16) | b) >>> 0 : ((b << 16) | a) >>> 0;
}

function asNumber(value: Value): number {
  return typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
}

/** Writes the `slot.count` registers of `value` into `out` from `at`. */
export function encodeValue(
  point: CodecPoint,
  slot: Slot,
  value: Value,
  order: WordOrder,
  out: Uint16Array,
  at: number,
): void {
  switch (slot.encoding) {
    case 'float32':
      scratch.setFloat32(0, asNumber(value));
      put32(scratch.getUint32(0), order, out, at);
      return;
    case 'uint16':
      out[at] = clamp(Math.round(asNumber(value) * slot.scale), 0, 0xffff);
      return;
    case 'int16':
      out[at] = clamp(Math.round(asNumber(value) * slot.scale), -0x8000, 0x7fff) & 0xffff;
      return;
    case 'uint32':
      put32(clamp(Math.round(asNumber(value)), 0, 0xffffffff), order, out, at);
      return;
    case 'int32':
      put32(clamp(Math.round(asNumber(value)), -0x80000000, 0x7fffffff) >>> 0, order, out, at);
      return;
    case 'datetime': {
      const ms = typeof value === 'string' ? Date.parse(value) : asNumber(value);
      put32(clamp(Math.floor(ms / 1000), 0, 0xffffffff), order, out, at);
      return;
    }
    case 'bool':
      out[at] = value === true || value === 1 ? 1 : 0;
      return;
    case 'enum': {
      const index = point.enum?.indexOf(String(value)) ?? -1;
      out[at] = index >= 0 ? index : UNKNOWN_ENUM;
      return;
    }
    case 'string':
      encodeText(String(value), slot.count, out, at);
      return;
  }
}

/** ASCII, two bytes a register, high byte first, NUL-padded and cut to the registers; other characters `?`. */
function encodeText(text: string, count: number, out: Uint16Array, at: number): void {
  const byte = (i: number) => {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    return c > 0x7e || (c < 0x20 && c !== 0) ? 0x3f : c;
  };
  for (let r = 0; r < count; r++) out[at + r] = (byte(2 * r) << 8) | byte(2 * r + 1);
}

/** The value the registers from `at` carry, in the point's natural form, or why they carry none. */
export function decodeValue(
  point: CodecPoint,
  slot: Slot,
  regs: ArrayLike<number>,
  at: number,
  order: WordOrder,
): Decoded {
  const reg = regs[at] as number;
  switch (slot.encoding) {
    case 'float32': {
      scratch.setUint32(0, get32(regs, at, order));
      const n = scratch.getFloat32(0);
      if (!Number.isFinite(n)) return { ok: false, message: `${point.name} takes a finite number, not ${n}` };
      return { ok: true, value: tidyFloat(n) };
    }
    case 'uint16':
      return { ok: true, value: reg / slot.scale };
    case 'int16':
      return { ok: true, value: (reg >= 0x8000 ? reg - 0x10000 : reg) / slot.scale };
    case 'uint32':
      return { ok: true, value: get32(regs, at, order) };
    case 'int32':
      return { ok: true, value: get32(regs, at, order) | 0 };
    case 'datetime':
      return { ok: true, value: new Date(get32(regs, at, order) * 1000).toISOString() };
    case 'bool':
      if (reg > 1) return { ok: false, message: `${point.name} takes 0 or 1, not ${reg}` };
      return { ok: true, value: reg === 1 };
    case 'enum': {
      const word = point.enum?.[reg];
      if (word === undefined)
        return {
          ok: false,
          message: `${point.name} takes an index 0–${(point.enum?.length ?? 0) - 1} (${point.enum?.join(', ')}), not ${reg}`,
        };
      return { ok: true, value: word };
    }
    case 'string':
      return decodeText(point, regs, at, slot.count);
  }
}

/** The shortest decimal that rounds to the same float32, so that 21.5 stays 21.5 and 0.1 reads 0.1. */
export function tidyFloat(n: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(n.toPrecision(digits));
    if (Math.fround(candidate) === n) return candidate;
  }
  return n;
}

function decodeText(point: CodecPoint, regs: ArrayLike<number>, at: number, count: number): Decoded {
  let text = '';
  for (let i = 0; i < 2 * count; i++) {
    const reg = regs[at + (i >> 1)] as number;
    const c = i & 1 ? reg & 0xff : reg >> 8;
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e)
      return { ok: false, message: `${point.name} takes printable ASCII text, not byte 0x${c.toString(16)}` };
    text += String.fromCharCode(c);
  }
  return { ok: true, value: text };
}

/** Whether a master must read or write the slot's registers together (a 32-bit value, never half of it). */
export function isPair(slot: Pick<Slot, 'encoding'>): boolean {
  return (
    slot.encoding === 'float32' ||
    slot.encoding === 'uint32' ||
    slot.encoding === 'int32' ||
    slot.encoding === 'datetime'
  );
}
