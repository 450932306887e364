// The `val` of a pointWrite checked against the point's Haystack kind and unit, as Haxall checks it: a Number
// for a Number point, in the point's unit or none (then it takes the point's); a Bool for a Bool point; a Str
// for a Str point (a DateTime too for a date-time). A momentary action (kind Bool) takes true or its word.
// Anything else is refused with the reason, before the write path sees it; no unit is converted.

import { HBool, HDateTime, HNum, HStr, type HVal } from 'haystack-core';
import type { Point } from '../../../points/model.js';
import { unitInfo } from '../../../points/units.js';
import { OpError } from '../grids.js';
import { haystackUnit } from '../haystack-values.js';
import { haystackKind } from '../point-records.js';

/** Whether `symbol` is the Haystack unit `unit` (or one of our spellings of it). */
const sameUnit = (symbol: string, unit: string | null) =>
  unit !== null && (symbol === unit || unitInfo(symbol)?.haystack === unit);

/** Why `val` is not of `point`'s kind and unit, or null when it is. */
function mismatch(point: Point, val: HVal): string | null {
  const kind = haystackKind(point);
  if (point.type === 'action')
    return val instanceof HBool || val instanceof HStr ? null : `a Bool (true) or the Str ${point.action}`;
  if (kind === 'Number') {
    if (!(val instanceof HNum)) return 'a Number';
    const symbol = val.unit?.symbol;
    const unit = haystackUnit(point);
    if (symbol === undefined || sameUnit(symbol, unit)) return null;
    return unit ? `a Number in ${unit} (or without a unit)` : 'a Number without a unit';
  }
  if (kind === 'Bool') return val instanceof HBool ? null : 'a Bool';
  if (point.type === 'datetime') return val instanceof HStr || val instanceof HDateTime ? null : 'a DateTime';
  return val instanceof HStr ? null : 'a Str';
}

/** Why `val` cannot be written to `point` (the message of the error grid), or null when it can. */
export function writeValueProblem(point: Point, val: HVal | null | undefined): string | null {
  if (val === null || val === undefined) return null;
  const wanted = mismatch(point, val);
  return wanted ? `pointWrite: ${point.name} takes ${wanted}, not ${val.toZinc()}` : null;
}

/** The value the write path takes for `val` (null relinquishes), or an error grid's OpError. */
export function writeValueOf(point: Point, val: HVal | null | undefined): unknown {
  if (val === null || val === undefined) return null;
  const problem = writeValueProblem(point, val);
  if (problem) throw new OpError(problem);
  if (val instanceof HNum) return val.value;
  if (val instanceof HDateTime) return val.date.toISOString();
  const json = val.toJSON() as unknown;
  return typeof json === 'object' && json !== null && 'val' in json ? (json as { val: unknown }).val : json;
}
