// Reads the `Mappings Protocoles` table: each protocol column is read by the plug-in column whose header it
// is (explicit addresses checked against the points they name, clashes refused); every other column is kept
// verbatim on the point.

import type { KeyedColumn } from './address-column.js';
import type { DiagnosticList } from './diagnostics.js';
import type { Block, Table } from './markdown.js';
import type { DraftPoint } from './parse-points.js';
import { foldHeader } from './sections.js';
import { checkedColumns, sectionTable, wellFormedRows } from './tables.js';
import { fold, isBlank } from './text.js';

/** Explicit addresses by column key, then by point id. */
export type ExplicitAddresses = Map<string, Map<string, unknown>>;

/** A plug-in column found in the table, at its index. */
type FoundColumn = KeyedColumn & { index: number };

/** The table's columns that plug-in columns read, in table order; an error for one given twice. */
function findColumns(table: Table, columns: KeyedColumn[], diag: DiagnosticList): FoundColumn[] | null {
  const found: FoundColumn[] = [];
  let ok = true;
  table.header.forEach((name, index) => {
    const header = foldHeader(name);
    const match = columns.find((c) => c.column.matches(header));
    if (!match) return;
    if (found.some((f) => f.column === match.column)) {
      diag.error(table.line, `column '${match.column.title}' appears twice`);
      ok = false;
    } else found.push({ ...match, index });
  });
  return ok ? found : null;
}

/**
 * Explicit addresses; errors for unknown points, bad cells, duplicates and clashes. When a point table
 * could not be read (`allPointsKnown` false), a row naming a point not found is not an error, and a point
 * whose own row has errors is not checked against its addresses: those would only echo the first error.
 */
export function readMappings(
  block: Block | undefined,
  points: DraftPoint[],
  allPointsKnown: boolean,
  columns: KeyedColumn[],
  diag: DiagnosticList,
): ExplicitAddresses {
  const result: ExplicitAddresses = new Map(columns.map((c) => [c.key, new Map()]));
  if (!block) return result;
  const table = sectionTable(block, diag);
  if (!table) return result;
  const map = checkedColumns(table, ['point'], [], diag);
  const found = findColumns(table, columns, diag);
  if (!map || !found) return result;
  const read = new Set(found.map((f) => f.index));
  const verbatim = map.extra.filter((extra) => !read.has(extra.index));
  const byName = new Map(points.map((p) => [fold(p.name).trim(), p]));
  const byId = new Map(points.map((p) => [p.id, p]));
  const firstLine = new Map<string, number>();
  const entries = new Map(
    found.map((f) => [f.key, [] as Array<{ point: DraftPoint; explicit: unknown; line: number }>]),
  );

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
    for (const f of found) {
      const cell = row.cells[f.index] ?? '';
      if (isBlank(cell)) continue;
      const parsed = f.column.parse(cell, point, pointIsSound);
      if (!parsed.ok) {
        if (parsed.message !== undefined) diag.error(row.line, parsed.message);
        continue;
      }
      entries.get(f.key)?.push({ point, explicit: parsed.explicit, line: row.line });
      result.get(f.key)?.set(point.id, parsed.explicit);
      for (const warning of parsed.warnings ?? []) diag.warn(row.line, warning);
    }
    for (const extra of verbatim) {
      const value = row.cells[extra.index] ?? '';
      if (!isBlank(value)) point.protocols[extra.name] = value;
    }
  }
  // Two points on one address are errors at the later row.
  for (const f of found)
    for (const clash of f.column.clashes(entries.get(f.key) ?? [])) diag.error(clash.line, clash.message);
  return result;
}
