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

export function zoneOffset(t: number, tz: string): number {
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

/** The last local midnight in `tz` at or before `t`. */
export function localMidnight(t: number, tz: string): number {
  const local = t + zoneOffset(t, tz);
  const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  // The offset at midnight may differ from the offset at t (a DST change that day).
  return midnightLocal - zoneOffset(midnightLocal - zoneOffset(t, tz), tz);
}
