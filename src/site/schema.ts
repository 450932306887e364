// The site file's JSON schema (site-schema.ts: the core and the plug-ins' fragments), compiled with Ajv once
// per plug-in list. The schema is the one source of truth for the shape of a site file: `loadSite` uses it,
// and editors its copy in docs/site-file.schema.json.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { SitePlugin } from './site-plugin.js';
import { siteSchema } from './site-schema.js';

const compiled = new WeakMap<readonly SitePlugin[], ValidateFunction>();

/** Every way `value` breaks the schema (empty when it fits); verbose, so each error carries its data. */
export function schemaErrors(value: unknown, plugins: readonly SitePlugin[]): ErrorObject[] {
  let validate = compiled.get(plugins);
  if (!validate) {
    validate = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(
      siteSchema(plugins),
    );
    compiled.set(plugins, validate);
  }
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
