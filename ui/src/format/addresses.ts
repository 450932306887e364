// A point's protocol addresses from its record: the address tags of the server's protocol plug-ins
// (`<key>Cur`, else `<key>Write`: `bacnetCur`, `modbusCur`…), shown with the words the site record gives them
// (`addressLabels`), then the points list's other protocol columns (OCPP measurand, SIA event…), which the
// API serves as Str tags of their own. Every other Str tag of a record — names, its kind and unit, and the
// live tags (a text point's `curVal`, `writeVal`) — is not an address.
// No imports: the server-side tests read it as well.

/** A record's tags as Hayson (a `Dict` of api/hayson). */
type Dict = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const KNOWN = new Set([
  'id',
  'dis',
  'navName',
  'description',
  'kind',
  'unit',
  'displayUnit',
  'enum',
  'actionWord',
  'writeRole',
  'tz',
  'profile',
  'curVal',
  'curStatus',
  'curErr',
  'writeVal',
  'writeStatus',
  'writeErr',
  'hisStatus',
  'hisErr',
  'hisMode',
  'hisInterpolate',
]);

/** Words for the points lists' other columns, by their tag. */
const LABELS: Record<string, string> = { ocpp: 'OCPP', siaProtocol: 'SIA', knx: 'KNX', mbus: 'M-Bus' };

export interface Address {
  protocol: string;
  address: string;
}

/** The site record's `addressLabels` (address key → the word shown before its addresses). */
export function addressLabelsOf(site: Dict): Record<string, string> {
  return labelsOf(site, 'addressLabels');
}

/** A Dict of words of the site record (`addressLabels`, `numberLabels`), as a plain object of strings. */
export function labelsOf(site: Dict, tag: string): Record<string, string> {
  const labels = site[tag];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return {};
  const dict = labels as Dict;
  // Hayson may mark a dict with `_kind: "dict"`; any other kind is not one.
  if (dict._kind !== undefined && dict._kind !== 'dict') return {};
  const out: Record<string, string> = {};
  for (const [key, label] of Object.entries(dict)) {
    const text = str(label);
    if (key !== '_kind' && text !== null) out[key] = text;
  }
  return out;
}

export function addressesOf(rec: Dict, labels: Record<string, string>): Address[] {
  const out: Address[] = [];
  const addressTags = new Set<string>();
  for (const [key, label] of Object.entries(labels)) {
    addressTags.add(`${key}Cur`).add(`${key}Write`);
    const address = str(rec[`${key}Cur`]) ?? str(rec[`${key}Write`]);
    if (address) out.push({ protocol: label, address });
  }
  for (const [tag, value] of Object.entries(rec)) {
    if (KNOWN.has(tag) || addressTags.has(tag) || typeof value !== 'string') continue;
    out.push({ protocol: LABELS[tag] ?? tag, address: value });
  }
  return out;
}
