// What a protocol plug-in gives the points-list reader: the columns of the `Mappings Protocoles` table it
// parses (see src/protocols/plugin.ts for the whole plug-in contract). The reader names no protocol: it asks
// each plug-in in turn.

import type { AddressColumn } from './address-column.js';
import type { ExportFormat } from './exports/export-format.js';

/** The part of a protocol plug-in that reading a points list uses. */
export interface PointsPlugin {
  /** The protocol's key (lower case, no spaces). */
  readonly name: string;
  /** Its name for people. */
  readonly title: string;
  /** Its columns of the `Mappings Protocoles` table; each point's address under `point.addresses.<name>`. */
  readonly columns?: readonly AddressColumn[];
  /** Its formats of `pointyard profile export`. */
  readonly exports?: readonly ExportFormat[];
}
