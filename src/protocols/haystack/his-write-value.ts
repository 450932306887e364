// A hisWrite cell as the numeric form history keeps (points/point-value.ts numericValue), checked against the
// point as Haxall checks it: the point's kind, and for a Number the point's unit — a unitless number takes
// it, another unit is refused (no conversion). An enum takes one of its words, as hisRead gives it back.

import { HBool, HNum, HStr, type HVal } from 'haystack-core';
import type { Point } from '../../points/model.js';
import { OpError } from './grids.js';
import { haystackUnit } from './haystack-values.js';
import { haystackKind } from './point-records.js';

const shown = (val: HVal) => val.toZinc();

/** The number history keeps for `val` on `point`, or an OpError saying what the point takes. */
export function hisWriteNumber(point: Point, val: HVal): number {
  const kind = haystackKind(point);
  const wrongKind = () =>
    new OpError(`hisWrite: ${point.name} is a ${kind} point (${point.type}), not ${shown(val)}`);
  switch (point.type) {
    case 'number': {
      if (!(val instanceof HNum)) throw wrongKind();
      const unit = haystackUnit(point);
      const given = val.unit?.symbol ?? null;
      if (given !== null && given !== unit)
        throw new OpError(
          `hisWrite: ${shown(val)} on ${point.name}, whose unit is ${unit ?? 'none'}: unit conversion explicitly disallowed`,
        );
      return val.value;
    }
    case 'bool':
    case 'action':
      if (!(val instanceof HBool)) throw wrongKind();
      return val.value ? 1 : 0;
    case 'enum': {
      if (!(val instanceof HStr)) throw wrongKind();
      const index = point.enum?.indexOf(val.value) ?? -1;
      if (index < 0)
        throw new OpError(
          `hisWrite: ${shown(val)} is not a state of ${point.name} (${(point.enum ?? []).join(', ')})`,
        );
      return index;
    }
    case 'datetime': {
      const t = val instanceof HStr ? Date.parse(val.value) : Number.NaN;
      if (!Number.isFinite(t))
        throw new OpError(`hisWrite: ${point.name} takes ISO 8601 date-time Strs, not ${shown(val)}`);
      return t;
    }
    case 'string':
      throw new OpError(`hisWrite: ${point.name} is a text point, which keeps no history`);
  }
}
