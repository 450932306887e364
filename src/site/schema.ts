// The site file's JSON schema (docs/site-file.schema.json, draft-07), compiled once with Ajv. The schema is
// the one source of truth for the shape of a site file: editors can use it, and so does `loadSite`.

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The schema file, found from the package root like the built-in profiles. */
export const SITE_SCHEMA_FILE = new URL('../../docs/site-file.schema.json', import.meta.url);

let compiled: ValidateFunction | null = null;

/** Every way `value` breaks the schema (empty when it fits); verbose, so each error carries its data. */
export function schemaErrors(value: unknown): ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(SITE_SCHEMA_FILE, 'utf8')),
  );
  return compiled(value) ? [] : [...(compiled.errors ?? [])];
}
