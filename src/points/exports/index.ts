// Every export format of `pointyard profile export`, by name: the core's JSON and the plug-ins' formats.

import type { PointsPlugin } from '../points-plugin.js';
import type { ExportFormat } from './export-format.js';
import { JSON_EXPORT } from './json.js';

/** The formats `plugins` offer after the core's `json`, by name; the first of two with one name wins. */
export function exportFormats(plugins: readonly PointsPlugin[]): Map<string, ExportFormat> {
  const formats = new Map<string, ExportFormat>([[JSON_EXPORT.name, JSON_EXPORT]]);
  for (const plugin of plugins)
    for (const format of plugin.exports ?? [])
      if (!formats.has(format.name)) formats.set(format.name, format);
  return formats;
}
