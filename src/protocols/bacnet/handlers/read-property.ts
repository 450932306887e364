// ReadProperty (clause 15.5): one property of one object, whole or by array index, in a ComplexACK.
import type { ConfirmedAnswer } from '../application.js';
import { encodeReadPropertyAck, type ReadPropertyRequest } from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import type { ReadContext } from '../objects/read-context.js';
import {
  objectIdOf,
  propertiesOf,
  readPropertyValue,
  unknownObject,
} from '../objects/read-property-value.js';
import { errorAnswer } from './answers.js';

export function readProperty(
  d: DeviceObjects,
  request: ReadPropertyRequest,
  ctx: ReadContext,
): ConfirmedAnswer {
  const defs = propertiesOf(d, request.object, ctx);
  if (!defs) return errorAnswer(unknownObject(request.object));
  const read = readPropertyValue(defs, request);
  if (!read.ok) return errorAnswer(read.error);
  const object = objectIdOf(d, request.object);
  return { kind: 'complex-ack', body: encodeReadPropertyAck({ ...request, object, value: read.value }) };
}
