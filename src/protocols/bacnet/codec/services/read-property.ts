// ReadProperty (clause 15.5).
//   ReadProperty-Request ::= SEQUENCE { objectIdentifier [0], propertyIdentifier [1],
//                                       propertyArrayIndex [2] Unsigned OPTIONAL }
//   ReadProperty-ACK ::= SEQUENCE { objectIdentifier [0], propertyIdentifier [1],
//                                   propertyArrayIndex [2] Unsigned OPTIONAL, propertyValue [3] ABSTRACT-SYNTAX }
import { ByteWriter } from '../byte-writer.js';
import {
  readConstructed,
  readContextObjectId,
  writeConstructed,
  writeContextObjectId,
} from '../context-tags.js';
import type { PropertyValue } from '../property-value.js';
import type { Decoded } from '../result.js';
import { decodeBody } from './body.js';
import {
  type ObjectPropertyReference,
  readPropertyReference,
  writePropertyReference,
} from './property-reference.js';

export type ReadPropertyRequest = ObjectPropertyReference;

export interface ReadPropertyAck extends ObjectPropertyReference {
  value: PropertyValue;
}

export function encodeReadProperty(m: ReadPropertyRequest): Buffer {
  const w = new ByteWriter(16);
  writeContextObjectId(w, 0, m.object);
  writePropertyReference(w, m, 1);
  return w.toBuffer();
}

export function decodeReadProperty(body: Uint8Array): Decoded<ReadPropertyRequest> {
  return decodeBody(body, 'ReadProperty', (r) => {
    const object = readContextObjectId(r, 0);
    return { object, ...readPropertyReference(r, 1) };
  });
}

export function encodeReadPropertyAck(m: ReadPropertyAck): Buffer {
  const w = new ByteWriter(32 + m.value.length);
  writeContextObjectId(w, 0, m.object);
  writePropertyReference(w, m, 1);
  writeConstructed(w, 3, m.value);
  return w.toBuffer();
}

export function decodeReadPropertyAck(body: Uint8Array): Decoded<ReadPropertyAck> {
  return decodeBody(body, 'ReadProperty-ACK', (r) => {
    const object = readContextObjectId(r, 0);
    const ref = readPropertyReference(r, 1);
    return { object, ...ref, value: readConstructed(r, 3) };
  });
}
