// The `faults` list of a device: scripted scenarios, each fault at a time or after the start, for a while.

import type { Profile } from '../points/model.js';
import { parseDuration } from '../util/time.js';
import type { ScriptedFault } from './model.js';
import { isMapping, isString } from './values.js';

/**
 * The faults a device's behaviour models, by its profile id and parameters (the behaviours' registry knows
 * them; the site reader is handed this lookup by its caller).
 */
export type FaultNames = (profileId: string, parameters: Record<string, unknown>) => readonly string[];

/**
 * Reads the list; `fail(index, field, message)` reports a problem at an item's field. Fault names are checked
 * against `faultNames` when given.
 */
export function readScriptedFaults(
  raw: unknown,
  profile: Profile | null,
  parameters: Record<string, unknown>,
  faultNames: FaultNames | undefined,
  fail: (index: number, field: string, message: string) => void,
): ScriptedFault[] {
  if (!Array.isArray(raw)) return [];
  const known = profile && faultNames ? faultNames(profile.id, parameters) : null;
  const faults: ScriptedFault[] = [];
  raw.forEach((item: unknown, index) => {
    if (!isMapping(item) || !isString(item.fault) || !isString(item.at)) return;
    let ok = true;
    if (known && !known.includes(item.fault)) {
      fail(
        index,
        'fault',
        `unknown fault '${item.fault}' (this device's faults: ${known.join(', ') || 'none'})`,
      );
      ok = false;
    }
    let at: ScriptedFault['at'] | null = null;
    if (item.at.startsWith('+')) {
      const afterMs = parseDuration(item.at.slice(1));
      if (afterMs === null)
        fail(index, 'at', `cannot read '${item.at}': expected +<duration> such as +2h or +90min`);
      else at = { afterMs };
    } else {
      const time = Date.parse(item.at);
      if (!Number.isFinite(time))
        fail(index, 'at', `cannot read '${item.at}': expected an ISO 8601 date-time or +<duration>`);
      else at = { time };
    }
    let durationMs: number | null = null;
    if (item.duration !== undefined) {
      durationMs = isString(item.duration) ? parseDuration(item.duration) : null;
      if (durationMs === null) {
        fail(index, 'duration', `cannot read duration '${String(item.duration)}' (e.g. 30min, 2h)`);
        ok = false;
      }
    }
    if (ok && at) faults.push({ fault: item.fault, at, durationMs });
  });
  return faults;
}
