// Relinquish defaults (level 17) of command points, shared by every behaviour: the site file's
// `parameters.defaults.<point id>` when given, else a rule per type.

import type { Value } from '../core/value.js';
import type { Point } from '../points/model.js';
import { hasRole } from '../points/special-roles.js';
import { coerceWrite } from '../points/write-validation.js';
import type { DeviceContext } from './behaviour.js';

/**
 * An enable switch (a boolean command named `… Enable` or `Activation …`, or the System Enable: see
 * points/special-roles.ts) is on unless written off; other booleans are off; an enum rests on its first
 * word; a number on the middle of its allowed range; text is empty.
 */
export function ruleDefault(point: Point): Value {
  switch (point.type) {
    case 'bool':
      return hasRole(point, 'enable-switch');
    case 'action':
      return false;
    case 'enum':
      return point.enum?.[0] ?? '';
    case 'number':
      return point.min !== null && point.max !== null
        ? (point.min + point.max) / 2
        : (point.min ?? point.max ?? 0);
    case 'string':
      return '';
    case 'datetime':
      return new Date(0).toISOString();
  }
}

/** The configured default when it is a valid value for the point, else the rule's. */
export function relinquishDefault(ctx: DeviceContext, point: Point): Value {
  const defaults = ctx.device.parameters.defaults;
  if (defaults && typeof defaults === 'object' && point.id in defaults) {
    const coerced = coerceWrite(point, (defaults as Record<string, unknown>)[point.id]);
    if (coerced.ok) return coerced.value;
  }
  return ruleDefault(point);
}
