// Confirmed and Unconfirmed COV Notification (clause 13.6, 13.7): the same production, sent as a
// Confirmed-Request (answered by a SimpleACK) or as an Unconfirmed-Request.
//   COVNotification-Request ::= SEQUENCE { subscriberProcessIdentifier [0] Unsigned32,
//     initiatingDeviceIdentifier [1], monitoredObjectIdentifier [2], timeRemaining [3] Unsigned,
//     listOfValues [4] SEQUENCE OF BACnetPropertyValue }
import { ByteWriter } from '../byte-writer.js';
import {
  expectClosing,
  expectOpening,
  isContext,
  readContextObjectId,
  readContextUnsigned,
  writeContextObjectId,
  writeContextUnsigned,
} from '../context-tags.js';
import type { Decoded } from '../result.js';
import { writeClosingTag, writeOpeningTag } from '../tags.js';
import type { ObjectId } from '../values.js';
import { decodeBody } from './body.js';
import {
  type PropertyValueEntry,
  readPropertyValueEntry,
  writePropertyValueEntry,
} from './property-reference.js';

export interface CovNotification {
  processId: number;
  device: ObjectId;
  object: ObjectId;
  /** Seconds left of the subscription (0: indefinite). */
  timeRemaining: number;
  values: PropertyValueEntry[];
}

export function encodeCovNotification(m: CovNotification): Buffer {
  const w = new ByteWriter(64);
  writeContextUnsigned(w, 0, m.processId);
  writeContextObjectId(w, 1, m.device);
  writeContextObjectId(w, 2, m.object);
  writeContextUnsigned(w, 3, m.timeRemaining);
  writeOpeningTag(w, 4);
  for (const v of m.values) writePropertyValueEntry(w, v);
  writeClosingTag(w, 4);
  return w.toBuffer();
}

export function decodeCovNotification(body: Uint8Array): Decoded<CovNotification> {
  return decodeBody(body, 'COVNotification', (r) => {
    const processId = readContextUnsigned(r, 0);
    const device = readContextObjectId(r, 1);
    const object = readContextObjectId(r, 2);
    const timeRemaining = readContextUnsigned(r, 3);
    expectOpening(r, 4);
    const values: PropertyValueEntry[] = [];
    while (!isContext(r, 4, 'closing')) values.push(readPropertyValueEntry(r));
    expectClosing(r, 4);
    return { processId, device, object, timeRemaining, values };
  });
}
