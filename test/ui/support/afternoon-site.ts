// The demo site moved to a time zone where it is now mid-afternoon on a weekday if possible, so that
// pictures of it show a busy car park and charging cars whatever the hour they are taken.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ZONES = [
  'Pacific/Auckland',
  'Australia/Sydney',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Bangkok',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/Moscow',
  'Europe/Paris',
  'Europe/London',
  'Atlantic/Azores',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Pacific/Honolulu',
];

function localHourAndDay(zone: string, at: Date): { hour: number; weekend: boolean } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: 'numeric',
    hourCycle: 'h23',
    weekday: 'short',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return { hour: Number(parts.hour), weekend: parts.weekday === 'Sat' || parts.weekday === 'Sun' };
}

/** The zone where it is closest to 15:00 now, weekdays first. */
export function afternoonZone(at = new Date()): string {
  const score = (zone: string) => {
    const { hour, weekend } = localHourAndDay(zone, at);
    return Math.abs(hour - 15) + (weekend ? 24 : 0);
  };
  return [...ZONES].sort((a, b) => score(a) - score(b))[0] as string;
}

/** Writes the demo site file with `zone` into `dir`; returns its path. */
export function writeAfternoonSite(dir: string, zone: string): string {
  const demo = readFileSync(join(import.meta.dirname, '..', '..', '..', 'sites', 'demo.yaml'), 'utf8');
  const file = join(dir, 'demo-afternoon.yaml');
  writeFileSync(file, demo.replace(/^(\s*tz:\s*)Europe\/Paris/m, `$1${zone}`));
  return file;
}
