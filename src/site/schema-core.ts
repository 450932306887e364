// The protocol-free parts of the site file's JSON schema (draft-07); site-schema.ts adds the plug-ins'
// fragments to them. Field order is the order messages list the fields in.

import type { JsonSchema } from './json-schema.js';

/** A mapping, or nothing written (`server:`): the same as an empty one. */
export const MAPPING_OR_EMPTY = ['object', 'null'];

/** The `site` section's own fields: identity, time zone, location. */
export const SITE_FIELDS: Record<string, JsonSchema> = {
  id: {
    description: "Lower-case letters, digits and '-'.",
    type: 'string',
    pattern: '^[a-z0-9][a-z0-9-]*$',
  },
  name: { description: 'Display name.', type: 'string', minLength: 1 },
  tz: { description: 'IANA time zone, e.g. Europe/Paris.', type: 'string', minLength: 1 },
  location: {
    type: MAPPING_OR_EMPTY,
    additionalProperties: false,
    properties: {
      latitude: { type: 'number', minimum: -90, maximum: 90 },
      longitude: { type: 'number', minimum: -180, maximum: 180 },
      address: { type: 'string', minLength: 1 },
    },
  },
};

/** A device's fields before the plug-ins' number fields. */
export const DEVICE_FIELDS: Record<string, JsonSchema> = {
  id: {
    description: "Lower-case letters, digits and '-'; a fleet's id contains {n} or {n:0W}.",
    type: 'string',
    pattern: '^(?:[a-z0-9]|\\{n(?::0[1-9])?\\})(?:[a-z0-9-]|\\{n(?::0[1-9])?\\})*$',
  },
  profile: {
    description:
      'A built-in profile id (ev-charger-level-2) or a points-list file relative to the site file (./gate.md).',
    type: 'string',
    minLength: 1,
  },
  name: { description: 'Display name; {n} is replaced in fleets.', type: 'string', minLength: 1 },
  count: { description: 'Number of devices in the fleet.', type: 'integer', minimum: 1, maximum: 10000 },
  start: { description: 'First {n} of a fleet.', type: 'integer', minimum: 0, default: 1 },
  parameters: {
    description: "Behaviour parameters, as the device's behaviour documents them.",
    type: MAPPING_OR_EMPTY,
  },
};

/** A device's `source`; its description names the kinds the plug-ins read (`sourceSchema`). */
export function sourceSchema(kinds: readonly string[]): JsonSchema {
  const real = kinds.length > 0 ? `, ${kinds.join(', ')}` : '';
  return {
    description: `Where values come from: \`sim\` (the behaviour model)${real}; a real device's source also takes the connector's \`staleMs\`, \`disabled\` (docs/connectors.md).`,
    type: ['string', 'object'],
    minLength: 1,
    required: ['kind'],
    properties: { kind: { type: 'string', minLength: 1 } },
    default: 'sim',
  };
}

/** A device's fields after the plug-ins' number fields. */
export const DEVICE_FIELDS_AFTER: Record<string, JsonSchema> = {
  faults: {
    description:
      'Faults scheduled for scripted scenarios: each starts at a time (ISO 8601) or after a duration from the start of the run (`+2h`), and lasts `duration` (until the end when absent).',
    type: 'array',
    items: {
      type: 'object',
      required: ['fault', 'at'],
      additionalProperties: false,
      properties: {
        fault: {
          type: 'string',
          minLength: 1,
          description: "a fault the device's behaviour models (`pointyard fault --list`)",
        },
        at: {
          type: 'string',
          minLength: 1,
          description: 'an ISO 8601 date-time, or `+<duration>` after the start (`+90min`)',
        },
        duration: { type: 'string', minLength: 1, description: 'how long: `30min`, `2h`…' },
      },
    },
  },
};

export const STORE_SCHEMA: JsonSchema = {
  description: 'Where the site keeps its data.',
  type: MAPPING_OR_EMPTY,
  additionalProperties: false,
  properties: {
    engine: {
      description:
        'Storage engine: sqlite (the data folder `path`), memory (nothing kept across restarts) or postgres (the database `url`); a database URL (postgres://…) names the engine and its database at once. Any other name is an error; a URL is checked when the site starts.',
      type: 'string',
      minLength: 1,
      default: 'sqlite',
    },
    url: {
      description:
        'The PostgreSQL database of the postgres engine, postgres://user@host:5432/database (libpq form: TLS with ?sslmode=verify-full&sslrootcert=ca.pem&sslcert=…&sslkey=…). Leave the password out: PGPASSWORD (and PGUSER) from the environment.',
      type: 'string',
      pattern: '^postgres(ql)?://',
    },
    poolSize: {
      description: 'Connections at most to the PostgreSQL database (default 10).',
      type: 'integer',
      minimum: 1,
      maximum: 1000,
    },
    path: {
      description: "Data folder, relative to the site file; absent or null: the command line's --data.",
      type: ['string', 'null'],
      minLength: 1,
    },
    auditRetentionDays: {
      description:
        'Days the audit trail of writes is kept; older records are deleted in small batches while the site runs.',
      type: 'number',
      exclusiveMinimum: 0,
      default: 365,
    },
    historyRetentionDays: {
      description:
        'Days raw history samples are kept (absent: forever); whole chunks past it are deleted in small batches while the site runs. Their 1-minute and 1-hour roll-ups stay (rollupRetentionDays).',
      type: 'number',
      exclusiveMinimum: 0,
    },
    rollupRetentionDays: {
      description:
        'Days the stored 1-minute and 1-hour history roll-ups are kept (absent: forever); at least historyRetentionDays. Hours past it are deleted in small batches while the site runs.',
      type: 'number',
      exclusiveMinimum: 0,
    },
    alarmReportRetentionDays: {
      description:
        'Days received alarm reports and the delivery records of sent ones are kept; older ones are deleted in small batches while the site runs (reports waiting to be sent are never deleted).',
      type: 'number',
      exclusiveMinimum: 0,
      default: 365,
    },
  },
};
