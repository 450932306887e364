// ReadPropertyMultiple (clause 15.7): several properties of several objects in one ComplexACK, each result a
// value or its own error. ALL, REQUIRED and OPTIONAL expand to the object's properties (Property_List left
// out, as clause 15.7.3.1.2 says); an unknown object answers each property asked with unknown-object.
import type { ConfirmedAnswer } from '../application.js';
import {
  encodeReadPropertyMultipleAck,
  PropertyId,
  type PropertyReference,
  type ReadAccessResult,
  type ReadAccessResultItem,
  type ReadAccessSpecification,
} from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import type { PropertyDef } from '../objects/property-content.js';
import type { ReadContext } from '../objects/read-context.js';
import { propertiesOf, readPropertyValue, unknownObject } from '../objects/read-property-value.js';
import { objectIdOf } from './read-property.js';

/** The properties a reference names: itself, or those ALL, REQUIRED or OPTIONAL stand for. */
function expand(defs: readonly PropertyDef[], ref: PropertyReference): PropertyReference[] {
  const pick = (keep: (d: PropertyDef) => boolean) =>
    defs.filter((d) => d.id !== PropertyId.PROPERTY_LIST && keep(d)).map((d) => ({ property: d.id }));
  switch (ref.property) {
    case PropertyId.ALL:
      return pick(() => true);
    case PropertyId.REQUIRED:
      return pick((d) => d.required);
    case PropertyId.OPTIONAL:
      return pick((d) => !d.required);
    default:
      return [ref];
  }
}

function resultOf(d: DeviceObjects, spec: ReadAccessSpecification, ctx: ReadContext): ReadAccessResult {
  const defs = propertiesOf(d, spec.object, ctx);
  if (!defs) {
    const error = unknownObject(spec.object);
    return {
      object: spec.object,
      results: spec.properties.map((p) => ({
        ...p,
        error: { errorClass: error.errorClass, errorCode: error.errorCode },
      })),
    };
  }
  const results: ReadAccessResultItem[] = [];
  for (const asked of spec.properties) {
    for (const ref of expand(defs, asked)) {
      const read = readPropertyValue(defs, ref);
      results.push(
        read.ok
          ? { ...ref, value: read.value }
          : { ...ref, error: { errorClass: read.error.errorClass, errorCode: read.error.errorCode } },
      );
    }
  }
  return { object: objectIdOf(defs, spec.object), results };
}

export function readPropertyMultiple(
  d: DeviceObjects,
  specs: readonly ReadAccessSpecification[],
  ctx: ReadContext,
): ConfirmedAnswer {
  const results = specs.map((spec) => resultOf(d, spec, ctx));
  return { kind: 'complex-ack', body: encodeReadPropertyMultipleAck(results) };
}
