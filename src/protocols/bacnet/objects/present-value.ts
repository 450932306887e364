// A point's value as BACnet carries it in Present_Value, Relinquish_Default and the Priority_Array, by the
// point's type: a number REAL, a boolean or a momentary action ENUMERATED (BACnetBinaryPV, 1 active), an enum
// Unsigned state 1..n (the word's index + 1), text CharacterString, a date-time BACnetDateTime (Date, Time
// of the site's zone). And back: what a client wrote, checked against the type before the write path sees it.
import type { Value } from '../../../core/value.js';
import type { Point } from '../../../points/model.js';
import { type BacnetValue, BinaryPV, ErrorClass, ErrorCode } from '../codec/index.js';
import type { PropertyError } from './property-content.js';
import { instantOf, localDateTime } from './site-time.js';

/** `value` of `point` as application-tagged values. */
export function bacnetValueOf(point: Point, value: Value, tz: string): BacnetValue[] {
  switch (point.type) {
    case 'number':
      return [{ type: 'real', value: typeof value === 'number' ? value : Number(value) }];
    case 'bool':
    case 'action':
      return [{ type: 'enumerated', value: value === true ? BinaryPV.ACTIVE : BinaryPV.INACTIVE }];
    case 'enum': {
      const index = point.enum?.indexOf(String(value)) ?? -1;
      return [{ type: 'unsigned', value: index >= 0 ? index + 1 : 1 }];
    }
    case 'string':
      return [{ type: 'characterString', value: String(value) }];
    case 'datetime': {
      const ms = Date.parse(String(value));
      const { date, time } = localDateTime(Number.isFinite(ms) ? ms : 0, tz);
      return [
        { type: 'date', value: date },
        { type: 'time', value: time },
      ];
    }
  }
}

/** What a client wrote: the value for the write path (null relinquishes), or the BACnet error it gets. */
export type WrittenValue = { ok: true; value: Value | null } | { ok: false; error: PropertyError };

const invalidType = (point: Point, want: string): WrittenValue => ({
  ok: false,
  error: {
    errorClass: ErrorClass.PROPERTY,
    errorCode: ErrorCode.INVALID_DATA_TYPE,
    why: `${point.name} takes ${want}`,
  },
});

const outOfRange = (point: Point, why: string): WrittenValue => ({
  ok: false,
  error: {
    errorClass: ErrorClass.PROPERTY,
    errorCode: ErrorCode.VALUE_OUT_OF_RANGE,
    why: `${point.name}: ${why}`,
  },
});

/** Decoded Present_Value `values` of a write to `point` → the write path's value. */
export function writtenValueOf(point: Point, values: readonly BacnetValue[], tz: string): WrittenValue {
  const [first, second] = values;
  if (values.length === 1 && first?.type === 'null') return { ok: true, value: null };
  switch (point.type) {
    case 'number':
      if (values.length !== 1 || first?.type !== 'real') return invalidType(point, 'a REAL');
      if (!Number.isFinite(first.value)) return outOfRange(point, `${first.value} is not a finite number`);
      return { ok: true, value: first.value };
    case 'bool':
    case 'action':
      if (values.length !== 1 || first?.type !== 'enumerated')
        return invalidType(point, 'an ENUMERATED (0 or 1)');
      if (first.value > BinaryPV.ACTIVE)
        return outOfRange(point, `${first.value} is neither INACTIVE nor ACTIVE`);
      return { ok: true, value: first.value === BinaryPV.ACTIVE };
    case 'enum': {
      if (values.length !== 1 || first?.type !== 'unsigned') return invalidType(point, 'an Unsigned state');
      const words = point.enum ?? [];
      const state = Number(first.value);
      if (!(state >= 1 && state <= words.length))
        return outOfRange(point, `state ${first.value} is outside 1..${words.length}`);
      return { ok: true, value: words[state - 1] as string };
    }
    case 'string':
      if (values.length !== 1 || first?.type !== 'characterString')
        return invalidType(point, 'a CharacterString');
      return { ok: true, value: first.value };
    case 'datetime': {
      if (values.length !== 2 || first?.type !== 'date' || second?.type !== 'time')
        return invalidType(point, 'a Date and a Time');
      const ms = instantOf(first.value, second.value, tz);
      if (ms === null) return outOfRange(point, 'the date and time must be fully specified and valid');
      return { ok: true, value: new Date(ms).toISOString() };
    }
  }
}
