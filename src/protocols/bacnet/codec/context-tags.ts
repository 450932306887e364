// Reading and writing the context-tagged fields of service productions (clause 20.2.1, 21): a field is
// expected with a given tag number and type, optional fields are tested first, and a constructed field
// (between opening and closing tags) is taken whole as raw octets.
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { RejectReason } from './enums.js';
import { malformed } from './result.js';
import { peekTag, readTag, type Tag, writeClosingTag, writeOpeningTag } from './tags.js';
import {
  type BacnetDate,
  type BacnetTime,
  type BacnetValue,
  type ObjectId,
  readContent,
  type ValueType,
  writeValue,
} from './values.js';

/**
 * A tag other than the one expected: a later field (a higher context tag, or the closing tag of the
 * enclosing construct) means the expected one is missing; anything else is an invalid tag.
 */
function unexpected(tag: Tag, n: number, message: string, at: number): never {
  const later = tag.context && (tag.number > n || tag.kind === 'closing');
  return malformed(message, at, later ? RejectReason.MISSING_REQUIRED_PARAMETER : RejectReason.INVALID_TAG);
}

/** True when the next tag is context tag `n` of `kind` (a value by default). */
export function isContext(
  r: ByteReader,
  n: number,
  kind: 'value' | 'opening' | 'closing' = 'value',
): boolean {
  const tag = peekTag(r);
  return tag?.context === true && tag.number === n && tag.kind === kind;
}

/** Reads context tag `n` and its content as `type`. */
export function readContext<T extends ValueType>(
  r: ByteReader,
  n: number,
  type: T,
): Extract<BacnetValue, { type: T }> {
  const at = r.pos;
  const tag = readTag(r);
  if (!tag.context || tag.number !== n || tag.kind !== 'value')
    unexpected(tag, n, `context tag ${n} expected`, at);
  return readContent(r, type, tag.length) as Extract<BacnetValue, { type: T }>;
}

export function readContextUnsigned(r: ByteReader, n: number): number {
  const v = readContext(r, n, 'unsigned').value;
  if (typeof v !== 'number') {
    malformed(`context tag ${n}: Unsigned wider than 32 bits`, r.pos, RejectReason.PARAMETER_OUT_OF_RANGE);
  }
  return v;
}

export function readContextEnumerated(r: ByteReader, n: number): number {
  return readContext(r, n, 'enumerated').value;
}

export function readContextBoolean(r: ByteReader, n: number): boolean {
  return readContext(r, n, 'boolean').value;
}

export function readContextObjectId(r: ByteReader, n: number): ObjectId {
  return readContext(r, n, 'objectId').value;
}

export function readContextString(r: ByteReader, n: number): string {
  return readContext(r, n, 'characterString').value;
}

export function readContextReal(r: ByteReader, n: number): number {
  return readContext(r, n, 'real').value;
}

export function readContextDate(r: ByteReader, n: number): BacnetDate {
  return readContext(r, n, 'date').value;
}

export function readContextTime(r: ByteReader, n: number): BacnetTime {
  return readContext(r, n, 'time').value;
}

/** An optional Unsigned field: undefined when the next tag is not context tag `n`. */
export function optionalContextUnsigned(r: ByteReader, n: number): number | undefined {
  return isContext(r, n) ? readContextUnsigned(r, n) : undefined;
}

export function expectOpening(r: ByteReader, n: number): void {
  const at = r.pos;
  const tag = readTag(r);
  if (!tag.context || tag.number !== n || tag.kind !== 'opening')
    unexpected(tag, n, `opening tag ${n} expected`, at);
}

export function expectClosing(r: ByteReader, n: number): void {
  const at = r.pos;
  const tag = readTag(r);
  if (!tag.context || tag.number !== n || tag.kind !== 'closing')
    unexpected(tag, n, `closing tag ${n} expected`, at);
}

/**
 * Reads opening tag `n`, everything up to its matching closing tag, and the closing tag; returns a copy of
 * the octets between them. Nested opening/closing pairs must match; the reader bounds the walk.
 */
export function readConstructed(r: ByteReader, n: number): Uint8Array {
  expectOpening(r, n);
  const start = r.pos;
  const open: number[] = [n];
  for (;;) {
    const at = r.pos;
    const tag = readTag(r);
    if (tag.kind === 'opening') open.push(tag.number);
    else if (tag.kind === 'closing') {
      if (open.pop() !== tag.number)
        malformed(`closing tag ${tag.number} does not match its opening tag`, at, RejectReason.INVALID_TAG);
      if (open.length === 0) return r.bytes.slice(start, at);
    } else if (!(tag.number === 1 && !tag.context)) r.view(tag.length);
  }
}

/** Throws unless the reader's window is used up (no trailing octets after a service's last field). */
export function expectEnd(r: ByteReader, what: string): void {
  if (!r.atEnd) {
    malformed(`${what}: ${r.remaining} unexpected octets at the end`, r.pos, RejectReason.TOO_MANY_ARGUMENTS);
  }
}

// ---- writing ----

export function writeContextUnsigned(w: ByteWriter, n: number, v: number | bigint): void {
  writeValue(w, { type: 'unsigned', value: v }, n);
}

export function writeContextEnumerated(w: ByteWriter, n: number, v: number): void {
  writeValue(w, { type: 'enumerated', value: v }, n);
}

export function writeContextBoolean(w: ByteWriter, n: number, v: boolean): void {
  writeValue(w, { type: 'boolean', value: v }, n);
}

export function writeContextObjectId(w: ByteWriter, n: number, id: ObjectId): void {
  writeValue(w, { type: 'objectId', value: id }, n);
}

export function writeContextString(w: ByteWriter, n: number, s: string): void {
  writeValue(w, { type: 'characterString', value: s }, n);
}

export function writeContextReal(w: ByteWriter, n: number, v: number): void {
  writeValue(w, { type: 'real', value: v }, n);
}

/** Writes raw octets between opening and closing tag `n`. */
export function writeConstructed(w: ByteWriter, n: number, raw: Uint8Array): void {
  writeOpeningTag(w, n);
  w.bytes(raw);
  writeClosingTag(w, n);
}
