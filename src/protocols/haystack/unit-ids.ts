// Units as Haxall's unit database knows them: every unit has ids, its name first and its symbol last
// (`kilowatt, kW`; `second, s, sec`), and a number's unit is the same whichever id it is written with.

import { HAYSTACK_UNIT_IDS } from '../../points/data/haystack-units.js';

/** Every id of every unit → that unit's name. */
const NAME_OF = new Map<string, string>();
for (const ids of HAYSTACK_UNIT_IDS)
  for (const id of ids) if (!NAME_OF.has(id)) NAME_OF.set(id, ids[0] as string);

/** Whether a filter may write this unit: an id of the database, or a custom unit (`_` first) as Haxall allows. */
export function isUnitId(id: string): boolean {
  return NAME_OF.has(id) || id.startsWith('_');
}

/** What makes two units the same: the unit's name for an id of the database, the text itself otherwise. */
export function unitKey(id: string | undefined): string {
  if (id === undefined) return '';
  return NAME_OF.get(id) ?? id;
}
