// WritePropertyMultiple (clause 15.10); success is a SimpleACK, failure the WritePropertyMultiple-Error.
//   WritePropertyMultiple-Request ::= SEQUENCE OF WriteAccessSpecification
//   WriteAccessSpecification ::= SEQUENCE { objectIdentifier [0], listOfProperties [1] SEQUENCE OF BACnetPropertyValue }
//   WritePropertyMultiple-Error ::= SEQUENCE { errorType [0] Error,
//                                              firstFailedWriteAttempt [1] BACnetObjectPropertyReference }
import { ByteWriter } from '../byte-writer.js';
import {
  expectClosing,
  expectOpening,
  isContext,
  readContextObjectId,
  writeContextObjectId,
} from '../context-tags.js';
import { RejectReason } from '../enums.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import { writeClosingTag, writeOpeningTag } from '../tags.js';
import type { ObjectId } from '../values.js';
import { decodeBody } from './body.js';
import {
  type BacnetError,
  type ObjectPropertyReference,
  type PropertyValueEntry,
  readError,
  readObjectPropertyReference,
  readPropertyValueEntry,
  writeError,
  writeObjectPropertyReference,
  writePropertyValueEntry,
} from './property-reference.js';

export interface WriteAccessSpecification {
  object: ObjectId;
  properties: PropertyValueEntry[];
}

export interface WritePropertyMultipleError {
  error: BacnetError;
  firstFailedWriteAttempt: ObjectPropertyReference;
}

export function encodeWritePropertyMultiple(specs: readonly WriteAccessSpecification[]): Buffer {
  const w = new ByteWriter(64);
  for (const spec of specs) {
    writeContextObjectId(w, 0, spec.object);
    writeOpeningTag(w, 1);
    for (const p of spec.properties) writePropertyValueEntry(w, p);
    writeClosingTag(w, 1);
  }
  return w.toBuffer();
}

export function decodeWritePropertyMultiple(body: Uint8Array): Decoded<WriteAccessSpecification[]> {
  return decodeBody(body, 'WritePropertyMultiple', (r) => {
    const specs: WriteAccessSpecification[] = [];
    do {
      const object = readContextObjectId(r, 0);
      expectOpening(r, 1);
      const properties: PropertyValueEntry[] = [];
      while (!isContext(r, 1, 'closing')) properties.push(readPropertyValueEntry(r));
      expectClosing(r, 1);
      if (properties.length === 0) {
        malformed(
          'WritePropertyMultiple: an object without properties',
          r.pos,
          RejectReason.MISSING_REQUIRED_PARAMETER,
        );
      }
      specs.push({ object, properties });
    } while (!r.atEnd);
    return specs;
  });
}

export function encodeWritePropertyMultipleError(e: WritePropertyMultipleError): Buffer {
  const w = new ByteWriter(32);
  writeOpeningTag(w, 0);
  writeError(w, e.error);
  writeClosingTag(w, 0);
  writeOpeningTag(w, 1);
  writeObjectPropertyReference(w, e.firstFailedWriteAttempt);
  writeClosingTag(w, 1);
  return w.toBuffer();
}

export function decodeWritePropertyMultipleError(body: Uint8Array): Decoded<WritePropertyMultipleError> {
  return decodeBody(body, 'WritePropertyMultiple-Error', (r) => {
    expectOpening(r, 0);
    const error = readError(r);
    expectClosing(r, 0);
    expectOpening(r, 1);
    const firstFailedWriteAttempt = readObjectPropertyReference(r);
    expectClosing(r, 1);
    return { error, firstFailedWriteAttempt };
  });
}
