// `pointyard site show`: a site file, or a built-in site such as `demo`, as its devices with their profile,
// their number in each protocol that numbers devices (Modbus unit, BACnet instance) and point count. Exit codes: 0 ok, 1 the site file was rejected, 2 usage.

import { Command, Option } from 'commander';
import { PROTOCOLS } from '../protocols/registry.js';
import { numberings } from '../site/plugin-numbering.js';
import { type SiteSummary, siteSummary } from '../site/summary.js';
import { openSite } from './open-site.js';

/** One column per numbering, named after its plug-in (`MODBUS`, `BACNET`), read from its summary field. */
const NUMBERINGS = numberings(PROTOCOLS).map((p) => ({
  title: p.name.toUpperCase(),
  field: p.numbering.field,
}));
const COLUMNS = ['ID', 'PROFILE', 'NAME', ...NUMBERINGS.map((n) => n.title), 'POINTS', 'SOURCE'];
/** Numbers are right-aligned. */
const NUMERIC = new Set<string>([...NUMBERINGS.map((n) => n.title), 'POINTS']);

/** A heading line, then one aligned row per device under a header; `-` for a device without a number. */
function siteTable(summary: SiteSummary): string {
  const rows = summary.devices.map((d) => [
    d.id,
    d.profile,
    d.name,
    ...NUMBERINGS.map(({ field }) => (d[field] == null ? '-' : String(d[field]))),
    String(d.points),
    d.source,
  ]);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return NUMERIC.has(COLUMNS[i] ?? '') ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const points = summary.devices.reduce((sum, d) => sum + d.points, 0);
  const { id, name, tz } = summary.site;
  const count = summary.devices.length;
  const heading = `${name} (${id}), ${tz}: ${count} device${count === 1 ? '' : 's'}, ${points} points`;
  return `${heading}\n\n${[line(COLUMNS), ...rows.map(line)].join('\n')}\n`;
}

function show(options: { site: string; format: 'table' | 'json' }): void {
  const site = openSite(options.site);
  if (!site) return;
  const summary = siteSummary(site, PROTOCOLS);
  process.stdout.write(
    options.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : siteTable(summary),
  );
}

export function siteCommand(): Command {
  const site = new Command('site')
    .description('site files: devices, their profiles and protocol numbers')
    // Usage errors (missing --site, unknown format or sub-command) exit with 2, help with 0.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  site
    .command('show')
    .description('load a site and list its devices: profile, name, Modbus unit, BACnet instance, points')
    .addOption(
      new Option(
        '-s, --site <file|demo>',
        'a site file, or a built-in site by name (demo)',
      ).makeOptionMandatory(),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .action(show);
  return site;
}
