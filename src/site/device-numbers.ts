// The device numbers of every plug-in with a numbering (unit ids, device instances…): explicit ones checked
// (in range for a whole fleet, never shared), the others assigned by `assignNumbers` (lowest free, in device
// order). Each plug-in's numbers are kept under its name.

import type { DiagnosticList } from '../points/diagnostics.js';
import type { DeviceDraft } from './devices.js';
import { assignNumbers } from './numbering.js';
import { type DeviceNumbering, numberings } from './plugin-numbering.js';
import type { SitePlugin } from './site-plugin.js';
import { isMapping } from './values.js';
import type { Path } from './yaml.js';

/** Reports explicit numbers that run out of range in a fleet, or that two devices share. */
export function checkExplicitNumbers(
  drafts: DeviceDraft[],
  plugins: readonly SitePlugin[],
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
): void {
  for (const { name, numbering } of numberings(plugins)) {
    const { field, what, max } = numbering;
    const owners = new Map<number, { id: string; line: number }>();
    const reported = new Set<number>();
    for (const d of drafts) {
      const n = d.numbers[name] ?? null;
      if (n === null || reported.has(d.entry)) continue;
      const line = lineOf(['devices', d.entry, field]);
      if (d.offset === 0 && n + d.count - 1 > max) {
        diag.error(
          line,
          `device '${d.idAsWritten}': a fleet of ${d.count} from ${field} ${n} runs past ${max} (the last would be ${n + d.count - 1})`,
        );
        reported.add(d.entry);
        continue;
      }
      const owner = owners.get(n);
      if (owner) {
        diag.error(line, `${what} ${n} of '${d.id}' is already used by '${owner.id}' (line ${owner.line})`);
        reported.add(d.entry); // one message per entry, not one per device of a fleet
      } else owners.set(n, { id: d.id, line });
    }
  }
}

/** The first automatic number: fixed, or the `site` field's value when the schema took it, else its default. */
function firstNumber(numbering: DeviceNumbering, site: unknown, usable: (path: Path) => boolean): number {
  const first = numbering.first;
  if (typeof first === 'number') return first;
  const written = isMapping(site) ? site[first.siteField] : undefined;
  return Number.isInteger(written) && usable(['site', first.siteField]) ? (written as number) : first.default;
}

/**
 * Every device's numbers by plug-in name. When none is left, a plug-in whose running out is a warning gives
 * the devices after none (null, one warning for all); one whose running out is an error reports it.
 */
export function assignDeviceNumbers(
  drafts: DeviceDraft[],
  plugins: readonly SitePlugin[],
  site: unknown,
  usable: (path: Path) => boolean,
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
): Record<string, number | null>[] {
  const numbers = drafts.map((): Record<string, number | null> => ({}));
  for (const { name, numbering } of numberings(plugins)) {
    const first = firstNumber(numbering, site, usable);
    const given = assignNumbers(
      drafts.map((d) => d.numbers[name] ?? null),
      first,
      numbering.max,
    );
    given.forEach((n, i) => {
      (numbers[i] as Record<string, number | null>)[name] = n;
    });
    const without = drafts.filter((_, i) => given[i] === null);
    const from = without[0];
    if (!from) continue;
    const { what, whenFull } = numbering;
    if (whenFull.severity === 'warning')
      diag.warn(
        lineOf(['devices', from.entry]),
        `${without.length} device${without.length === 1 ? ' has' : 's have'} no ${what} from '${from.id}' on: ${whenFull.why}`,
      );
    else {
      const base = typeof numbering.first === 'number' ? `${first}` : `${numbering.first.siteField} ${first}`;
      diag.error(
        lineOf(['devices', from.entry]),
        `no ${what} left for '${from.id}': every ${whenFull.each} from ${base} to ${numbering.max} is taken`,
      );
    }
  }
  return numbers;
}
