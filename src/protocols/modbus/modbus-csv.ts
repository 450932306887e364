// Modbus register map as vendors publish it: one row per point, in table then address order.

import { csvLine } from '../../points/exports/csv.js';
import type { ExportFormat } from '../../points/exports/export-format.js';
import { isWritable, type Profile } from '../../points/model.js';
import { type ModbusTable, modbusAddressOf } from './modbus-address.js';
import { isWritableTable } from './modbus-map.js';

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
  const points = profile.points
    .map((point) => ({ point, m: modbusAddressOf(point) }))
    .sort(
      (a, b) => TABLE_ORDER.indexOf(a.m.table) - TABLE_ORDER.indexOf(b.m.table) || a.m.address - b.m.address,
    );
  const rows = points.map(({ point: p, m }) =>
    csvLine([
      m.reference,
      m.table,
      m.address,
      m.count,
      m.encoding,
      m.scale,
      isWritable(p) && isWritableTable(m.table) ? 'R/W' : 'R',
      p.name,
      p.unit,
      p.min,
      p.max,
      p.description,
    ]),
  );
  return `${[MODBUS_CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** `profile export --format modbus-csv`. */
export const MODBUS_CSV_EXPORT: ExportFormat = {
  name: 'modbus-csv',
  write: (profile) => [{ suffix: '_modbus.csv', content: exportModbusCsv(profile) }],
};
