// Times in the site's zone. Haystack names zones by their city (`Paris`); the browser knows the IANA names.

/** The site's IANA zone once the site is read: times written as text in values are shown in it. */
let siteZone: string | undefined;
export const setSiteZone = (zone: string | undefined): void => {
  siteZone = zone;
};

let zones: string[] | null = null;

/** `Paris` → `Europe/Paris` (undefined: the browser's own zone). */
export function ianaZone(haystackTz: string | null | undefined): string | undefined {
  if (!haystackTz) return undefined;
  if (haystackTz === 'UTC') return 'UTC';
  zones ??= (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  return zones.find((z) => z === haystackTz || z.endsWith(`/${haystackTz}`));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string | undefined, withDate: boolean, withYear = false): Intl.DateTimeFormat {
  const key = `${zone ?? ''}|${withDate}|${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      ...(withDate ? { month: 'short', day: 'numeric' } : {}),
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(key, f);
  }
  return f;
}

export const formatTime = (ms: number, zone?: string): string => formatter(zone, false).format(ms);
/** `21 Nov, 15:39:00`; the year too when it is not this year's. */
export const formatDateTime = (ms: number, zone?: string): string =>
  formatter(zone, true, new Date(ms).getFullYear() !== new Date().getFullYear()).format(ms);

/** An ISO 8601 date-time with its offset or `Z`, as devices publish timestamps in text points. */
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/**
 * A timestamp text in the site's zone like every other time on screen (`6 Dec, 15:39:00`); the epoch
 * (`1970-01-01T00:00:00Z`, what a device publishes before the first event) reads `never`. Null when `text`
 * is not a timestamp.
 */
export function formatTimestampText(text: string): string | null {
  if (!ISO_DATE_TIME.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return ms <= 0 ? 'never' : formatDateTime(ms, siteZone);
}

const axisFormats = new Map<string, Intl.DateTimeFormat>();

/** An axis label: `14:30`, or `22 Nov 14:30` when the axis spans days. */
export function formatAxisTime(ms: number, withDate: boolean, zone?: string): string {
  const key = `${zone ?? ''}|${withDate}`;
  let f = axisFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      ...(withDate ? { day: 'numeric', month: 'short' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    axisFormats.set(key, f);
  }
  return f.format(ms);
}
