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
