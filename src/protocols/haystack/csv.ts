// Grids as CSV, as the Haystack CSV format says: a header of column names, markers as ✓, refs as
// `@id dis`, booleans true/false, text as is, everything else as Zinc; grid meta is dropped.

import { HBool, type HGrid, HMarker, HRef, HStr, HUri, type HVal } from 'haystack-core';

function cell(value: HVal | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof HMarker) return '✓';
  if (value instanceof HRef) return value.dis ? `@${value.value} ${value.dis}` : `@${value.value}`;
  if (value instanceof HBool) return value.value ? 'true' : 'false';
  if (value instanceof HStr || value instanceof HUri) return value.value;
  return value.toZinc();
}

const quote = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function gridCsv(grid: HGrid): string {
  const columns = grid.getColumns().map((c) => c.name);
  const lines = [columns.map(quote).join(',')];
  for (const row of grid.getRows()) lines.push(columns.map((name) => quote(cell(row.get(name)))).join(','));
  return `${lines.join('\n')}\n`;
}
