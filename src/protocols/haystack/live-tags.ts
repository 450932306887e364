// The tags of a point record that change while the site runs (from the point store and the priority array):
// never in the filter index, computed when a record is read.
export const LIVE_TAGS: ReadonlySet<string> = new Set([
  'curVal',
  'curStatus',
  'curTs',
  'writeVal',
  'writeLevel',
  // An equip's: the status of the connector reading its real device.
  'connStatus',
]);
