// Modbus register of every point: the explicit `Modbus Register` cell (Modicon reference, 1-based) when
// given, else a deterministic slot from 30501 (read-only) or 40501 (writable) that collides with nothing.

import type { Point, PointType } from '../../points/model.js';
import { getOrCreate } from '../../util/maps.js';
import type { ModbusAddress, ModbusEncoding, ModbusTable } from './modbus-address.js';

const TABLE_DIGIT: Record<ModbusTable, number> = { coil: 0, discrete: 1, input: 3, holding: 4 };
const DIGIT_TABLE: Record<string, ModbusTable> = {
  '0': 'coil',
  '1': 'discrete',
  '3': 'input',
  '4': 'holding',
};
const HINTS: Record<string, ModbusEncoding> = {
  float: 'float32',
  float32: 'float32',
  real: 'float32',
  ieee754: 'float32',
  uint32: 'uint32',
  unsigned: 'uint32',
  int32: 'int32',
  signed: 'int32',
  string: 'string',
  ascii: 'string',
  text: 'string',
};

/** Largest 0-based address a table has. */
export const MAX_MODBUS_ADDRESS = 65_535;
/** Where automatic assignment starts in the input and holding tables (references 30501 and 40501). */
export const AUTO_START_ADDRESS = 500;
/** Registers given to a text point when assigned automatically: 32 ASCII bytes. */
export const AUTO_STRING_REGISTERS = 16;

export interface ModbusRef {
  table: ModbusTable;
  address: number;
  count: number;
  /** Encoding named in brackets after the reference, e.g. `(Float)`. */
  hint: ModbusEncoding | null;
}

export type ParsedModbus = ({ ok: true } & ModbusRef) | { ok: false; message: string };

function parseOne(ref: string): { table: ModbusTable; address: number } | string {
  if (!/^\d{5,6}$/.test(ref)) return `'${ref}' is not a Modicon reference (5 or 6 digits, e.g. 40001)`;
  const table = DIGIT_TABLE[ref[0] as string];
  if (!table)
    return `'${ref}' names no Modbus table (0xxxx coil, 1xxxx discrete input, 3xxxx input, 4xxxx holding)`;
  const offset = Number(ref.slice(1));
  if (offset < 1) return `'${ref}' is below the first reference of its table (references are 1-based)`;
  if (offset - 1 > MAX_MODBUS_ADDRESS) return `'${ref}' is beyond the last Modbus address`;
  return { table, address: offset - 1 };
}

/** `40001`, `40001-40002 (Float)`, `00001`, `300001` → table, wire address, count and hint. */
export function parseModbusReference(text: string): ParsedModbus {
  const m = /^\s*(\d+)\s*(?:(?:-|–|à|to)\s*(\d+))?\s*(?:\(\s*([^)]*?)\s*\))?\s*$/i.exec(text);
  if (!m)
    return {
      ok: false,
      message: `cannot read Modbus register '${text}' (expected e.g. 40001 or 40001-40002 (Float))`,
    };
  const first = parseOne(m[1] ?? '');
  if (typeof first === 'string') return { ok: false, message: first };
  let count = 1;
  if (m[2] !== undefined) {
    const last = parseOne(m[2]);
    if (typeof last === 'string') return { ok: false, message: last };
    if (last.table !== first.table) return { ok: false, message: `'${text}' spans two Modbus tables` };
    if (last.address < first.address) return { ok: false, message: `'${text}' ends before it starts` };
    count = last.address - first.address + 1;
  }
  let hint: ModbusEncoding | null = null;
  if (m[3] !== undefined && m[3] !== '') {
    hint = HINTS[m[3].toLowerCase().replace(/[\s-]/g, '')] ?? null;
    if (hint === null)
      return {
        ok: false,
        message: `unknown Modbus encoding '(${m[3]})' in '${text}' (known: Float, Int32, UInt32, String)`,
      };
  }
  return { ok: true, table: first.table, address: first.address, count, hint };
}

/** Modicon reference of a wire address: 5 digits while they reach, else 6 (`409999` style). */
export function formatReference(table: ModbusTable, address: number): string {
  const digit = TABLE_DIGIT[table];
  if (address + 1 <= 9999) return `${digit}${String(address + 1).padStart(4, '0')}`;
  return `${digit}${String(address + 1).padStart(5, '0')}`;
}

export function isBitTable(table: ModbusTable): boolean {
  return table === 'coil' || table === 'discrete';
}

export function isWritableTable(table: ModbusTable): boolean {
  return table === 'coil' || table === 'holding';
}

/** The 16-bit scale s ∈ {100, 10, 1}, the largest that keeps round(min·s) and round(max·s) in the type. */
export function scaleFor16(min: number, max: number, signed: boolean): number | null {
  const [lo, hi] = signed ? [-32_768, 32_767] : [0, 65_535];
  for (const s of [100, 10, 1]) {
    if (Math.round(min * s) >= lo && Math.round(max * s) <= hi) return s;
  }
  return null;
}

type Encoded = { ok: true; encoding: ModbusEncoding; scale: number } | { ok: false; message: string };

type Encodable = Pick<Point, 'type' | 'min' | 'max' | 'enum'>;

