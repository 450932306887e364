// The site's wall clock in BACnet terms: an instant as the Date and Time of the site's zone (Local_Date,
// Local_Time, DateTime Values), the zone's offset, and a Date and Time of that zone back to an instant.
import { zoneOffset } from '../../../util/time.js';
import type { BacnetDate, BacnetTime } from '../codec/index.js';

/** The wall-clock fields of `ms` in zone `tz` (the zone's offset cached by util/time.ts). */
function fieldsOf(ms: number, tz: string): Record<string, number> {
  const wall = new Date(ms + zoneOffset(ms, tz));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** Minutes the zone is ahead of UTC at `ms`. */
export function zoneOffsetMinutes(ms: number, tz: string): number {
  return Math.round(zoneOffset(ms, tz) / 60_000);
}

/** `ms` as a BACnet Date and Time in zone `tz`. */
export function localDateTime(ms: number, tz: string): { date: BacnetDate; time: BacnetTime } {
  const f = fieldsOf(ms, tz);
  const year = f.year ?? 1970;
  const month = f.month ?? 1;
  const day = f.day ?? 1;
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  const hundredths = Math.floor((((ms % 1000) + 1000) % 1000) / 10);
  return {
    date: { year, month, day, weekday },
    time: { hour: f.hour ?? 0, minute: f.minute ?? 0, second: f.second ?? 0, hundredths },
  };
}

/** The instant a fully specified Date and Time of zone `tz` names, or null when a field is unspecified or out of range. */
export function instantOf(date: BacnetDate, time: BacnetTime, tz: string): number | null {
  const fields = [date.year, date.month, date.day, time.hour, time.minute, time.second];
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return null;
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return null;
  if (fields.some((n) => n === 255)) return null;
  const hundredths = time.hundredths === 255 ? 0 : Math.min(time.hundredths, 99);
  const wall = Date.UTC(
    date.year,
    date.month - 1,
    date.day,
    time.hour,
    time.minute,
    time.second,
    hundredths * 10,
  );
  // The offset at the wall time read as UTC, then again at the instant found (once is enough but at a shift).
  let ms = wall - zoneOffsetMinutes(wall, tz) * 60_000;
  ms = wall - zoneOffsetMinutes(ms, tz) * 60_000;
  return ms;
}
