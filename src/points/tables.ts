// Checks shared by every table of a points list: one table per section, its columns, its rows.

import type { DiagnosticList } from './diagnostics.js';
import type { Block, Table, TableRow } from './markdown.js';
import { COLUMN_TITLES, type ColumnKey, type ColumnMap, mapColumns } from './sections.js';

/** The one table of a section, or an error naming what is wrong with it. */
export function sectionTable(block: Block, diag: DiagnosticList): Table | null {
  const heading = block.heading;
  const line = heading?.line ?? 1;
  const table = block.tables[0];
  if (!table) {
    diag.error(line, `section '${heading?.text}' has no table`);
    return null;
  }
  for (const extra of block.tables.slice(1))
    diag.error(extra.line, `section '${heading?.text}' has a second table`);
  if (!table.hasSeparator) {
    diag.error(table.line, 'table header is not followed by a `|---|---|` separator line');
    return null;
  }
  return table;
}

/** Column map of a table, with an error for each required column missing or given twice. */
export function checkedColumns(
  table: Table,
  required: ColumnKey[],
  optional: ColumnKey[],
  diag: DiagnosticList,
): ColumnMap | null {
  const map = mapColumns(table, [...required, ...optional]);
  let ok = true;
  for (const key of required) {
    if (map.index[key] === undefined) {
      diag.error(table.line, `missing column '${COLUMN_TITLES[key]}'`);
      ok = false;
    }
  }
  for (const key of map.duplicated) {
    diag.error(table.line, `column '${COLUMN_TITLES[key]}' appears twice`);
    ok = false;
  }
  return ok ? map : null;
}

/** Rows whose cell count matches the header; an error for every other non-empty row. */
export function wellFormedRows(table: Table, diag: DiagnosticList): TableRow[] {
  return table.rows.filter((row) => {
    if (row.cells.every((c) => c === '')) return false;
    if (row.cells.length === table.header.length) return true;
    diag.error(row.line, `row has ${row.cells.length} cells but the header has ${table.header.length}`);
    return false;
  });
}
