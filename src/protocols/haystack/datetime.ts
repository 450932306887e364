// Haystack date-times in a point's time zone, and hisRead ranges (today, yesterday, a date, two dates, one
// or two date-times): start inclusive, end exclusive, dates from local midnight to the midnight after.

import { HDate, HDateTime, Scanner, ZincReader } from 'haystack-core';
import { localMidnight, zoneOffset } from '../../util/time.js';
import { OpError } from './grids.js';
import { haystackTz } from './haystack-values.js';

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** `2026-01-05T10:00:00.000+01:00 Paris` for an instant in `iana`. */
export function haystackDateTime(t: number, iana: string): HDateTime {
  const offset = zoneOffset(t, iana);
  const local = new Date(t + offset).toISOString().slice(0, 23);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const zone =
    minutes === 0 && haystackTz(iana) === 'UTC'
      ? 'Z UTC'
      : `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)} ${haystackTz(iana)}`;
  return HDateTime.make(`${local}${zone}`);
}

const knownZone = (iana: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: iana });
    return true;
  } catch {
    return false;
  }
};

/** The IANA zone of a Haystack time zone name (`New_York` → `America/New_York`), or an OpError. */
export function ianaZone(haystackName: string): string {
  const iana = haystackName === '' ? '' : HDateTime.getIANATimeZone(haystackName, knownZone);
  if (iana === '')
    throw new OpError(`unknown time zone '${haystackName}': use a Haystack name such as New_York`);
  return iana;
}

/** False for a date or time that is not on the calendar (2026-02-30, 24:00, 10:61), which the Zinc reader rolls over. */
function onTheCalendar(text: string): boolean {
  for (const [, y, m, d] of text.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) {
    const month = Number(m);
    const day = Number(d);
    const days = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
    if (month < 1 || month > 12 || day < 1 || day > days) return false;
  }
  for (const [, h, min, sec] of text.matchAll(/T(\d{2}):(\d{2})(?::(\d{2}))?/g))
    if (Number(h) > 23 || Number(min) > 59 || Number(sec ?? 0) > 59) return false;
  return true;
}

function strictZinc(text: string): unknown {
  if (!onTheCalendar(text)) throw new Error('not a calendar date');
  const scanner = new Scanner(text.trim());
  const value = new ZincReader(scanner).readValue();
  scanner.consumeWhiteSpace();
  if (!scanner.isEof()) throw new Error('trailing text');
  return value;
}

/** Local midnight starting the date `y-m-d` in `iana`. */
function midnightOf(date: HDate, iana: string): number {
  // From about noon local time that day: noon UTC is already the next day at +12:00 and beyond (New Zealand).
  const noonUtc = Date.UTC(date.year, date.month - 1, date.day, 12);
  return localMidnight(noonUtc - zoneOffset(noonUtc, iana), iana);
}

const instant = (v: HDateTime) => v.date.valueOf();

/** The [start, end) of a hisRead range in the point's zone; `now` for `today`, `yesterday` and open ends. */
export function parseRange(text: string, iana: string, now: number): { start: number; end: number } {
  const range = text.trim();
  if (range === 'today' || range === 'yesterday') {
    const today = localMidnight(now, iana);
    const start = range === 'today' ? today : localMidnight(today - DAY / 2, iana);
    return { start, end: localMidnight(start + DAY + DAY / 2, iana) };
  }
  const comma = range.indexOf(',');
  const parts = comma < 0 ? [range] : [range.slice(0, comma), range.slice(comma + 1)];
  let values: unknown[];
  try {
    values = parts.map(strictZinc);
  } catch {
    throw new OpError(
      `invalid history range '${text}': use today, yesterday, a date, two dates or date-times`,
    );
  }
  const [a, b] = values;
  if (a instanceof HDate && (b === undefined || b instanceof HDate)) {
    const start = midnightOf(a, iana);
    const last = (b as HDate | undefined) ?? a;
    return {
      start,
      end: midnightOf(HDate.make(new Date(Date.UTC(last.year, last.month - 1, last.day) + DAY)), iana),
    };
  }
  if (a instanceof HDateTime && b === undefined) return { start: instant(a), end: now + 1 };
  if (a instanceof HDateTime && b instanceof HDateTime) return { start: instant(a), end: instant(b) };
  throw new OpError(`invalid history range '${text}': use today, yesterday, a date, two dates or date-times`);
}
