// What a protocol plug-in gives the site-file reader (see src/protocols/plugin.ts for the whole contract).
// The reader names no protocol: it asks each plug-in in turn.

import type { PointsPlugin } from '../points/points-plugin.js';

/** The part of a protocol plug-in that reading a site file uses. */
export interface SitePlugin extends PointsPlugin {}
