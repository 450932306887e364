// The `site:` section: identity, time zone and location (the plug-ins' own `site` fields, such as the first
// automatic number of a numbering, are read where they are used: device-numbers.ts).

import type { DiagnosticList } from '../points/diagnostics.js';
import type { SiteInfo } from './model.js';
import { canonicalTimeZone } from './timezone.js';
import { isMapping } from './values.js';
import type { Path } from './yaml.js';

/**
 * Reads `site:`; fields the schema rejected (`usable` false) are not checked again. Null when a required field
 * is missing or rejected (already reported).
 */
export function readSiteSection(
  raw: unknown,
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
  usable: (path: Path) => boolean,
): SiteInfo | null {
  const site = isMapping(raw) ? raw : {};
  const text = (key: string) =>
    typeof site[key] === 'string' && usable(['site', key]) ? (site[key] as string) : null;
  const id = text('id');
  const name = text('name');
  const written = text('tz');
  const tz = written === null ? null : canonicalTimeZone(written);
  if (written !== null && tz === null)
    diag.error(
      lineOf(['site', 'tz']),
      `site: unknown time zone '${written}' (expected an IANA zone name such as Europe/Paris, America/New_York or UTC)`,
    );
  if (id === null || name === null || tz === null) return null;
  return { id, name, tz, location: readLocation(site.location) };
}

function readLocation(raw: unknown): SiteInfo['location'] {
  if (!isMapping(raw)) return null;
  const location: NonNullable<SiteInfo['location']> = {};
  if (typeof raw.latitude === 'number') location.latitude = raw.latitude;
  if (typeof raw.longitude === 'number') location.longitude = raw.longitude;
  if (typeof raw.address === 'string') location.address = raw.address;
  return location;
}
