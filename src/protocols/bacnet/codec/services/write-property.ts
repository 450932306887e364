// WriteProperty (clause 15.9); the answer is a SimpleACK.
//   WriteProperty-Request ::= SEQUENCE { objectIdentifier [0], propertyIdentifier [1],
//     propertyArrayIndex [2] Unsigned OPTIONAL, propertyValue [3] ABSTRACT-SYNTAX,
//     priority [4] Unsigned (1..16) OPTIONAL }
import { ByteWriter } from '../byte-writer.js';
import {
  readConstructed,
  readContextObjectId,
  writeConstructed,
  writeContextObjectId,
  writeContextUnsigned,
} from '../context-tags.js';
import type { PropertyValue } from '../property-value.js';
import type { Decoded } from '../result.js';
import { decodeBody } from './body.js';
import {
  type ObjectPropertyReference,
  readPriority,
  readPropertyReference,
  writePropertyReference,
} from './property-reference.js';

export interface WritePropertyRequest extends ObjectPropertyReference {
  value: PropertyValue;
  /** 1–16; absent: the lowest priority (16). */
  priority?: number;
}

export function encodeWriteProperty(m: WritePropertyRequest): Buffer {
  const w = new ByteWriter(32 + m.value.length);
  writeContextObjectId(w, 0, m.object);
  writePropertyReference(w, m, 1);
  writeConstructed(w, 3, m.value);
  if (m.priority !== undefined) writeContextUnsigned(w, 4, m.priority);
  return w.toBuffer();
}

export function decodeWriteProperty(body: Uint8Array): Decoded<WritePropertyRequest> {
  return decodeBody(body, 'WriteProperty', (r) => {
    const object = readContextObjectId(r, 0);
    const ref = readPropertyReference(r, 1);
    const value = readConstructed(r, 3);
    const priority = readPriority(r, 4);
    return priority === undefined ? { object, ...ref, value } : { object, ...ref, value, priority };
  });
}
