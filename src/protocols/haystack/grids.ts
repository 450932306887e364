// Small helpers to build Haystack grids with haystack-core.

import { HDict, HGrid, HMarker, HStr, type HVal } from 'haystack-core';

/** An error grid: meta `err`, `dis` (the message a person reads) and optionally `errTrace`. */
export function errorGrid(message: string, trace?: string): HGrid {
  const meta: Record<string, HVal> = { err: HMarker.make(), dis: HStr.make(message) };
  if (trace) meta.errTrace = HStr.make(trace);
  return HGrid.make({ meta: HDict.make(meta), rows: [] });
}

/** A permission failure: an error grid with Pointyard's own `forbidden` marker beside `err`. */
export function forbiddenGrid(message: string): HGrid {
  const grid = errorGrid(message);
  grid.meta.set('forbidden', HMarker.make());
  return grid;
}

/** A grid of `rows`; `columns` fixes the columns when there may be no row to name them. */
export function gridOf(rows: HDict[], columns: string[] = [], meta?: Record<string, HVal>): HGrid {
  const grid = HGrid.make({ rows, ...(meta ? { meta: HDict.make(meta) } : {}) });
  for (const name of columns) if (!grid.hasColumn(name)) grid.addColumn(name);
  return grid;
}

/**
 * A failure inside an op, answered as an error grid with HTTP 200; with `status` 403 (what the caller's role
 * may not do, found only once the op knows its point) it is answered as the role checks before an op are.
 */
export class OpError extends Error {
  constructor(
    message: string,
    readonly status: 200 | 403 = 200,
  ) {
    super(message);
  }
}

/** A grid whose columns are exactly `columns`, in that order, whatever its rows hold (or if it has none). */
export function tableGrid(columns: string[], rows: HDict[], meta?: Record<string, HVal>): HGrid {
  return HGrid.make({
    columns: columns.map((name) => ({ name })),
    rows,
    ...(meta ? { meta: HDict.make(meta) } : {}),
  });
}
