// Time helpers: durations as people write them, and local midnight in a time zone.

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `24h`, `90min`, `7d`, `1h30m`, `500ms` → milliseconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)\s*(ms|min|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim().replace(/\s+/g, '')) return null;
  const total = parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0);
  return total > 0 ? Math.round(total) : null;
}

/** Offset of `tz` from UTC at instant `t`, ms (positive east of Greenwich). */
/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The offset of `tz` from UTC at `t`, straight from Intl (slow: tens of µs); `zoneOffset` caches it. */
export function intlOffset(t: number, tz: string): number {
  const parts = formatter(tz).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
/** Per zone: offsets by UTC day (NaN when the offset changes that day) and by quarter hour on those days. */
const offsetCache = new Map<string, { days: Map<number, number>; quarters: Map<number, number> }>();
const MAX_CACHED = 100_000;

function cached(map: Map<number, number>, key: number, compute: () => number): number {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= MAX_CACHED) map.clear();
    value = compute();
    map.set(key, value);
  }
  return value;
}

/**
 * The offset of `tz` from UTC at `t`, in ms. Zones change offset at most once a day and (since the 1970s)
 * on a quarter hour of UTC, so the offset is cached by UTC day, or by quarter hour on the days it changes: a year of
 * per-minute times costs a few hundred Intl calls instead of half a million.
 */
export function zoneOffset(t: number, tz: string): number {
  let cache = offsetCache.get(tz);
  if (!cache) {
    cache = { days: new Map(), quarters: new Map() };
    offsetCache.set(tz, cache);
  }
  const day = Math.floor(t / DAY_MS);
  const whole = cached(cache.days, day, () => {
    const first = intlOffset(day * DAY_MS, tz);
    return intlOffset((day + 1) * DAY_MS - 1000, tz) === first ? first : Number.NaN;
  });
  if (!Number.isNaN(whole)) return whole;
  const quarter = Math.floor(t / QUARTER_MS);
  return cached(cache.quarters, quarter, () => intlOffset(quarter * QUARTER_MS, tz));
}

/** The last local midnight in `tz` at or before `t`. */
export function localMidnight(t: number, tz: string): number {
  const local = t + zoneOffset(t, tz);
  const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  // The offset at midnight may differ from the offset at t (a DST change that day).
  return midnightLocal - zoneOffset(midnightLocal - zoneOffset(t, tz), tz);
}
