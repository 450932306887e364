// Which status values mean trouble. A boolean status whose name says alarm, fault, alert, tamper, mask,
// error or failure (an alarm flag, points/special-roles.ts) is in alarm when TRUE; an enum status is in
// alarm on a trouble word and in warning on a warning word. A device can override the words of any point in
// the site file: `parameters.alarms.<point id>: [WORD, …]` (or `false` to never alarm).

import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import { hasRole } from '../points/special-roles.js';
import { ALARM_WORDS, WARNING_WORDS } from '../points/trouble-words.js';
import type { AlarmSeverity } from '../store/store.js';

/** The severity `value` has on `point`, or null when it is normal. */
export function troubleOf(point: Point, value: Value, overrides?: unknown): AlarmSeverity | null {
  if (point.kind !== 'status') return null;
  const override =
    overrides && typeof overrides === 'object' ? (overrides as Record<string, unknown>)[point.id] : undefined;
  if (override === false) return null;
  if (Array.isArray(override)) {
    const words = override.map((w) => String(w).toUpperCase());
    return typeof value === 'string' && words.includes(value.toUpperCase())
      ? 'alarm'
      : value === true && words.includes('TRUE')
        ? 'alarm'
        : null;
  }
  if (point.type === 'bool') return value === true && hasRole(point, 'alarm-flag') ? 'alarm' : null;
  if (point.type === 'enum' && typeof value === 'string') {
    const word = value.toUpperCase();
    if (ALARM_WORDS.has(word)) return 'alarm';
    if (WARNING_WORDS.has(word)) return 'warning';
  }
  return null;
}
