// A point's JSON payload: `{"val":…,"unit":…,"ts":…,"status":…}`. `val` is the value in its natural JSON form
// (number, boolean, enum word, text; a date-time as ISO 8601 UTC text), null for a real device's point never
// read; `unit` the points list's unit symbol (`°C`), null for none or a plain count; `ts` when the value or
// status last changed, ISO 8601 UTC; `status` the point status (ok, stale, fault, down, disabled, unknown).
// Built as text without an intermediate object: it runs for every change of every point.

import { unitInfo } from '../../../points/units.js';
import type { Point, PointStatus, Value } from '../../../runtime/services/services.js';

/** The unit a JSON payload carries for a point: its symbol as Pointyard spells it, or null. */
export function jsonUnit(point: Point): string | null {
  if (!point.unit) return null;
  const info = unitInfo(point.unit);
  if (!info) return point.unit;
  return info.plainNumber ? null : info.symbol;
}

/** A value in its JSON form: a number as JSON writes it (a non-finite one as null), text quoted. */
export function jsonValue(value: Value | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/** The part of a point's payload that never changes: `,"unit":"°C","ts":"`, computed once per point. */
export function unitPart(point: Point): string {
  return `,"unit":${JSON.stringify(jsonUnit(point))},"ts":"`;
}

/** The last time written and its text: the changes of one turn share their time, written once. */
let lastTs = Number.NaN;
let lastIso = '';

function iso(ts: number): string {
  if (ts !== lastTs) {
    lastTs = ts;
    lastIso = new Date(ts).toISOString();
  }
  return lastIso;
}

/** The payload of one point; `unit` is its `unitPart`. */
export function pointPayload(unit: string, value: Value | null, ts: number, status: PointStatus): string {
  return `{"val":${jsonValue(value)}${unit}${iso(ts)}","status":"${status}"}`;
}
