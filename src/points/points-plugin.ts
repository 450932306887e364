// What a protocol plug-in gives the points-list reader: the columns of the `Mappings Protocoles` table it
// parses (see src/protocols/plugin.ts for the whole plug-in contract). The reader names no protocol: it asks
// each plug-in in turn.

/** The part of a protocol plug-in that reading a points list uses. */
export interface PointsPlugin {
  /** The protocol's key: `modbus`, `bacnet`… (lower case, no spaces). */
  readonly name: string;
  /** Its name for people: `Modbus TCP`, `BACnet/IP`. */
  readonly title: string;
}
