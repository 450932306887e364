// The `faults` list of a device: scripted scenarios, each fault at a time or after the start, for a while.

import { behaviourFor } from '../behaviours/registry.js';
import type { Profile } from '../points/model.js';
import { parseDuration } from '../util/time.js';
import type { ScriptedFault } from './model.js';
import { isMapping, isString } from './values.js';

/** Reads the list; `fail(index, field, message)` reports a problem at an item's field. */
export function readScriptedFaults(
  raw: unknown,
  profile: Profile | null,
  parameters: Record<string, unknown>,
  fail: (index: number, field: string, message: string) => void,
): ScriptedFault[] {
  if (!Array.isArray(raw)) return [];
  const known = profile ? behaviourFor(profile.id, parameters.behaviour).faults : null;
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
