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
  writeConstructed,
  writeContextObjectId,
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
    writeContextObjectId(w, 0, res.object);
    writeOpeningTag(w, 1);
    for (const item of res.results) {
      writePropertyReference(w, item, 2);
      if ('value' in item) writeConstructed(w, 4, item.value);
      else {
        writeOpeningTag(w, 5);
        writeError(w, item.error);
        writeClosingTag(w, 5);
      }
    }
    writeClosingTag(w, 1);
  }
  return w.toBuffer();
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
