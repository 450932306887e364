// ReadProperty (clause 15.5): one property of one object, whole or by array index, in a ComplexACK.
import type { ConfirmedAnswer } from '../application.js';
import { encodeReadPropertyAck, type ObjectId, type ReadPropertyRequest } from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import type { PropertyDef } from '../objects/property-content.js';
import type { ReadContext } from '../objects/read-context.js';
import { propertiesOf, readPropertyValue, unknownObject } from '../objects/read-property-value.js';
import { errorAnswer } from './answers.js';

/** The object's own identifier (the Device object's instance where the request said 4194303). */
export function objectIdOf(defs: readonly PropertyDef[], fallback: ObjectId): ObjectId {
  const content = defs[0]?.read();
  const first = content?.kind === 'value' ? content.values[0] : undefined;
  return first?.type === 'objectId' ? first.value : fallback;
}

export function readProperty(
  d: DeviceObjects,
  request: ReadPropertyRequest,
  ctx: ReadContext,
): ConfirmedAnswer {
  const defs = propertiesOf(d, request.object, ctx);
  if (!defs) return errorAnswer(unknownObject(request.object));
  const read = readPropertyValue(defs, request);
  if (!read.ok) return errorAnswer(read.error);
  const object = objectIdOf(defs, request.object);
  return { kind: 'complex-ack', body: encodeReadPropertyAck({ ...request, object, value: read.value }) };
}
