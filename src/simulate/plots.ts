// Collects the samples of one device per device type during a simulation and draws them (plot-svg.ts).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Value } from '../core/value.js';
import { numericValue } from '../points/point-value.js';
import type { PointEntry } from '../runtime/point-store.js';
import type { Site } from '../site/model.js';
import { type PlotSeries, renderPlot } from './plot-svg.js';

export function plotCollector(site: Site) {
  // The first device of each profile stands for its type.
  const chosen = new Map<string, string>();
  for (const device of site.devices)
    if (!chosen.has(device.profile.id)) chosen.set(device.profile.id, device.id);
  const wanted = new Set(chosen.values());
  const series = new Map<string, PlotSeries>();
  return {
    add(entry: PointEntry, t: number, value: Value): void {
      if (!wanted.has(entry.device.id) || entry.point.kind === 'command' || entry.point.type === 'datetime')
        return;
      const n = numericValue(entry.point, value);
      if (n === null) return;
      let s = series.get(entry.key);
      if (!s) {
        s = { point: entry.point, t: [], v: [] };
        series.set(entry.key, s);
      }
      s.t.push(t);
      s.v.push(n);
    },
    /** Writes `plots/<profile id>.svg` for each type; returns the files, relative to `outDir`. */
    write(outDir: string, start: number, end: number): string[] {
      mkdirSync(join(outDir, 'plots'), { recursive: true });
      const files: string[] = [];
      for (const [profileId, deviceId] of chosen) {
        const device = site.devices.find((d) => d.id === deviceId);
        if (!device) continue;
        const panels = device.profile.points
          .map((p) => series.get(`${deviceId}.${p.id}`))
          .filter((s): s is PlotSeries => s !== undefined && s.t.length > 0);
        const svg = renderPlot(panels, {
          title: `${device.name} — ${device.profile.name}`,
          subtitle: `${site.site.name}, ${new Date(start).toISOString().slice(0, 16)}Z to ${new Date(end).toISOString().slice(0, 16)}Z (times in ${site.site.tz}), simulated by Pointyard`,
          start,
          end,
          tz: site.site.tz,
        });
        const file = join('plots', `${profileId}.svg`);
        writeFileSync(join(outDir, file), svg);
        files.push(file);
      }
      return files;
    },
  };
}
