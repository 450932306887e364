// Productions several services share (clause 21):
//   BACnetPropertyReference ::= SEQUENCE { propertyIdentifier [0] BACnetPropertyIdentifier,
//                                          propertyArrayIndex [1] Unsigned OPTIONAL }
//   BACnetPropertyValue ::= SEQUENCE { propertyIdentifier [0], propertyArrayIndex [1] Unsigned OPTIONAL,
//                                      value [2] ABSTRACT-SYNTAX.&Type, priority [3] Unsigned (1..16) OPTIONAL }
//   BACnetObjectPropertyReference ::= SEQUENCE { objectIdentifier [0], propertyIdentifier [1],
//                                                propertyArrayIndex [2] Unsigned OPTIONAL }
//   Error ::= SEQUENCE { error-class ENUMERATED, error-code ENUMERATED }
import type { ByteReader } from '../byte-reader.js';
import type { ByteWriter } from '../byte-writer.js';
import {
  optionalContextUnsigned,
  readConstructed,
  readContextEnumerated,
  readContextObjectId,
  writeConstructed,
  writeContextEnumerated,
  writeContextObjectId,
  writeContextUnsigned,
} from '../context-tags.js';
import { RejectReason } from '../enums.js';
import type { PropertyValue } from '../property-value.js';
import { malformed } from '../result.js';
import { type ObjectId, readApplicationValue, writeValue } from '../values.js';

export interface PropertyReference {
  property: number;
  /** Absent: the whole property (or, for an array, every element). */
  arrayIndex?: number;
}

export interface PropertyValueEntry extends PropertyReference {
  value: PropertyValue;
  priority?: number;
}

export interface ObjectPropertyReference extends PropertyReference {
  object: ObjectId;
}

/** An error class and code (clause 18). */
export interface BacnetError {
  errorClass: number;
  errorCode: number;
}

export function writePropertyReference(w: ByteWriter, ref: PropertyReference, first = 0): void {
  writeContextEnumerated(w, first, ref.property);
  if (ref.arrayIndex !== undefined) writeContextUnsigned(w, first + 1, ref.arrayIndex);
}

/** Reads property id [first] and optional array index [first + 1]. */
export function readPropertyReference(r: ByteReader, first = 0): PropertyReference {
  const property = readContextEnumerated(r, first);
  const arrayIndex = optionalContextUnsigned(r, first + 1);
  return arrayIndex === undefined ? { property } : { property, arrayIndex };
}

export function writePropertyValueEntry(w: ByteWriter, e: PropertyValueEntry): void {
  writePropertyReference(w, e);
  writeConstructed(w, 2, e.value);
  if (e.priority !== undefined) writeContextUnsigned(w, 3, e.priority);
}

export function readPropertyValueEntry(r: ByteReader): PropertyValueEntry {
  const ref = readPropertyReference(r);
  const value = readConstructed(r, 2);
  const priority = readPriority(r, 3);
  return priority === undefined ? { ...ref, value } : { ...ref, value, priority };
}

/** An optional priority [n]; it must be 1–16 when present. */
export function readPriority(r: ByteReader, n: number): number | undefined {
  const at = r.pos;
  const priority = optionalContextUnsigned(r, n);
  if (priority !== undefined && (priority < 1 || priority > 16))
    malformed(`priority ${priority} out of 1..16`, at, RejectReason.PARAMETER_OUT_OF_RANGE);
  return priority;
}

export function writeObjectPropertyReference(w: ByteWriter, ref: ObjectPropertyReference): void {
  writeContextObjectId(w, 0, ref.object);
  writePropertyReference(w, ref, 1);
}

export function readObjectPropertyReference(r: ByteReader): ObjectPropertyReference {
  const object = readContextObjectId(r, 0);
  return { object, ...readPropertyReference(r, 1) };
}

export function writeError(w: ByteWriter, e: BacnetError): void {
  writeValue(w, { type: 'enumerated', value: e.errorClass });
  writeValue(w, { type: 'enumerated', value: e.errorCode });
}

export function readError(r: ByteReader): BacnetError {
  const at = r.pos;
  const cls = readApplicationValue(r);
  const code = readApplicationValue(r);
  if (cls.type !== 'enumerated' || code.type !== 'enumerated')
    malformed('error class and code must be Enumerated', at, RejectReason.INVALID_PARAMETER_DATA_TYPE);
  return { errorClass: cls.value, errorCode: code.value };
}
