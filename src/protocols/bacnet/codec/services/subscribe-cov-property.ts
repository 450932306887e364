// SubscribeCOVProperty (clause 13.15); the answer is a SimpleACK.
//   SubscribeCOVProperty-Request ::= SEQUENCE { subscriberProcessIdentifier [0] Unsigned32,
//     monitoredObjectIdentifier [1], issueConfirmedNotifications [2] BOOLEAN OPTIONAL,
//     lifetime [3] Unsigned OPTIONAL, monitoredPropertyIdentifier [4] BACnetPropertyReference,
//     covIncrement [5] REAL OPTIONAL }
import { ByteWriter } from '../byte-writer.js';
import {
  expectClosing,
  expectOpening,
  isContext,
  readContextReal,
  writeContextReal,
} from '../context-tags.js';
import type { Decoded } from '../result.js';
import { writeClosingTag, writeOpeningTag } from '../tags.js';
import { decodeBody } from './body.js';
import {
  type PropertyReference,
  readPropertyReference,
  writePropertyReference,
} from './property-reference.js';
import { readSubscription, type SubscribeCovRequest, writeSubscription } from './subscribe-cov.js';

export type SubscribeCovPropertyRequest = SubscribeCovRequest & {
  property: PropertyReference;
  covIncrement?: number;
};

export function encodeSubscribeCovProperty(m: SubscribeCovPropertyRequest): Buffer {
  const w = new ByteWriter(32);
  writeSubscription(w, m);
  writeOpeningTag(w, 4);
  writePropertyReference(w, m.property);
  writeClosingTag(w, 4);
  if (m.covIncrement !== undefined) writeContextReal(w, 5, m.covIncrement);
  return w.toBuffer();
}

export function decodeSubscribeCovProperty(body: Uint8Array): Decoded<SubscribeCovPropertyRequest> {
  return decodeBody(body, 'SubscribeCOVProperty', (r) => {
    const subscription = readSubscription(r);
    expectOpening(r, 4);
    const property = readPropertyReference(r);
    expectClosing(r, 4);
    if (!isContext(r, 5)) return { ...subscription, property };
    return { ...subscription, property, covIncrement: readContextReal(r, 5) };
  });
}
