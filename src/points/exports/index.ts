// Every export format of `pointyard profile export`, by name: the core's JSON and the plug-ins' formats.

import type { PointsPlugin } from '../points-plugin.js';
import type { ExportFormat } from './export-format.js';
import { JSON_EXPORT } from './json.js';

/** The core's `json`, then the formats `plugins` offer, by name; two formats with one name are a bug. */
export function exportFormats(plugins: readonly PointsPlugin[]): Map<string, ExportFormat> {
  const formats = new Map<string, ExportFormat>([[JSON_EXPORT.name, JSON_EXPORT]]);
  for (const plugin of plugins)
    for (const format of plugin.exports ?? []) {
      if (formats.has(format.name))
        throw new Error(`export format '${format.name}' of plug-in '${plugin.name}' is offered twice`);
      formats.set(format.name, format);
    }
  return formats;
}
