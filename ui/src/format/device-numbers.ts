// A device's protocol numbers from its equip record: the tags the site record's `numberLabels` names
// (`{modbusUnit: "Modbus unit", bacnetInstance: "BACnet instance"}`), each with its word, in that order.
import { labelsOf } from './addresses.js';

type Dict = Record<string, unknown>;

export function deviceNumbersOf(equip: Dict, site: Dict): Array<{ label: string; value: string }> {
  return Object.entries(labelsOf(site, 'numberLabels')).flatMap(([tag, label]) => {
    const value = equip[tag];
    return typeof value === 'number' || typeof value === 'string' ? [{ label, value: String(value) }] : [];
  });
}
