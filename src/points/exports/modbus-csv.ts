// Modbus register map as vendors publish it: one row per point, in table then address order.

import { isWritableTable } from '../modbus-map.js';
import { isWritable, type ModbusTable, type Profile } from '../model.js';
import { csvLine } from './csv.js';

const TABLE_ORDER: ModbusTable[] = ['coil', 'discrete', 'input', 'holding'];

export const MODBUS_CSV_COLUMNS = [
  'reference',
  'table',
  'address',
  'count',
  'encoding',
  'scale',
  'access',
  'point',
  'unit',
  'min',
  'max',
  'description',
] as const;

export function exportModbusCsv(profile: Profile): string {
  const points = [...profile.points].sort(
    (a, b) =>
      TABLE_ORDER.indexOf(a.modbus.table) - TABLE_ORDER.indexOf(b.modbus.table) ||
      a.modbus.address - b.modbus.address,
  );
  const rows = points.map((p) =>
    csvLine([
      p.modbus.reference,
      p.modbus.table,
      p.modbus.address,
      p.modbus.count,
      p.modbus.encoding,
      p.modbus.scale,
      isWritable(p) && isWritableTable(p.modbus.table) ? 'R/W' : 'R',
      p.name,
      p.unit,
      p.min,
      p.max,
      p.description,
    ]),
  );
  return `${[MODBUS_CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
