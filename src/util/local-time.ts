// Local time of day in a site's time zone, cheap enough to call at every step of every device: the zone
// offset is looked up once per UTC hour (zones change offset on hour boundaries) and cached.

import { zoneOffset } from './time.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export class LocalTime {
  private cachedHour = Number.NaN;
  private cachedOffset = 0;

  constructor(readonly tz: string) {}

  /** Offset from UTC at `t`, ms. */
  offset(t: number): number {
    const hour = Math.floor(t / HOUR);
    if (hour !== this.cachedHour) {
      this.cachedHour = hour;
      this.cachedOffset = zoneOffset(hour * HOUR, this.tz);
    }
    return this.cachedOffset;
  }

  /** Hours since local midnight, fractional: 13.5 is half past one in the afternoon. */
  hourOfDay(t: number): number {
    const local = t + this.offset(t);
    return (((local % DAY) + DAY) % DAY) / HOUR;
  }

  /** Local calendar day as a number (days since 1970-01-01 local): changes at local midnight. */
  dayNumber(t: number): number {
    return Math.floor((t + this.offset(t)) / DAY);
  }

  /** Local day of the week, 0 = Sunday … 6 = Saturday. */
  weekday(t: number): number {
    return (this.dayNumber(t) + 4) % 7; // 1970-01-01 was a Thursday
  }

  /** `YYYY-MM-DD` of the local day. */
  dateText(t: number): string {
    return new Date(this.dayNumber(t) * DAY).toISOString().slice(0, 10);
  }
}
