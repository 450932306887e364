// The ranges a trend can show, as hisRead range strings (see docs/haystack.md: hisRead).

export type RangeChoice = 'today' | 'yesterday' | 'last-hour' | 'last-24h' | 'last-7d' | 'dates';

export const RANGE_LABELS: Record<RangeChoice, string> = {
  'last-hour': 'Last hour',
  today: 'Today',
  yesterday: 'Yesterday',
  'last-24h': 'Last 24 h',
  'last-7d': 'Last 7 days',
  dates: 'Dates…',
};

/** A Zinc DateTime in UTC: `2026-01-05T10:00:00.000Z UTC`. */
const zincUtc = (ms: number) => `${new Date(ms).toISOString()} UTC`;

/** The hisRead range for a choice (`from`/`to`: YYYY-MM-DD for `dates`). */
export function haystackRange(choice: RangeChoice, now: number, from?: string, to?: string): string {
  switch (choice) {
    case 'today':
    case 'yesterday':
      return choice;
    case 'last-hour':
      return zincUtc(now - 3_600_000);
    case 'last-24h':
      return zincUtc(now - 86_400_000);
    case 'last-7d':
      return zincUtc(now - 7 * 86_400_000);
    case 'dates':
      return from && to && to !== from ? `${from},${to}` : (from ?? 'today');
  }
}

/** Whether the range runs up to now, so that live values extend it. */
export const reachesNow = (choice: RangeChoice): boolean => choice !== 'yesterday' && choice !== 'dates';

/** At most this many points per series: a chart a few thousand pixels wide shows no more. */
export const MAX_POINTS = 2000;

/** A rollup interval: its length, as hisRead takes it (a Number with a time unit), and as people read it. */
export interface TrendInterval {
  ms: number;
  val: number;
  unit: string;
  label: string;
}

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
/** Intervals that divide a day (so that each day's rows fall on the same clock times), then days. */
const NICE: TrendInterval[] = [
  [1, 's'],
  [2, 's'],
  [5, 's'],
  [10, 's'],
  [15, 's'],
  [30, 's'],
  [1, 'min'],
  [2, 'min'],
  [5, 'min'],
  [10, 'min'],
  [15, 'min'],
  [30, 'min'],
  [1, 'h'],
  [2, 'h'],
  [3, 'h'],
  [6, 'h'],
  [12, 'h'],
  [1, 'day'],
  [2, 'day'],
  [7, 'day'],
  [28, 'day'],
].map(([val, unit]) => {
  const n = val as number;
  const u = unit as string;
  const ms = n * (u === 's' ? S : u === 'min' ? MIN : u === 'h' ? H : 24 * H);
  const word = u === 'day' ? (n === 1 ? 'day' : 'days') : u;
  return { ms, val: n, unit: u, label: `${n} ${word}` };
});

/**
 * The interval a trend over `spanMs` asks the server to average over: null when even a point updated every
 * second has no more than MAX_POINTS samples in it (about 33 minutes), else the shortest interval that cuts
 * the span into MAX_POINTS or fewer.
 */
export function trendInterval(spanMs: number): TrendInterval | null {
  if (!(spanMs > MAX_POINTS * S)) return null;
  return NICE.find((i) => i.ms * MAX_POINTS >= spanMs) ?? (NICE.at(-1) as TrendInterval);
}

const DAY = 24 * H;

/** About how long a choice's range is, ms (a day for today and yesterday, whatever the clocks do). */
export function rangeSpanMs(choice: RangeChoice, from?: string, to?: string): number {
  switch (choice) {
    case 'last-hour':
      return H;
    case 'today':
    case 'yesterday':
    case 'last-24h':
      return DAY;
    case 'last-7d':
      return 7 * DAY;
    case 'dates': {
      const a = Date.parse(from ?? '');
      const b = Date.parse(to ?? from ?? '');
      return Number.isNaN(a) || Number.isNaN(b) ? DAY : (Math.abs(b - a) / DAY + 1) * DAY;
    }
  }
}

/** A date-time range for a zoomed view (epoch seconds), as hisRead takes it. */
export const viewRange = ([a, b]: [number, number]): string =>
  `${zincUtc(Math.floor(a * 1000))},${zincUtc(Math.ceil(b * 1000))}`;