/** Encoding of a point at an explicit reference, or why the registers cannot hold it. */
export function encodingAt(point: Encodable, ref: ModbusRef): Encoded {
  const { type } = point;
  if (isBitTable(ref.table)) {
    if (type !== 'bool' && type !== 'action') {
      return {
        ok: false,
        message: `a ${ref.table === 'coil' ? 'coil' : 'discrete input'} holds booleans only, not a ${type} point`,
      };
    }
    if (ref.count !== 1) return { ok: false, message: `a boolean takes one ${ref.table}, not ${ref.count}` };
    return { ok: true, encoding: 'bool', scale: 1 };
  }
  const hint = ref.hint;
  if (type === 'string') {
    if (hint !== null && hint !== 'string')
      return { ok: false, message: `a string point cannot be encoded as ${hint}` };
    return { ok: true, encoding: 'string', scale: 1 };
  }
  if (hint === 'string') return { ok: false, message: `(String) registers cannot hold a ${type} point` };
  if (type === 'bool' || type === 'action' || type === 'enum') {
    if (ref.count !== 1 || hint !== null)
      return { ok: false, message: `a ${type} point takes exactly one register` };
    return { ok: true, encoding: type === 'enum' ? 'enum' : 'bool', scale: 1 };
  }
  if (type === 'datetime') {
    if (ref.count !== 2 || (hint !== null && hint !== 'uint32')) {
      return { ok: false, message: 'a date-time takes two registers (uint32 epoch seconds)' };
    }
    return { ok: true, encoding: 'datetime', scale: 1 };
  }
  return numberEncoding(point, ref);
}

function numberEncoding(point: Encodable, ref: ModbusRef): Encoded {
  const { min, max } = point;
  const signed = min !== null && min < 0;
  if (ref.count === 1) {
    if (ref.hint !== null) return { ok: false, message: `(${ref.hint}) needs two registers, not one` };
    if (min === null || max === null) {
      return { ok: false, message: 'a number in one register needs a range to choose its 16-bit scale' };
    }
    const scale = scaleFor16(min, max, signed);
    if (scale === null) {
      return {
        ok: false,
        message: `range ${min} to ${max} does not fit a ${signed ? 'int16' : 'uint16'} register, even unscaled`,
      };
    }
    return { ok: true, encoding: signed ? 'int16' : 'uint16', scale };
  }
  if (ref.count === 2) {
    if (ref.hint === 'float32') return { ok: true, encoding: 'float32', scale: 1 };
    const encoding: ModbusEncoding = ref.hint ?? (signed ? 'int32' : 'uint32');
    const [lo, hi] = encoding === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
    if ((min !== null && Math.round(min) < lo) || (max !== null && Math.round(max) > hi)) {
      return { ok: false, message: `range ${min} to ${max} does not fit ${encoding}` };
    }
    return { ok: true, encoding, scale: 1 };
  }
  return { ok: false, message: `a number takes one or two registers, not ${ref.count}` };
}

/** Table, size and encoding of an unmapped point. */
export function autoSlot(
  type: PointType,
  writable: boolean,
): { table: ModbusTable; count: number; encoding: ModbusEncoding } {
  const table: ModbusTable = writable ? 'holding' : 'input';
  switch (type) {
    case 'number':
      return { table, count: 2, encoding: 'float32' };
    case 'bool':
    case 'action':
      return { table, count: 1, encoding: 'bool' };
    case 'enum':
      return { table, count: 1, encoding: 'enum' };
    case 'string':
      return { table, count: AUTO_STRING_REGISTERS, encoding: 'string' };
    case 'datetime':
      return { table, count: 2, encoding: 'datetime' };
  }
}

export interface ModbusRequest {
  type: PointType;
  writable: boolean;
  /** The explicit address with its encoding already checked, or null to assign one. */
  explicit: (ModbusRef & { encoding: ModbusEncoding; scale: number }) | null;
}

/** Explicit addresses as given; the rest in list order on the first free span at or after the start. */
export function assignModbus(requests: ModbusRequest[]): Array<ModbusAddress | null> {
  // One byte per register of each table: 1 once a point holds it.
  const occupied = new Map<ModbusTable, Uint8Array>();
  const registers = (table: ModbusTable) =>
    getOrCreate(occupied, table, () => new Uint8Array(MAX_MODBUS_ADDRESS + 1));
  for (const r of requests) {
    if (r.explicit)
      registers(r.explicit.table).fill(1, r.explicit.address, r.explicit.address + r.explicit.count);
  }
  const cursor = new Map<ModbusTable, number>();
  return requests.map((r) => {
    if (r.explicit) {
      const { table, address, count, encoding, scale } = r.explicit;
      return {
        table,
        address,
        reference: formatReference(table, address),
        count,
        encoding,
        scale,
        auto: false,
      };
    }
    const slot = autoSlot(r.type, r.writable);
    const used = registers(slot.table);
    let address = cursor.get(slot.table) ?? AUTO_START_ADDRESS;
    for (let a = address; a < address + slot.count && a <= MAX_MODBUS_ADDRESS; a++) {
      if (used[a]) address = a + 1; // restart the span just past the taken register
    }
    if (address + slot.count - 1 > MAX_MODBUS_ADDRESS) return null;
    used.fill(1, address, address + slot.count);
    cursor.set(slot.table, address + slot.count);
    return {
      table: slot.table,
      address,
      reference: formatReference(slot.table, address),
      count: slot.count,
      encoding: slot.encoding,
      scale: 1,
      auto: true,
    };
  });
}

/** `40001` or `40001-40002` for display. */
export function formatModbusSpan(address: Pick<ModbusAddress, 'table' | 'address' | 'count'>): string {
  const first = formatReference(address.table, address.address);
  return address.count === 1
    ? first
    : `${first}-${formatReference(address.table, address.address + address.count - 1)}`;
}
