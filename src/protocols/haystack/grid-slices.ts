// Encodes a large answer grid (a `read` of every point of a big site) a slice of rows at a time, giving the
// event loop a turn in between, so that writing tens of megabytes of Zinc or JSON does not hold up every other
// client. The text is exactly `encodeGrid`'s: each slice is encoded as a grid of the same columns, and only
// its rows are kept; a test compares the two.

import { HGrid } from 'haystack-core';
import { encodeGrid } from './content.js';
import type { Format } from './format.js';
import { zincGrid } from './zinc-writer.js';

/** Rows encoded between two turns of the event loop; smaller grids are encoded in one go. */
export const ROWS_PER_SLICE = 1000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The rows' lines of a Zinc grid's text (what follows its version and column lines). */
function zincRows(text: string): string {
  const columnsEnd = text.indexOf('\n', text.indexOf('\n') + 1);
  return text.slice(columnsEnd + 1);
}

/** `grid` as `encodeGrid` writes it; Zinc and JSON grids of many rows a slice at a time. */
export async function encodeInSlices(grid: HGrid, format: Format): Promise<string> {
  const rows = grid.getRows();
  if (rows.length <= ROWS_PER_SLICE || format === 'csv') return encodeGrid(grid, format);
  const columns = grid.getColumns().map((c) => ({ name: c.name, meta: c.meta }));
  const names = columns.map((c) => ({ name: c.name }));
  const parts: string[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_SLICE) {
    if (start > 0) await yieldToEventLoop();
    const slice = rows.slice(start, start + ROWS_PER_SLICE);
    if (format === 'json') {
      parts.push(slice.map((row) => JSON.stringify(row.toJSON())).join(','));
    } else if (start === 0) {
      // The first slice carries the grid's meta and column meta: its text starts the answer as it is.
      parts.push(zincGrid(HGrid.make({ meta: grid.meta, columns, rows: slice })));
    } else {
      parts.push(zincRows(zincGrid(HGrid.make({ columns: names, rows: slice }))));
    }
  }
  if (format === 'zinc') return `${parts.join('')}\n`;
  // Hayson puts `rows` last: the header with no rows, then the rows spliced in.
  const head = JSON.stringify(HGrid.make({ meta: grid.meta, columns, rows: [] }).toJSON());
  if (!head.endsWith('"rows":[]}')) return encodeGrid(grid, format);
  return `${head.slice(0, -2)}${parts.join(',')}]}`;
}
