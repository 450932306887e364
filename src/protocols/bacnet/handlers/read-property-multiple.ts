// ReadPropertyMultiple (clause 15.7): several properties of several objects in one ComplexACK, each result a
// value or its own error. ALL, REQUIRED and OPTIONAL expand to the object's properties (Property_List left
// out, as clause 15.7.3.1.2 says); an unknown object answers each property asked with unknown-object.
// The answer is written straight into one writer, each value between its tags, an error in its place when a
// property cannot be read: this runs for every poll of every BMS, so nothing is built per property.
import type { ConfirmedAnswer } from '../application.js';
import { ByteWriter } from '../codec/byte-writer.js';
import {
  PropertyId,
  type ReadAccessSpecification,
  writeReadAccessResultEnd,
  writeReadAccessResultStart,
  writeResultError,
  writeResultValueEnd,
  writeResultValueStart,
} from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import type { PropertyDef } from '../objects/property-content.js';
import type { ReadContext } from '../objects/read-context.js';
import {
  findProperty,
  objectIdOf,
  propertiesOf,
  unknownObject,
  unknownProperty,
  writePropertyValue,
} from '../objects/read-property-value.js';

/** Octets an object's result takes in a typical answer (Present_Value and Status_Flags): the writer's start. */
const OCTETS_PER_OBJECT = 32;

/** One result: the value between its tags, or the error instead (what was written of the value dropped). */
function writeResult(
  w: ByteWriter,
  def: PropertyDef | undefined,
  property: number,
  arrayIndex?: number,
): void {
  const mark = w.length;
  if (def) {
    writeResultValueStart(w, property, arrayIndex);
    const error = writePropertyValue(w, def, arrayIndex);
    if (error === null) {
      writeResultValueEnd(w);
      return;
    }
    w.rewind(mark);
    writeResultError(w, property, arrayIndex, error);
    return;
  }
  writeResultError(w, property, arrayIndex, unknownProperty(property));
}

/** Whether `def` is one of those ALL, REQUIRED or OPTIONAL (`which`) stands for. */
function expands(def: PropertyDef, which: number): boolean {
  if (def.id === PropertyId.PROPERTY_LIST) return false;
  return which === PropertyId.ALL || def.required === (which === PropertyId.REQUIRED);
}

function writeAccessResult(
  w: ByteWriter,
  d: DeviceObjects,
  spec: ReadAccessSpecification,
  ctx: ReadContext,
): void {
  const defs = propertiesOf(d, spec.object, ctx);
  if (!defs) {
    const error = unknownObject(spec.object);
    writeReadAccessResultStart(w, spec.object);
    for (const p of spec.properties) writeResultError(w, p.property, p.arrayIndex, error);
    writeReadAccessResultEnd(w);
    return;
  }
  writeReadAccessResultStart(w, objectIdOf(d, spec.object));
  for (const asked of spec.properties) {
    const which = asked.property;
    if (which === PropertyId.ALL || which === PropertyId.REQUIRED || which === PropertyId.OPTIONAL) {
      for (const def of defs) if (expands(def, which)) writeResult(w, def, def.id);
    } else writeResult(w, findProperty(defs, which), which, asked.arrayIndex);
  }
  writeReadAccessResultEnd(w);
}

export function readPropertyMultiple(
  d: DeviceObjects,
  specs: readonly ReadAccessSpecification[],
  ctx: ReadContext,
): ConfirmedAnswer {
  const w = new ByteWriter(OCTETS_PER_OBJECT * specs.length + 16);
  for (const spec of specs) writeAccessResult(w, d, spec, ctx);
  return { kind: 'complex-ack', body: w.toBuffer() };
}
