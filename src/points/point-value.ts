// A value read through its point's type: the value a point starts with, and the numeric form history keeps.

import type { Value } from '../core/value.js';
import type { Point } from './model.js';

/** The value a point shows before anything has been computed or written. */
export function initialValue(point: Point): Value {
  switch (point.type) {
    case 'number':
      return point.min !== null && point.max !== null ? (point.min + point.max) / 2 : 0;
    case 'bool':
    case 'action':
      return false;
    case 'enum':
      return point.enum?.[0] ?? '';
    case 'string':
      return '';
    case 'datetime':
      return new Date(0).toISOString();
  }
}

/** Numeric form for history: numbers as they are, booleans 0/1, enums their index, date-times epoch ms. */
export function numericValue(point: Point, value: Value): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (point.type === 'enum') {
    const i = point.enum?.indexOf(value) ?? -1;
    return i >= 0 ? i : null;
  }
  if (point.type === 'datetime') {
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/** Inverse of numericValue for history reads; null when the number means nothing for this point. */
export function valueFromNumeric(point: Point, n: number): Value | null {
  switch (point.type) {
    case 'number':
      return n;
    case 'bool':
    case 'action':
      return n !== 0;
    case 'enum':
      return point.enum?.[n] ?? null;
    case 'datetime':
      return Number.isFinite(n) ? new Date(n).toISOString() : null;
    case 'string':
      return null;
  }
}
