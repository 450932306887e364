// The `site:` section: identity, time zone, location, and the base of automatic BACnet instances.

import type { DiagnosticList } from '../points/diagnostics.js';
import { DEFAULT_BACNET_BASE } from './device-numbers.js';
import type { SiteInfo } from './model.js';
import { canonicalTimeZone } from './timezone.js';
import { isMapping } from './values.js';
import type { Path } from './yaml.js';

export interface SiteSection {
  /** Null when a required field is missing or rejected (already reported). */
  info: SiteInfo | null;
  bacnetBase: number;
}

/** Reads `site:`; fields the schema rejected (`usable` false) are not checked again. */
export function readSiteSection(
  raw: unknown,
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
  usable: (path: Path) => boolean,
): SiteSection {
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
  const base = site.bacnetBase;
  const bacnetBase =
    Number.isInteger(base) && usable(['site', 'bacnetBase']) ? (base as number) : DEFAULT_BACNET_BASE;
  if (id === null || name === null || tz === null) return { info: null, bacnetBase };
  return { info: { id, name, tz, location: readLocation(site.location) }, bacnetBase };
}

function readLocation(raw: unknown): SiteInfo['location'] {
  if (!isMapping(raw)) return null;
  const location: NonNullable<SiteInfo['location']> = {};
  if (typeof raw.latitude === 'number') location.latitude = raw.latitude;
  if (typeof raw.longitude === 'number') location.longitude = raw.longitude;
  if (typeof raw.address === 'string') location.address = raw.address;
  return location;
}
