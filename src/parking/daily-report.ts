// The daily report of Report Generation: occupancy, revenue, EV energy and alarms of one local day, read
// from the store's history and alarms, written as CSV (for tools) and HTML (for people) in DATA/reports/.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pointsWithRole, type SpecialRole } from '../points/special-roles.js';
import { type Device, pointKey, type Site } from '../site/model.js';
import { FILE_MODE, FOLDER_MODE } from '../store/file-modes.js';
import type { Alarm, Sample, Store } from '../store/store.js';
import { LocalTime } from '../util/local-time.js';
import { localMidnight } from '../util/time.js';

export interface DailyReport {
  date: string;
  site: string;
  occupancy: { min: number; mean: number; max: number; peakAt: string | null } | null;
  revenueEuro: number | null;
  transactions: number | null;
  evEnergyKwh: number;
  alarms: Alarm[];
}

const HOUR = 3_600_000;

/** ∫P dt over the samples (step hold), kWh. */
function energyKwh(samples: Sample[], end: number): number {
  let kwh = 0;
  samples.forEach((s, i) => {
    const next = samples[i + 1]?.t ?? end;
    kwh += (s.v * (next - s.t)) / HOUR;
  });
  return kwh;
}

/** Key of a device's first point with `role`, or null: the report finds its figures by role, never by id. */
function keyOf(device: Device, role: SpecialRole): string | null {
  const point = pointsWithRole(device.profile, role)[0];
  return point ? pointKey(device.id, point.id) : null;
}

/** The last sample of the day of the device's point with `role`, or null. */
async function lastOfDay(
  store: Store,
  device: Device,
  role: SpecialRole,
  from: number,
  to: number,
): Promise<number | null> {
  const key = keyOf(device, role);
  return key ? ((await store.history.read(key, from, to)).at(-1)?.v ?? null) : null;
}

/** Gathers the figures of the local day `date` (YYYY-MM-DD) of `site`. */
export async function buildDailyReport(site: Site, store: Store, date: string): Promise<DailyReport> {
  const local = new LocalTime(site.site.tz);
  const noon = Date.parse(`${date}T12:00:00Z`);
  const from = localMidnight(noon, site.site.tz);
  const to = localMidnight(from + 36 * HOUR, site.site.tz);
  const server = site.devices.find((d) => keyOf(d, 'occupied-total') !== null);
  let occupancy: DailyReport['occupancy'] = null;
  let revenueEuro: number | null = null;
  let transactions: number | null = null;
  if (server) {
    const occupied = await store.history.read(keyOf(server, 'occupied-total') as string, from, to);
    if (occupied.length > 0) {
      const values = occupied.map((s) => s.v);
      const max = Math.max(...values);
      const peak = occupied.find((s) => s.v === max);
      occupancy = {
        min: Math.min(...values),
        mean: values.reduce((a, b) => a + b, 0) / values.length,
        max,
        peakAt: peak
          ? `${String(Math.floor(local.hourOfDay(peak.t))).padStart(2, '0')}:${String(Math.floor((local.hourOfDay(peak.t) % 1) * 60)).padStart(2, '0')}`
          : null,
      };
    }
    revenueEuro = await lastOfDay(store, server, 'revenue-today', from, to);
    transactions = await lastOfDay(store, server, 'transactions-today', from, to);
  }
  let evEnergyKwh = 0;
  for (const device of site.devices) {
    const key = keyOf(device, 'active-power');
    if (key) evEnergyKwh += energyKwh(await store.history.read(key, from, to), to);
  }
  const alarms = (await store.queryAlarms()).filter((a) => a.raisedAt >= from && a.raisedAt < to);
  return { date, site: site.site.name, occupancy, revenueEuro, transactions, evEnergyKwh, alarms };
}

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const html = (v: unknown) =>
  String(v ?? '—').replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );
const fixed = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined ? null : v.toFixed(digits);

export function reportCsv(r: DailyReport): string {
  const rows: unknown[][] = [
    ['section', 'name', 'value', 'unit'],
    ['site', 'name', r.site, ''],
    ['site', 'date', r.date, ''],
    ['occupancy', 'min', r.occupancy?.min, 'spaces'],
    ['occupancy', 'mean', fixed(r.occupancy?.mean, 1), 'spaces'],
    ['occupancy', 'max', r.occupancy?.max, 'spaces'],
    ['occupancy', 'peak at', r.occupancy?.peakAt, 'local time'],
    ['revenue', 'today', fixed(r.revenueEuro, 2), 'EUR'],
    ['revenue', 'transactions', r.transactions, 'count'],
    ['ev', 'energy delivered', fixed(r.evEnergyKwh, 2), 'kWh'],
    ['alarms', 'raised', r.alarms.length, 'count'],
    ...r.alarms.map((a) => [
      'alarm',
      a.key,
      `${a.value} (${a.severity}, ${a.state})`,
      new Date(a.raisedAt).toISOString(),
    ]),
  ];
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

export function reportHtml(r: DailyReport): string {
  const line = (name: string, value: unknown, unit = '') =>
    `<tr><th>${html(name)}</th><td>${html(value)}${unit ? ` ${html(unit)}` : ''}</td></tr>`;
  const alarms = r.alarms
    .map(
      (a) =>
        `<tr><td>${html(new Date(a.raisedAt).toISOString())}</td><td>${html(a.key)}</td><td>${html(a.value)}</td><td>${html(a.severity)}</td><td>${html(a.state)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(r.site)} — daily report ${html(r.date)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#1b1f24}h1{font-size:1.4rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
th{width:40%;font-weight:600}</style></head><body>
<h1>${html(r.site)} — daily report, ${html(r.date)}</h1>
<h2>Occupancy</h2><table>${line('Lowest', r.occupancy?.min, 'spaces')}${line('Mean', fixed(r.occupancy?.mean, 1), 'spaces')}${line('Highest', r.occupancy?.max, 'spaces')}${line('Peak at', r.occupancy?.peakAt)}</table>
<h2>Revenue</h2><table>${line('Revenue', fixed(r.revenueEuro, 2), '€')}${line('Transactions', r.transactions)}</table>
<h2>EV charging</h2><table>${line('Energy delivered', fixed(r.evEnergyKwh, 2), 'kWh')}</table>
<h2>Alarms (${r.alarms.length})</h2>
${r.alarms.length === 0 ? '<p>No alarm was raised this day.</p>' : `<table><tr><th>Raised</th><th>Point</th><th>Value</th><th>Severity</th><th>State</th></tr>${alarms}</table>`}
</body></html>
`;
}

/**
 * Writes `<dir>/report-<date>.csv` and `.html` (each through a temporary file), owner-only like every data
 * file; returns their paths.
 */
export function writeDailyReport(dir: string, report: DailyReport): string[] {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  const files: Array<[string, string]> = [
    [join(dir, `report-${report.date}.csv`), reportCsv(report)],
    [join(dir, `report-${report.date}.html`), reportHtml(report)],
  ];
  for (const [path, content] of files) {
    writeFileSync(`${path}.tmp`, content, { mode: FILE_MODE });
    renameSync(`${path}.tmp`, path);
  }
  return files.map(([path]) => path);
}
