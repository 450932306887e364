// What a protocol plug-in gives the site-file reader (see src/protocols/plugin.ts for the whole contract).
// The reader names no protocol: it asks each plug-in in turn.

import type { PointsPlugin } from '../points/points-plugin.js';
import type { JsonSchema } from './json-schema.js';
import type { DeviceNumbering } from './plugin-numbering.js';
import type { SourceSupport } from './plugin-source.js';

/** The part of a protocol plug-in that reading a site file uses. */
export interface SitePlugin extends PointsPlugin {
  /** Its device numbers (`Device.numbers[name]`, a device field, maybe a `site` field); absent: none. */
  readonly numbering?: DeviceNumbering;
  /** Devices read through its connector (`source: {kind: <name>…}` or a URL); absent: none yet. */
  readonly source?: SourceSupport;
  /** The JSON schema of its `server.<name>` settings; absent: any mapping. */
  readonly serverSchema?: JsonSchema;
}
