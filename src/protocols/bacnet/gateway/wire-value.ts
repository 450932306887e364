// A point's value as the gateway reads it from and writes it to a real device's Present_Value, by the point's
// type (the same mapping the server uses, objects/present-value.ts): REAL, BACnetBinaryPV, Unsigned state,
// CharacterString, Date and Time. A value that does not fit the point, a NULL, or an object whose
// Status_Flags say FAULT reads as null (the connector shows the point `fault`).

import type { Value } from '../../../core/value.js';
import type { Point } from '../../../points/model.js';
import { type BacnetValue, decodePropertyValue, type PropertyValue, StatusFlagBit } from '../codec/index.js';
import { bacnetValueOf, writtenValueOf } from '../objects/present-value.js';

/** The application-tagged values of a property value, or null when it holds anything else. */
function applicationValues(raw: PropertyValue): BacnetValue[] | null {
  const decoded = decodePropertyValue(raw);
  if (!decoded.ok) return null;
  const values: BacnetValue[] = [];
  for (const element of decoded.value) {
    if (element.type === 'context') return null;
    values.push(element);
  }
  return values;
}

/** A Present_Value read from the device as the point's value, or null when it is not one. */
export function pointValueOf(point: Point, raw: PropertyValue, tz: string): Value | null {
  const values = applicationValues(raw);
  if (values === null) return null;
  const read = writtenValueOf(point, values, tz);
  return read.ok ? read.value : null;
}

/** Whether Status_Flags read from the device say FAULT (an absent or odd value says nothing). */
export function faultFlagged(raw: PropertyValue): boolean {
  const [flags] = applicationValues(raw) ?? [];
  return flags?.type === 'bitString' && flags.value[StatusFlagBit.FAULT] === true;
}

/** `value` as the Present_Value written to the device. */
export function wireValuesOf(point: Point, value: Value, tz: string): BacnetValue[] {
  return bacnetValueOf(point, value, tz);
}

/** `value` as the device will read it back: a REAL in single precision, a date to the hundredth. */
export function carriedValue(point: Point, value: Value, tz: string): Value {
  const values = wireValuesOf(point, value, tz).map((v) =>
    v.type === 'real' ? { ...v, value: Math.fround(v.value) } : v,
  );
  const read = writtenValueOf(point, values, tz);
  return read.ok && read.value !== null ? read.value : value;
}
