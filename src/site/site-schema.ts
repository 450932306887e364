// The site file's JSON schema (draft-07), assembled from its protocol-free core (schema-core.ts) and each
// plug-in's fragments: its device number field (and the `site` field of its first automatic number), the
// sources it reads, its `server.<name>` settings. `npm run schema` writes it to docs/site-file.schema.json
// for editors; the loader validates with the same object.

import type { JsonSchema } from './json-schema.js';
import { numberings } from './plugin-numbering.js';
import {
  DEVICE_FIELDS,
  DEVICE_FIELDS_AFTER,
  MAPPING_OR_EMPTY,
  SITE_FIELDS,
  STORE_SCHEMA,
  sourceSchema,
} from './schema-core.js';
import type { SitePlugin } from './site-plugin.js';

/** The whole schema for a list of plug-ins (their order is the order of their fields). */
export function siteSchema(plugins: readonly SitePlugin[]): JsonSchema {
  const numbered = numberings(plugins);
  const numberFields = Object.fromEntries(
    numbered.map(({ numbering: n }) => [
      n.field,
      { description: n.description, type: 'integer', minimum: n.min, maximum: n.max },
    ]),
  );
  const siteFields = Object.fromEntries(
    numbered.flatMap(({ numbering: n }) =>
      typeof n.first === 'number'
        ? []
        : [
            [
              n.first.siteField,
              {
                description: n.first.description,
                type: 'integer',
                minimum: n.min,
                maximum: n.max,
                default: n.first.default,
              },
            ],
          ],
    ),
  );
  const servers = Object.fromEntries(
    plugins.flatMap((p) => (p.serverSchema ? [[p.name, p.serverSchema]] : [])),
  );
  const sources = plugins.flatMap((p) => (p.source ? [p.source.description] : []));
  const numbers = numbered.map((p) => p.numbering.what);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Pointyard site file',
    description:
      'A site: its identity, its devices (profile × parameters × source) and its server and store settings. See docs/site-file.md.',
    type: 'object',
    required: ['site', 'devices'],
    additionalProperties: false,
    properties: {
      site: { $ref: '#/definitions/site' },
      devices: {
        description: `The devices of the site, in order; automatic numbers${numbers.length > 0 ? ` (${numbers.join(', ')})` : ''} follow this order.`,
        type: 'array',
        minItems: 1,
        items: { $ref: '#/definitions/device' },
      },
      server: {
        description:
          "Protocol server settings by interface (http, each protocol's name…); each server reads its own mapping.",
        type: MAPPING_OR_EMPTY,
        ...(Object.keys(servers).length > 0 ? { properties: servers } : {}),
        additionalProperties: { type: MAPPING_OR_EMPTY },
      },
      store: STORE_SCHEMA,
    },
    definitions: {
      site: {
        description: "The site's identity.",
        type: 'object',
        required: ['id', 'name', 'tz'],
        additionalProperties: false,
        properties: { ...SITE_FIELDS, ...siteFields },
      },
      device: {
        description:
          'One device, or a fleet of `count` devices whose id contains {n} (or {n:03} zero-padded).',
        type: 'object',
        required: ['id', 'profile'],
        additionalProperties: false,
        properties: {
          ...DEVICE_FIELDS,
          source: sourceSchema(sources),
          ...numberFields,
          ...DEVICE_FIELDS_AFTER,
        },
      },
    },
  };
}

/** The schema as the committed file has it: two-space JSON and a final newline. */
export function siteSchemaText(plugins: readonly SitePlugin[]): string {
  return `${JSON.stringify(siteSchema(plugins), null, 2)}\n`;
}
