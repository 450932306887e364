// A point's protocol addresses from its record: BACnet object, Modbus register(s) and the points list's other
// protocol columns (OCPP measurand, SIA event…), which the API serves as Str tags of their own. Every other
// Str tag of a record — names, its kind and unit, and the live tags (a text point's `curVal`, `writeVal`) —
// is not an address.
import { type Dict, str } from '../api/hayson';

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
  'bacnetCur',
  'bacnetWrite',
  'modbusCur',
  'modbusWrite',
]);

const LABELS: Record<string, string> = { ocpp: 'OCPP', siaProtocol: 'SIA', knx: 'KNX', mbus: 'M-Bus' };

export interface Address {
  protocol: string;
  address: string;
}

export function addressesOf(rec: Dict): Address[] {
  const out: Address[] = [];
  const bacnet = str(rec.bacnetCur) ?? str(rec.bacnetWrite);
  if (bacnet) out.push({ protocol: 'BACnet', address: bacnet });
  const modbus = str(rec.modbusCur) ?? str(rec.modbusWrite);
  if (modbus) out.push({ protocol: 'Modbus', address: modbus });
  for (const [tag, value] of Object.entries(rec)) {
    if (KNOWN.has(tag) || typeof value !== 'string') continue;
    out.push({ protocol: LABELS[tag] ?? tag, address: value });
  }
  return out;
}
