// A site in brief: what `pointyard site show --format json` prints.

import type { DeviceSource, Site } from './model.js';

function sourceText(source: DeviceSource): string {
  if (source.kind === 'sim') return 'sim';
  const host = source.host.includes(':') ? `[${source.host}]` : source.host;
  return `modbus-tcp://${host}:${source.port}?unit=${source.unit}`;
}

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
    /** Where its values come from: `sim`, or the real device's address (`modbus-tcp://10.0.0.7:502?unit=3`). */
    source: string;
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
      source: sourceText(d.source),
    })),
  };
}
