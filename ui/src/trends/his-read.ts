// History of several points at once (hisRead with the range in the grid meta), as columns joined on time;
// rolled up by the server to one value per interval when asked (docs/haystack.md: Rolled-up history).
import type { HaystackClient } from '../api/client';
import { type Dict, dateTimeMs, type Grid, gridOf, type HVal, num, number, ref, refId } from '../api/hayson';
import type { TrendInterval } from './trend-range';

export interface History {
  /** Times in seconds (uPlot's x), ascending. */
  xs: number[];
  /** One column per point, in request order; null where that point has no sample at that time. */
  columns: HVal[][];
  /** The range the server read, epoch seconds. */
  start: number;
  end: number;
  /** The interval the server averaged over, or null for every sample. */
  interval: TrendInterval | null;
}

/** Reads `ids` over `range`: every sample, or with `interval` one average (last state) per interval. */
export async function readHistory(
  client: HaystackClient,
  ids: string[],
  range: string,
  interval: TrendInterval | null = null,
): Promise<History> {
  const meta: Dict = { range };
  if (interval) meta.interval = number(interval.val, interval.unit);
  const grid: Grid = await client.op(
    'hisRead',
    gridOf(
      ids.map((id) => ({ id: ref(id) })),
      meta,
    ),
  );
  // Columns v0, v1… carry the point's id in their meta; find each requested point's column by it.
  const columnOf = new Map<string, string>();
  for (const col of grid.cols) {
    const id = refId(col.meta?.id);
    if (id) columnOf.set(id, col.name);
  }
  const names = ids.map((id, i) => columnOf.get(id) ?? `v${i}`);
  const xs: number[] = [];
  const columns: HVal[][] = ids.map(() => []);
  for (const row of grid.rows) {
    const t = dateTimeMs(row.ts);
    if (t === null) continue;
    xs.push(t / 1000);
    names.forEach((name, i) => {
      columns[i]?.push(row[name] ?? null);
    });
  }
  return {
    xs,
    columns,
    start: (dateTimeMs(grid.meta.hisStart) ?? Date.now()) / 1000,
    end: (dateTimeMs(grid.meta.hisEnd) ?? Date.now()) / 1000,
    interval: grid.meta.interval ? interval : null,
  };
}

/** A column's numbers (uPlot's y), null where there is no number. */
export const numbers = (column: HVal[]): (number | null)[] => column.map((v) => num(v));
