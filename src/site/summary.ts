// A site in brief: what `pointyard site show --format json` prints.

import type { Site } from './model.js';

export interface SiteSummary {
  site: { id: string; name: string; tz: string };
  devices: {
    id: string;
    /** The profile id (not the file it came from). */
    profile: string;
    name: string;
    modbusUnit: number | null;
    bacnetInstance: number;
    /** Number of points. */
    points: number;
  }[];
}

export function siteSummary(site: Site): SiteSummary {
  const { id, name, tz } = site.site;
  return {
    site: { id, name, tz },
    devices: site.devices.map((d) => ({
      id: d.id,
      profile: d.profile.id,
      name: d.name,
      modbusUnit: d.modbusUnit,
      bacnetInstance: d.bacnetInstance,
      points: d.profile.points.length,
    })),
  };
}
