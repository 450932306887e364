// The `Modbus Register` column of a points list's mappings: Modicon references (`40001-40002 (Float)`)
// checked against the point's value, overlapping registers refused, every other point on the first free
// span from 30501 or 40501 (modbus-map.ts).

import { addressColumn, type LineMessage } from '../../points/address-column.js';
import { bool, int, num, oneOf, record, str } from '../../points/exports/json-shape.js';
import type { ModbusAddress, ModbusEncoding } from './modbus-address.js';
import {
  assignModbus,
  encodingAt,
  formatModbusSpan,
  isWritableTable,
  type ModbusRef,
  parseModbusReference,
} from './modbus-map.js';

/** Registers the points list names, with the encoding the point's value gets in them. */
type ExplicitRegisters = ModbusRef & { encoding: ModbusEncoding; scale: number };

const shape = record({
  table: oneOf('coil', 'discrete', 'input', 'holding'),
  address: int,
  reference: str,
  count: int,
  encoding: oneOf('bool', 'enum', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'string', 'datetime'),
  scale: num,
  auto: bool,
});

export const modbusColumn = addressColumn<ExplicitRegisters, ModbusAddress>({
  title: 'Modbus Register',
  label: 'Modbus',
  matches: (header) => header.includes('modbus'),
  parse(cell, point, pointIsSound) {
    const parsed = parseModbusReference(cell);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    const encoded = encodingAt(point, parsed);
    if (!encoded.ok) {
      // A point whose own row is wrong is not checked against its registers: that would only echo its error.
      return pointIsSound
        ? { ok: false, message: `'${point.name}' at Modbus ${cell}: ${encoded.message}` }
        : { ok: false };
    }
    const { ok: _, ...ref } = parsed;
    const readOnly = point.kind === 'command' && !isWritableTable(parsed.table);
    return {
      ok: true,
      explicit: { ...ref, encoding: encoded.encoding, scale: encoded.scale },
      warnings: readOnly
        ? [
            `command '${point.name}' is on read-only Modbus ${parsed.table} registers: masters cannot write it`,
          ]
        : [],
    };
  },
  clashes(entries) {
    const errors: LineMessage[] = [];
    // Each register claimed by the first row (in document order) that names it.
    const owners = new Map<string, { name: string; m: ExplicitRegisters; line: number }>();
    const spans = [...entries]
      .sort((a, b) => a.line - b.line)
      .map((e) => ({ name: e.point.name, m: e.explicit, line: e.line }));
    for (const later of spans) {
      const keys = Array.from({ length: later.m.count }, (_, k) => `${later.m.table}:${later.m.address + k}`);
      const earlier = keys.map((key) => owners.get(key)).find((owner) => owner !== undefined);
      if (earlier) {
        errors.push({
          line: later.line,
          message: `Modbus ${formatModbusSpan(later.m)} of '${later.name}' overlaps ${formatModbusSpan(earlier.m)} of '${earlier.name}' (line ${earlier.line})`,
        });
        continue;
      }
      for (const key of keys) owners.set(key, later);
    }
    return errors;
  },
  assign(requests) {
    return assignModbus(
      requests.map((r) => ({
        type: r.point.type,
        writable: r.point.kind === 'command',
        explicit: r.explicit,
      })),
    ).map((address, i) =>
      address
        ? { ok: true, address }
        : { ok: false, message: `no free Modbus registers left for '${requests[i]?.point.name}'` },
    );
  },
  format: formatModbusSpan,
  checkShape: shape,
});
