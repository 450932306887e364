// Today's figures per hour from the history of the car park's counters: exits and revenue are the growth of
// Transactions Today and Revenue Today over the hour; arrivals are exits plus the growth of occupancy.
import type { HaystackClient } from '../api/client';
import { num } from '../api/hayson';
import { readHistory } from '../trends/his-read';

export interface HourlyTotals {
  /** Epoch seconds of each hour's start (today, local). */
  hours: number[];
  arrivals: (number | null)[];
  exits: (number | null)[];
  /** Revenue since midnight at the end of each hour. */
  revenue: (number | null)[];
}

/** The last value at or before `t` (samples ascending), or the first one when none is before. */
function valueAt(xs: number[], ys: (number | null)[], t: number): number | null {
  let found: number | null = null;
  for (let i = 0; i < xs.length; i++) {
    if ((xs[i] as number) > t) break;
    if (ys[i] !== null) found = ys[i] as number;
  }
  if (found !== null) return found;
  return ys.find((y) => y !== null) ?? null;
}

export async function readHourlyTotals(
  client: HaystackClient,
  ids: { occupied: string; transactions: string; revenue: string },
): Promise<HourlyTotals> {
  const h = await readHistory(client, [ids.occupied, ids.transactions, ids.revenue], 'today');
  const [occ, tx, rev] = h.columns.map((c) => c.map((v) => num(v))) as [
    (number | null)[],
    (number | null)[],
    (number | null)[],
  ];
  // The server's clock decides what today and now are (it may run faster than this browser's: `--speed`):
  // hours are drawn up to the last sample, never up to this browser's time.
  const last = h.xs.at(-1) ?? h.start;
  const out: HourlyTotals = { hours: [], arrivals: [], exits: [], revenue: [] };
  // Hours of a day from local midnight (a change to or from daylight saving shifts the last ones by an hour).
  for (let start = h.start; start < h.end - 1; start += 3600) {
    const end = start + 3600;
    out.hours.push(start);
    if (start > last) {
      out.arrivals.push(null);
      out.exits.push(null);
      out.revenue.push(null);
      continue;
    }
    const t1 = Math.min(end, last);
    const at = (ys: (number | null)[], t: number) => valueAt(h.xs, ys, t);
    const exits = Math.max(0, (at(tx, t1) ?? 0) - (at(tx, start) ?? 0));
    const arrivals = Math.max(0, exits + (at(occ, t1) ?? 0) - (at(occ, start) ?? 0));
    out.exits.push(exits);
    out.arrivals.push(arrivals);
    out.revenue.push(at(rev, t1));
  }
  return out;
}
