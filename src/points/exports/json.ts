// The canonical JSON form of a profile, and reading it back with a check of its shape.

import type { Profile } from '../model.js';
import { checkProfileShape } from './json-shape.js';

export function exportJson(profile: Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

export type JsonImport = { ok: true; profile: Profile } | { ok: false; errors: string[] };

/** Reads a profile exported as JSON; every field is checked, and the first problems are reported. */
export function importJson(text: string): JsonImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not JSON: ${(err as Error).message}`] };
  }
  const errors = checkProfileShape(value);
  return errors.length === 0 ? { ok: true, profile: value as Profile } : { ok: false, errors };
}
