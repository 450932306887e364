// A site in brief: what `pointyard site show --format json` prints.

import { type DeviceSource, isConnectorSource, type Site } from './model.js';
import { numberings } from './plugin-numbering.js';
import type { SitePlugin } from './site-plugin.js';

/** `sim`, or the real device as its plug-in writes it (a URL). */
function sourceText(source: DeviceSource, plugins: readonly SitePlugin[]): string {
  if (!isConnectorSource(source)) return source.kind;
  const describe = plugins.find((p) => p.name === source.kind)?.source?.describe;
  return describe ? describe(source.settings) : source.kind;
}

export interface DeviceSummary {
  id: string;
  /** The profile id (not the file it came from). */
  profile: string;
  name: string;
  /** Number of points. */
  points: number;
  /** Where its values come from: `sim`, or the real device's address as its plug-in writes it (a URL). */
  source: string;
  /** Its number in each numbering, under the numbering's device field in the site file; null for none. */
  [numberField: string]: string | number | null;
}

export interface SiteSummary {
  site: { id: string; name: string; tz: string };
  devices: DeviceSummary[];
}

export function siteSummary(site: Site, plugins: readonly SitePlugin[]): SiteSummary {
  const { id, name, tz } = site.site;
  const numbered = numberings(plugins);
  return {
    site: { id, name, tz },
    devices: site.devices.map((d) => ({
      id: d.id,
      profile: d.profile.id,
      name: d.name,
      ...Object.fromEntries(numbered.map((p) => [p.numbering.field, d.numbers[p.name] ?? null])),
      points: d.profile.points.length,
      source: sourceText(d.source, plugins),
    })),
  };
}
