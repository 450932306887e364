// Reads the `Mappings Protocoles` table: explicit BACnet objects and Modbus registers, checked against the
// points they name, plus every other protocol column kept verbatim on the point.

import { bacnetAccessMismatch, bacnetTypeMismatch, formatBacnet, parseBacnetObject } from './bacnet-map.js';
import type { DiagnosticList } from './diagnostics.js';
import type { Block } from './markdown.js';
import {
  encodingAt,
  formatModbusSpan,
  isWritableTable,
  type ModbusRef,
  parseModbusReference,
} from './modbus-map.js';
import type { BacnetType, ModbusEncoding } from './model.js';
import type { DraftPoint } from './parse-points.js';
import { checkedColumns, sectionTable, wellFormedRows } from './tables.js';
import { fold, isBlank } from './text.js';

export interface ExplicitAddresses {
  bacnet?: { type: BacnetType; instance: number; line: number };
  modbus?: ModbusRef & { encoding: ModbusEncoding; scale: number; line: number };
}

/**
 * Explicit addresses by point id; errors for unknown points, bad cells, duplicates and overlaps. When a
 * point table could not be read (`allPointsKnown` false), a row naming a point not found is not an error,
 * and a point whose own row has errors is not checked against its addresses: those would only echo the
 * first error.
 */
export function readMappings(
  block: Block | undefined,
  points: DraftPoint[],
  allPointsKnown: boolean,
  diag: DiagnosticList,
): Map<string, ExplicitAddresses> {
  const result = new Map<string, ExplicitAddresses>();
  if (!block) return result;
  const table = sectionTable(block, diag);
  if (!table) return result;
  const map = checkedColumns(table, ['point'], ['bacnet', 'modbus'], diag);
  if (!map) return result;
  const byName = new Map(points.map((p) => [fold(p.name).trim(), p]));
  const byId = new Map(points.map((p) => [p.id, p]));
  const firstLine = new Map<string, number>();

  for (const row of wellFormedRows(table, diag)) {
    const name = (row.cells[map.index.point as number] ?? '').replace(/[*_`]/g, '').trim();
    const point = byName.get(fold(name)) ?? byId.get(name);
    if (!point) {
      if (allPointsKnown) diag.error(row.line, `mapping names unknown point '${name}'`);
      continue;
    }
    const pointIsSound = !diag.hasErrorsAt(point.line);
    const seen = firstLine.get(point.id);
    if (seen !== undefined) {
      diag.error(row.line, `point '${point.name}' is mapped twice (first at line ${seen})`);
      continue;
    }
    firstLine.set(point.id, row.line);
    const addresses: ExplicitAddresses = {};
    const bacnetCell = map.index.bacnet === undefined ? '' : (row.cells[map.index.bacnet] ?? '');
    if (!isBlank(bacnetCell)) {
      const parsed = parseBacnetObject(bacnetCell);
      if (!parsed.ok) diag.error(row.line, parsed.message);
      else {
        const mismatch = pointIsSound ? bacnetTypeMismatch(parsed.type, point) : null;
        if (mismatch) diag.error(row.line, `'${point.name}': ${mismatch}`);
        else addresses.bacnet = { type: parsed.type, instance: parsed.instance, line: row.line };
        const access = bacnetAccessMismatch(parsed.type, point.kind);
        if (access && !mismatch) diag.warn(row.line, `'${point.name}': ${access}`);
      }
    }
    const modbusCell = map.index.modbus === undefined ? '' : (row.cells[map.index.modbus] ?? '');
    if (!isBlank(modbusCell)) {
      const parsed = parseModbusReference(modbusCell);
      if (!parsed.ok) diag.error(row.line, parsed.message);
      else {
        const encoded = encodingAt(point, parsed);
        if (!encoded.ok) {
          if (pointIsSound)
            diag.error(row.line, `'${point.name}' at Modbus ${modbusCell}: ${encoded.message}`);
        } else {
          addresses.modbus = { ...parsed, encoding: encoded.encoding, scale: encoded.scale, line: row.line };
          if (point.kind === 'command' && !isWritableTable(parsed.table)) {
            diag.warn(
              row.line,
              `command '${point.name}' is on read-only Modbus ${parsed.table} registers: masters cannot write it`,
            );
          }
        }
      }
    }
    for (const extra of map.extra) {
      const value = row.cells[extra.index] ?? '';
      if (!isBlank(value)) point.protocols[extra.name] = value;
    }
    result.set(point.id, addresses);
  }
  checkCollisions(result, byId, diag);
  return result;
}

/** Two points on one BACnet object, or on overlapping Modbus registers, are errors at the later row. */
function checkCollisions(
  explicit: Map<string, ExplicitAddresses>,
  points: Map<string, DraftPoint>,
  diag: DiagnosticList,
): void {
  const entries = [...explicit.entries()].map(([id, a]) => ({ point: points.get(id) as DraftPoint, ...a }));
  const objects = new Map<string, { name: string; line: number }>();
  for (const e of [...entries].sort((a, b) => (a.bacnet?.line ?? 0) - (b.bacnet?.line ?? 0))) {
    if (!e.bacnet) continue;
    const key = formatBacnet(e.bacnet);
    const first = objects.get(key);
    if (first)
      diag.error(
        e.bacnet.line,
        `BACnet object ${key} of '${e.point.name}' is already '${first.name}' (line ${first.line})`,
      );
    else objects.set(key, { name: e.point.name, line: e.bacnet.line });
  }
  // Each register claimed by the first row (in document order) that names it.
  const owners = new Map<string, { name: string; m: NonNullable<ExplicitAddresses['modbus']> }>();
  const spans = entries
    .filter((e) => e.modbus)
    .map((e) => ({ name: e.point.name, m: e.modbus as NonNullable<ExplicitAddresses['modbus']> }))
    .sort((a, b) => a.m.line - b.m.line);
  for (const later of spans) {
    const keys = Array.from({ length: later.m.count }, (_, k) => `${later.m.table}:${later.m.address + k}`);
    const earlier = keys.map((key) => owners.get(key)).find((owner) => owner !== undefined);
    if (earlier) {
      diag.error(
        later.m.line,
        `Modbus ${formatModbusSpan(later.m)} of '${later.name}' overlaps ${formatModbusSpan(earlier.m)} of '${earlier.name}' (line ${earlier.m.line})`,
      );
      continue;
    }
    for (const key of keys) owners.set(key, later);
  }
}
