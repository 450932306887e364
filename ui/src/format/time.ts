// Times in the site's zone. Haystack names zones by their city (`Paris`); the browser knows the IANA names.

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
