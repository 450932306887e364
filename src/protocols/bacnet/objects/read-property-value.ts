// Reads one property of one object of a device, encoded as the codec's property value: the whole property,
// an array's size (index 0) or one of its elements (1..n); or the Error the standard names for an object or a
// property that is not there, or an index that does not fit.
import {
  ErrorClass,
  ErrorCode,
  encodePropertyValue,
  MAX_INSTANCE,
  type ObjectId,
  ObjectType,
  type PropertyReference,
  type PropertyValue,
} from '../codec/index.js';
import type { DeviceObjects } from './device-objects.js';
import { deviceProperties } from './device-properties.js';
import { pointProperties } from './point-properties.js';
import type { ArrayElement, PropertyContent, PropertyDef, PropertyError } from './property-content.js';
import type { ReadContext } from './read-context.js';

export type PropertyRead = { ok: true; value: PropertyValue } | { ok: false; error: PropertyError };

/** Whether `id` names the device's own Device object (instance 4194303 stands for the device addressed). */
export function isDeviceObject(d: DeviceObjects, id: ObjectId): boolean {
  return id.type === ObjectType.DEVICE && (id.instance === d.id.instance || id.instance === MAX_INSTANCE);
}

/** The properties of the object `id` of `d`, or undefined when it has no such object. */
export function propertiesOf(d: DeviceObjects, id: ObjectId, ctx: ReadContext): PropertyDef[] | undefined {
  if (isDeviceObject(d, id)) return deviceProperties(d, ctx);
  const object = d.pointObject(id);
  return object && pointProperties(object, ctx);
}

export const unknownObject = (id: ObjectId): PropertyError => ({
  errorClass: ErrorClass.OBJECT,
  errorCode: ErrorCode.UNKNOWN_OBJECT,
  why: `no object ${id.type}:${id.instance}`,
});

const propertyError = (errorCode: number, why: string): PropertyRead => ({
  ok: false,
  error: { errorClass: ErrorClass.PROPERTY, errorCode, why },
});

function encode(content: PropertyContent, arrayIndex: number | undefined, property: number): PropertyRead {
  if (content.kind === 'value') {
    if (arrayIndex !== undefined)
      return propertyError(ErrorCode.PROPERTY_IS_NOT_AN_ARRAY, `property ${property} is not an array`);
    return { ok: true, value: encodePropertyValue(content.values) };
  }
  const { elements } = content;
  if (arrayIndex === undefined) return { ok: true, value: Buffer.concat(elements.map(encodeElement)) };
  if (arrayIndex === 0)
    return { ok: true, value: encodePropertyValue([{ type: 'unsigned', value: elements.length }]) };
  const element = elements[arrayIndex - 1];
  if (!element)
    return propertyError(
      ErrorCode.INVALID_ARRAY_INDEX,
      `index ${arrayIndex} of property ${property}, which has ${elements.length} elements`,
    );
  return { ok: true, value: encodeElement(element) };
}

function encodeElement(element: ArrayElement): Uint8Array {
  return element instanceof Uint8Array ? element : encodePropertyValue(element);
}

/** One property of a known object's properties `defs`. */
export function readPropertyValue(defs: readonly PropertyDef[], ref: PropertyReference): PropertyRead {
  const def = defs.find((d) => d.id === ref.property);
  if (!def) return propertyError(ErrorCode.UNKNOWN_PROPERTY, `the object has no property ${ref.property}`);
  try {
    return encode(def.read(), ref.arrayIndex, ref.property);
  } catch (err) {
    // A value the codec cannot encode (a number beyond its type…): the client gets an error, not silence.
    const why = `property ${ref.property} cannot be encoded: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, error: { errorClass: ErrorClass.DEVICE, errorCode: ErrorCode.OTHER, why } };
  }
}
