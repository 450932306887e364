// ReadPropertyMultiple (clause 15.7). ALL, REQUIRED and OPTIONAL are property identifiers like any other
// (PropertyId.ALL/REQUIRED/OPTIONAL); the server expands them.
//   ReadPropertyMultiple-Request ::= SEQUENCE OF ReadAccessSpecification
//   ReadAccessSpecification ::= SEQUENCE { objectIdentifier [0],
//                                          listOfPropertyReferences [1] SEQUENCE OF BACnetPropertyReference }
//   ReadPropertyMultiple-ACK ::= SEQUENCE OF ReadAccessResult
//   ReadAccessResult ::= SEQUENCE { objectIdentifier [0], listOfResults [1] SEQUENCE OF SEQUENCE {
//     propertyIdentifier [2], propertyArrayIndex [3] Unsigned OPTIONAL,
//     readResult CHOICE { propertyValue [4] ABSTRACT-SYNTAX, propertyAccessError [5] Error } } OPTIONAL }
import { ByteWriter } from '../byte-writer.js';
import {
  expectClosing,
  expectOpening,
  isContext,
  readConstructed,
  readContextObjectId,
  writeContextEnumerated,
  writeContextObjectId,
  writeContextUnsigned,
} from '../context-tags.js';
import { RejectReason } from '../enums.js';
import type { PropertyValue } from '../property-value.js';
import type { Decoded } from '../result.js';
import { malformed } from '../result.js';
import { writeClosingTag, writeOpeningTag } from '../tags.js';
import type { ObjectId } from '../values.js';
import { decodeBody } from './body.js';
import {
  type BacnetError,
  type PropertyReference,
  readError,
  readPropertyReference,
  writeError,
  writePropertyReference,
} from './property-reference.js';

export interface ReadAccessSpecification {
  object: ObjectId;
  properties: PropertyReference[];
}

export type ReadAccessResultItem = PropertyReference & ({ value: PropertyValue } | { error: BacnetError });

export interface ReadAccessResult {
  object: ObjectId;
  results: ReadAccessResultItem[];
}

export function encodeReadPropertyMultiple(specs: readonly ReadAccessSpecification[]): Buffer {
  const w = new ByteWriter(16 * specs.length + 16);
  for (const spec of specs) {
    writeContextObjectId(w, 0, spec.object);
    writeOpeningTag(w, 1);
    for (const p of spec.properties) writePropertyReference(w, p);
    writeClosingTag(w, 1);
  }
  return w.toBuffer();
}

export function decodeReadPropertyMultiple(body: Uint8Array): Decoded<ReadAccessSpecification[]> {
  return decodeBody(body, 'ReadPropertyMultiple', (r) => {
    const specs: ReadAccessSpecification[] = [];
    do {
      const object = readContextObjectId(r, 0);
      expectOpening(r, 1);
      const properties: PropertyReference[] = [];
      while (!isContext(r, 1, 'closing')) properties.push(readPropertyReference(r));
      expectClosing(r, 1);
      if (properties.length === 0) {
        malformed(
          'ReadPropertyMultiple: an object without properties',
          r.pos,
          RejectReason.MISSING_REQUIRED_PARAMETER,
        );
      }
      specs.push({ object, properties });
    } while (!r.atEnd);
    return specs;
  });
}

export function encodeReadPropertyMultipleAck(results: readonly ReadAccessResult[]): Buffer {
  const w = new ByteWriter(64 * results.length + 16);
  for (const res of results) {
    writeReadAccessResultStart(w, res.object);
    for (const item of res.results) {
      if ('value' in item) {
        writeResultValueStart(w, item.property, item.arrayIndex);
        w.bytes(item.value);
        writeResultValueEnd(w);
      } else writeResultError(w, item.property, item.arrayIndex, item.error);
    }
    writeReadAccessResultEnd(w);
  }
  return w.toBuffer();
}

// A ReadPropertyMultiple-ACK written piece by piece into one writer, as a server makes it: each object's
// result started and ended, each property's value written between its start and end (or an error instead).

/** objectIdentifier [0] and the opening tag of listOfResults [1]. */
export function writeReadAccessResultStart(w: ByteWriter, object: ObjectId): void {
  writeContextObjectId(w, 0, object);
  writeOpeningTag(w, 1);
}

/** The closing tag of listOfResults [1]. */
export function writeReadAccessResultEnd(w: ByteWriter): void {
  writeClosingTag(w, 1);
}

/** propertyIdentifier [2], propertyArrayIndex [3] when given, the opening tag of propertyValue [4]. */
export function writeResultValueStart(w: ByteWriter, property: number, arrayIndex: number | undefined): void {
  writeContextEnumerated(w, 2, property);
  if (arrayIndex !== undefined) writeContextUnsigned(w, 3, arrayIndex);
  writeOpeningTag(w, 4);
}

/** The closing tag of propertyValue [4]. */
export function writeResultValueEnd(w: ByteWriter): void {
  writeClosingTag(w, 4);
}

/** propertyIdentifier [2], propertyArrayIndex [3] when given, and propertyAccessError [5]. */
export function writeResultError(
  w: ByteWriter,
  property: number,
  arrayIndex: number | undefined,
  error: BacnetError,
): void {
  writeContextEnumerated(w, 2, property);
  if (arrayIndex !== undefined) writeContextUnsigned(w, 3, arrayIndex);
  writeOpeningTag(w, 5);
  writeError(w, error);
  writeClosingTag(w, 5);
}

export function decodeReadPropertyMultipleAck(body: Uint8Array): Decoded<ReadAccessResult[]> {
  return decodeBody(body, 'ReadPropertyMultiple-ACK', (r) => {
    const out: ReadAccessResult[] = [];
    while (!r.atEnd) {
      const object = readContextObjectId(r, 0);
      const results: ReadAccessResultItem[] = [];
      if (isContext(r, 1, 'opening')) {
        expectOpening(r, 1);
        while (!isContext(r, 1, 'closing')) {
          const item = readPropertyReference(r, 2) as ReadAccessResultItem;
          if (isContext(r, 4, 'opening')) (item as { value: PropertyValue }).value = readConstructed(r, 4);
          else {
            expectOpening(r, 5);
            (item as { error: BacnetError }).error = readError(r);
            expectClosing(r, 5);
          }
          results.push(item);
        }
        expectClosing(r, 1);
      }
      out.push({ object, results });
    }
    return out;
  });
}
