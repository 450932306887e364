// The canonical JSON form of a profile, and reading it back with a check of its shape.

import type { Profile } from '../model.js';
import type { PointsPlugin } from '../points-plugin.js';
import type { ExportFormat } from './export-format.js';
import { checkProfileShape } from './json-shape.js';

export function exportJson(profile: Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

/** The core's export format: the profile as `exportJson` writes it. */
export const JSON_EXPORT: ExportFormat = {
  name: 'json',
  write: (profile) => [{ suffix: '.json', content: exportJson(profile) }],
};

export type JsonImport = { ok: true; profile: Profile } | { ok: false; errors: string[] };

/**
 * Reads a profile exported as JSON; every field is checked (the addresses by the columns of `plugins`), and
 * the first problems are reported.
 */
export function importJson(text: string, plugins: readonly PointsPlugin[]): JsonImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not JSON: ${(err as Error).message}`] };
  }
  const errors = checkProfileShape(value, plugins);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, profile: value as Profile };
}
