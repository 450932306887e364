// Reads one property of one object of a device, encoded as the codec's property value: the whole property,
// an array's size (index 0) or one of its elements (1..n); or the Error the standard names for an object or a
// property that is not there, or an index that does not fit. `writePropertyValue` writes it straight into the
// writer of the answer (ReadPropertyMultiple); a constant property's encoding is made once and kept.
import { ByteWriter } from '../codec/byte-writer.js';
import {
  ErrorClass,
  ErrorCode,
  MAX_INSTANCE,
  type ObjectId,
  ObjectType,
  type PropertyReference,
  type PropertyValue,
  writeValue,
} from '../codec/index.js';
import type { DeviceObjects } from './device-objects.js';
import { deviceProperties } from './device-properties.js';
import { pointProperties } from './point-properties.js';
import type { ArrayElement, PropertyDef, PropertyError } from './property-content.js';
import type { ReadContext } from './read-context.js';

export type PropertyRead = { ok: true; value: PropertyValue } | { ok: false; error: PropertyError };

/** Whether `id` names the device's own Device object (instance 4194303 stands for the device addressed). */
export function isDeviceObject(d: DeviceObjects, id: ObjectId): boolean {
  return id.type === ObjectType.DEVICE && (id.instance === d.id.instance || id.instance === MAX_INSTANCE);
}

/** The identifier of a known object `id` names: the Device object's own where the request said 4194303. */
export function objectIdOf(d: DeviceObjects, id: ObjectId): ObjectId {
  return isDeviceObject(d, id) ? d.id : id;
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

const propertyError = (errorCode: number, why: string): PropertyError => ({
  errorClass: ErrorClass.PROPERTY,
  errorCode,
  why,
});

/** The property `property` of a known object's properties `defs`, or undefined. */
export function findProperty(defs: readonly PropertyDef[], property: number): PropertyDef | undefined {
  for (const def of defs) if (def.id === property) return def;
  return undefined;
}

/** Encodings of the constant properties, made on their first read. */
const KEPT = new WeakMap<PropertyDef, Uint8Array>();

/**
 * Writes `def` (whole, or its element `arrayIndex`) into `w`: the octets between a property value's tags.
 * Answers null, or the error, with nothing written.
 */
export function writePropertyValue(
  w: ByteWriter,
  def: PropertyDef,
  arrayIndex: number | undefined,
): PropertyError | null {
  const mark = w.length;
  try {
    if (def.constant && arrayIndex === undefined) {
      let kept = KEPT.get(def);
      if (!kept) {
        const own = new ByteWriter(32);
        writeContent(own, def, undefined);
        kept = own.toBuffer();
        KEPT.set(def, kept);
      }
      w.bytes(kept);
      return null;
    }
    return writeContent(w, def, arrayIndex);
  } catch (err) {
    // A value the codec cannot encode (a number beyond its type…): the client gets an error, not silence.
    w.rewind(mark);
    const why = `property ${def.id} cannot be encoded: ${err instanceof Error ? err.message : String(err)}`;
    return { errorClass: ErrorClass.DEVICE, errorCode: ErrorCode.OTHER, why };
  }
}

function writeContent(w: ByteWriter, def: PropertyDef, arrayIndex: number | undefined): PropertyError | null {
  const content = def.read();
  if (content.kind === 'value') {
    if (arrayIndex !== undefined)
      return propertyError(ErrorCode.PROPERTY_IS_NOT_AN_ARRAY, `property ${def.id} is not an array`);
    for (const v of content.values) writeValue(w, v);
    return null;
  }
  const { elements } = content;
  if (arrayIndex === undefined) {
    for (const element of elements) writeElement(w, element);
    return null;
  }
  if (arrayIndex === 0) {
    writeValue(w, { type: 'unsigned', value: elements.length });
    return null;
  }
  const element = elements[arrayIndex - 1];
  if (!element)
    return propertyError(
      ErrorCode.INVALID_ARRAY_INDEX,
      `index ${arrayIndex} of property ${def.id}, which has ${elements.length} elements`,
    );
  writeElement(w, element);
  return null;
}

function writeElement(w: ByteWriter, element: ArrayElement): void {
  if (element instanceof Uint8Array) w.bytes(element);
  else for (const v of element) writeValue(w, v);
}

/** One property of a known object's properties `defs`, encoded on its own. */
export function readPropertyValue(defs: readonly PropertyDef[], ref: PropertyReference): PropertyRead {
  const def = findProperty(defs, ref.property);
  if (!def) return { ok: false, error: unknownProperty(ref.property) };
  const w = new ByteWriter(32);
  const error = writePropertyValue(w, def, ref.arrayIndex);
  return error ? { ok: false, error } : { ok: true, value: w.toBuffer() };
}

/** The error of a property the object does not have. */
export const unknownProperty = (property: number): PropertyError =>
  propertyError(ErrorCode.UNKNOWN_PROPERTY, `the object has no property ${property}`);
