// SubscribeCOV (clause 13.14); the answer is a SimpleACK. Without [2] and [3] it cancels the subscription.
//   SubscribeCOV-Request ::= SEQUENCE { subscriberProcessIdentifier [0] Unsigned32,
//     monitoredObjectIdentifier [1] BACnetObjectIdentifier, issueConfirmedNotifications [2] BOOLEAN OPTIONAL,
//     lifetime [3] Unsigned OPTIONAL }
import type { ByteReader } from '../byte-reader.js';
import { ByteWriter } from '../byte-writer.js';
import {
  isContext,
  optionalContextUnsigned,
  readContextBoolean,
  readContextObjectId,
  readContextUnsigned,
  writeContextBoolean,
  writeContextObjectId,
  writeContextUnsigned,
} from '../context-tags.js';
import { RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import type { ObjectId } from '../values.js';
import { decodeBody } from './body.js';

/** A new or renewed subscription, or (`cancel`) the end of one. */
export type SubscribeCovRequest = { processId: number; object: ObjectId } & (
  | { cancel: true }
  | {
      cancel: false;
      confirmed: boolean;
      /** Seconds; 0 or absent on the wire: indefinite (absent here means the same). */
      lifetime?: number;
    }
);

/** Writes fields [0]–[3]; SubscribeCOVProperty continues from there. */
export function writeSubscription(w: ByteWriter, m: SubscribeCovRequest): void {
  writeContextUnsigned(w, 0, m.processId);
  writeContextObjectId(w, 1, m.object);
  if (m.cancel) return;
  writeContextBoolean(w, 2, m.confirmed);
  if (m.lifetime !== undefined) writeContextUnsigned(w, 3, m.lifetime);
}

export function readSubscription(r: ByteReader): SubscribeCovRequest {
  const processId = readContextUnsigned(r, 0);
  const object = readContextObjectId(r, 1);
  if (!isContext(r, 2)) {
    if (isContext(r, 3)) {
      malformed(
        'a lifetime [3] without issueConfirmedNotifications [2]',
        r.pos,
        RejectReason.MISSING_REQUIRED_PARAMETER,
      );
    }
    return { processId, object, cancel: true };
  }
  const confirmed = readContextBoolean(r, 2);
  const lifetime = optionalContextUnsigned(r, 3);
  return lifetime === undefined
    ? { processId, object, cancel: false, confirmed }
    : { processId, object, cancel: false, confirmed, lifetime };
}

export function encodeSubscribeCov(m: SubscribeCovRequest): Buffer {
  const w = new ByteWriter(24);
  writeSubscription(w, m);
  return w.toBuffer();
}

export function decodeSubscribeCov(body: Uint8Array): Decoded<SubscribeCovRequest> {
  return decodeBody(body, 'SubscribeCOV', readSubscription);
}
