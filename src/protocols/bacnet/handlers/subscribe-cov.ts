// SubscribeCOV (clause 13.14) and SubscribeCOVProperty (clause 13.15): a point's object subscribed to,
// renewed or cancelled; answered with a SimpleACK or the error that refuses it.
import type { BacnetPeer, ConfirmedAnswer } from '../application.js';
import {
  ErrorClass,
  ErrorCode,
  type SubscribeCovPropertyRequest,
  type SubscribeCovRequest,
} from '../codec/index.js';
import type { CovSubscriptions } from '../cov-subscriptions.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import { isDeviceObject, unknownObject } from '../objects/read-property-value.js';
import { errorAnswer } from './answers.js';

export function subscribeCov(
  d: DeviceObjects,
  request: SubscribeCovRequest | SubscribeCovPropertyRequest,
  peer: BacnetPeer,
  subscriptions: CovSubscriptions,
): ConfirmedAnswer {
  const object = d.pointObject(request.object);
  if (!object) {
    if (!isDeviceObject(d, request.object)) return errorAnswer(unknownObject(request.object));
    return errorAnswer({
      errorClass: ErrorClass.OBJECT,
      errorCode: ErrorCode.OPTIONAL_FUNCTIONALITY_NOT_SUPPORTED,
      why: 'the Device object does not report changes of value',
    });
  }
  const monitored = 'property' in request ? request.property : null;
  if (monitored?.arrayIndex !== undefined)
    return errorAnswer({
      errorClass: ErrorClass.PROPERTY,
      errorCode: ErrorCode.PROPERTY_IS_NOT_AN_ARRAY,
      why: `property ${monitored.property} of ${object.name} is not an array`,
    });
  if (request.cancel) {
    subscriptions.cancel(d, peer, request.processId, object, monitored?.property ?? null);
    return { kind: 'simple-ack' };
  }
  const covIncrement = 'covIncrement' in request ? request.covIncrement : undefined;
  const refused = subscriptions.subscribe(d, peer, {
    processId: request.processId,
    object,
    confirmed: request.confirmed,
    lifetime: request.lifetime,
    property: monitored ? { id: monitored.property, increment: covIncrement } : null,
  });
  return refused ? errorAnswer(refused) : { kind: 'simple-ack' };
}
