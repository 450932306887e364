// Point values as Haystack values: numbers with their Haystack unit, booleans, enum words and text as Str.

import { HBool, HNum, HStr, type HVal } from 'haystack-core';
import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import { unitInfo } from '../../points/units.js';

export function haystackUnit(point: Point): string | null {
  return point.unit ? (unitInfo(point.unit)?.haystack ?? null) : null;
}

export function toHaystack(point: Point, value: Value): HVal {
  if (typeof value === 'number') {
    const unit = haystackUnit(point);
    return unit ? HNum.make(value, unit) : HNum.make(value);
  }
  if (typeof value === 'boolean') return HBool.make(value);
  return HStr.make(value);
}

/** The Haystack time zone name of an IANA zone: its city (`Europe/Paris` → `Paris`), as Haystack writes it. */
export function haystackTz(iana: string): string {
  return iana.split('/').at(-1) ?? iana;
}
