// Primitive values (ASHRAE 135 clause 20.2.2–20.2.14): a tagged union for what a decoder found, and the
// encoding of each with an application tag or with a context tag. Unsigned and Signed take up to 8 octets:
// a number up to 4 octets, a bigint beyond (the 64-bit values some properties allow).
import type { ByteReader } from './byte-reader.js';
import { ByteWriter, floatOf } from './byte-writer.js';
import { characterStringOctets, readCharacterString } from './character-string.js';
import { invalidTag } from './result.js';
import { ApplicationTag, readTag, writeTag } from './tags.js';

/** A Date or Time field that is not specified (clause 20.2.12, 20.2.13). */
export const UNSPECIFIED = 255;

export interface BacnetDate {
  /** Full year (1900–2154), or 255 when unspecified. */
  year: number;
  /** 1–12, 13 odd months, 14 even months, 255 unspecified. */
  month: number;
  /** 1–31, 32 last day of month, 33 odd days, 34 even days, 255 unspecified. */
  day: number;
  /** 1 Monday – 7 Sunday, 255 unspecified. */
  weekday: number;
}

export interface BacnetTime {
  hour: number;
  minute: number;
  second: number;
  hundredths: number;
}

export interface ObjectId {
  /** Object type, 10 bits (0–1023). */
  type: number;
  /** Instance number, 22 bits (0–4194303; 4194303 means "any" in some services). */
  instance: number;
}

export type BacnetValue =
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'unsigned'; value: number | bigint }
  | { type: 'signed'; value: number | bigint }
  | { type: 'real'; value: number }
  | { type: 'double'; value: number }
  | { type: 'octetString'; value: Uint8Array }
  | { type: 'characterString'; value: string }
  | { type: 'bitString'; value: boolean[] }
  | { type: 'enumerated'; value: number }
  | { type: 'date'; value: BacnetDate }
  | { type: 'time'; value: BacnetTime }
  | { type: 'objectId'; value: ObjectId };

export type ValueType = BacnetValue['type'];

/** Application tag number of each value type. */
export const TAG_OF: Record<ValueType, number> = {
  null: ApplicationTag.NULL,
  boolean: ApplicationTag.BOOLEAN,
  unsigned: ApplicationTag.UNSIGNED,
  signed: ApplicationTag.SIGNED,
  real: ApplicationTag.REAL,
  double: ApplicationTag.DOUBLE,
  octetString: ApplicationTag.OCTET_STRING,
  characterString: ApplicationTag.CHARACTER_STRING,
  bitString: ApplicationTag.BIT_STRING,
  enumerated: ApplicationTag.ENUMERATED,
  date: ApplicationTag.DATE,
  time: ApplicationTag.TIME,
  objectId: ApplicationTag.OBJECT_IDENTIFIER,
};

const TYPE_OF_TAG: ValueType[] = Object.keys(TAG_OF) as ValueType[];

const MAX_U64 = (1n << 64n) - 1n;

// ---- content (the octets after the tag) ----

function unsignedOctets(v: number | bigint): Uint8Array {
  const big = BigInt(v);
  if (big < 0n || big > MAX_U64) throw new RangeError(`Unsigned ${v} out of 0..2^64-1`);
  const out: number[] = [];
  let rest = big;
  do {
    out.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  } while (rest > 0n);
  return Uint8Array.from(out);
}

function signedOctets(v: number | bigint): Uint8Array {
  const big = BigInt(v);
  if (big < -(1n << 63n) || big >= 1n << 63n) throw new RangeError(`Signed ${v} out of 64 bits`);
  // Fewest octets whose two's complement holds the value.
  let n = 1;
  while (n < 8 && (big < -(1n << BigInt(8 * n - 1)) || big >= 1n << BigInt(8 * n - 1))) n++;
  const out = new Uint8Array(n);
  let rest = BigInt.asUintN(8 * n, big);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function bitStringOctets(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(1 + Math.ceil(bits.length / 8));
  out[0] = (8 - (bits.length % 8)) % 8;
  bits.forEach((bit, i) => {
    if (bit) out[1 + (i >> 3)] = (out[1 + (i >> 3)] as number) | (0x80 >> (i & 7));
  });
  return out;
}

function checkByte(v: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${what} ${v} out of ${min}..${max}`);
  return v;
}

function dateOctets(d: BacnetDate): Uint8Array {
  const year = d.year === UNSPECIFIED ? UNSPECIFIED : checkByte(d.year, 1900, 2154, 'year') - 1900;
  return Uint8Array.of(
    year,
    checkByte(d.month, 0, 255, 'month'),
    checkByte(d.day, 0, 255, 'day'),
    checkByte(d.weekday, 0, 255, 'weekday'),
  );
}

function timeOctets(t: BacnetTime): Uint8Array {
  return Uint8Array.of(
    checkByte(t.hour, 0, 255, 'hour'),
    checkByte(t.minute, 0, 255, 'minute'),
    checkByte(t.second, 0, 255, 'second'),
    checkByte(t.hundredths, 0, 255, 'hundredths'),
  );
}

export function objectIdToNumber(id: ObjectId): number {
  checkByte(id.type, 0, 1023, 'object type');
  if (!Number.isInteger(id.instance) || id.instance < 0 || id.instance > 0x3fffff) {
    throw new RangeError(`object instance ${id.instance} out of 0..4194303`);
  }
  return id.type * 0x400000 + id.instance;
}

export function objectIdFromNumber(n: number): ObjectId {
  return { type: Math.floor(n / 0x400000), instance: n % 0x400000 };
}

/** The content octets of a value (for a Boolean with an application tag, see `writeValue`). */
export function contentOf(v: BacnetValue): Uint8Array {
  switch (v.type) {
    case 'null':
      return new Uint8Array(0);
    case 'boolean':
      return Uint8Array.of(v.value ? 1 : 0);
    case 'unsigned':
      return unsignedOctets(v.value);
    case 'signed':
      return signedOctets(v.value);
    case 'enumerated':
      if (!Number.isInteger(v.value) || v.value < 0 || v.value > 0xffffffff) {
        throw new RangeError(`Enumerated ${v.value} out of 32 bits`);
      }
      return unsignedOctets(v.value);
    case 'real':
      return new ByteWriter(4).f32(v.value).toBuffer();
    case 'double':
      return new ByteWriter(8).f64(v.value).toBuffer();
    case 'octetString':
      return v.value;
    case 'characterString':
      return characterStringOctets(v.value);
    case 'bitString':
      return bitStringOctets(v.value);
    case 'date':
      return dateOctets(v.value);
    case 'time':
      return timeOctets(v.value);
    case 'objectId':
      return new ByteWriter(4).u32(objectIdToNumber(v.value)).toBuffer();
  }
}

/** Octets of the shortest encoding of an unsigned number up to 32 bits. */
function uintLength(v: number): number {
  return v < 0x100 ? 1 : v < 0x10000 ? 2 : v < 0x1000000 ? 3 : 4;
}

/** A BitString as `bitStringOctets` encodes it, straight into the writer (Status_Flags is in most answers). */
function writeBitString(w: ByteWriter, tag: number, context: boolean, bits: readonly boolean[]): void {
  writeTag(w, tag, context, 1 + Math.ceil(bits.length / 8));
  w.u8((8 - (bits.length % 8)) % 8);
  for (let i = 0; i < bits.length; i += 8) {
    let octet = 0;
    for (let k = 0; k < 8 && i + k < bits.length; k++) if (bits[i + k]) octet |= 0x80 >> k;
    w.u8(octet);
  }
}

/**
 * Writes a value with its application tag, or with context tag `context` when given. The common types are
 * written straight into the writer (this runs for every value of every answer); the others go through
 * `contentOf`.
 */
export function writeValue(w: ByteWriter, v: BacnetValue, context?: number): void {
  const tag = context ?? TAG_OF[v.type];
  const ctx = context !== undefined;
  switch (v.type) {
    case 'boolean':
      if (!ctx) writeTag(w, ApplicationTag.BOOLEAN, false, v.value ? 1 : 0);
      else {
        writeTag(w, tag, true, 1);
        w.u8(v.value ? 1 : 0);
      }
      return;
    case 'null':
      writeTag(w, tag, ctx, 0);
      return;
    case 'real':
      writeTag(w, tag, ctx, 4);
      w.f32(v.value);
      return;
    case 'objectId':
      writeTag(w, tag, ctx, 4);
      w.u32(objectIdToNumber(v.value));
      return;
    case 'unsigned':
    case 'enumerated':
      if (typeof v.value === 'number' && Number.isInteger(v.value) && v.value >= 0 && v.value <= 0xffffffff) {
        const n = uintLength(v.value);
        writeTag(w, tag, ctx, n);
        w.uint(v.value, n);
        return;
      }
      break;
    case 'bitString':
      writeBitString(w, tag, ctx, v.value);
      return;
  }
  const content = contentOf(v);
  writeTag(w, tag, ctx, content.length);
  w.bytes(content);
}

// ---- decoding ----

function readUnsigned(r: ByteReader, length: number, what: string): number | bigint {
  if (length < 1 || length > 8) invalidTag(`${what} of ${length} octets`, r.pos);
  if (length <= 4) return r.uint(length);
  let v = 0n;
  for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(r.u8());
  return v;
}

function readSigned(r: ByteReader, length: number): number | bigint {
  if (length < 1 || length > 8) invalidTag(`Signed of ${length} octets`, r.pos);
  let v = 0n;
  for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(r.u8());
  const s = BigInt.asIntN(8 * length, v);
  return length <= 4 ? Number(s) : s;
}

function readBitString(r: ByteReader, length: number): boolean[] {
  const at = r.pos;
  if (length < 1) invalidTag('BitString without its unused-bits octet', at);
  const unused = r.u8();
  if (unused > 7 || (length === 1 && unused !== 0)) invalidTag(`BitString with ${unused} unused bits`, at);
  const body = r.view(length - 1);
  const bits: boolean[] = [];
  const count = body.length * 8 - unused;
  for (let i = 0; i < count; i++) bits.push(((body[i >> 3] as number) & (0x80 >> (i & 7))) !== 0);
  return bits;
}

function fixed(r: ByteReader, length: number, want: number, what: string): void {
  if (length !== want) invalidTag(`${what} of ${length} octets (${want} expected)`, r.pos);
}

/** Reads the content of a value of `type` from `length` octets at the reader. */
export function readContent(r: ByteReader, type: ValueType, length: number): BacnetValue {
  const end = r.pos + length;
  const v = readContentUnchecked(r, type, length);
  if (r.pos !== end) invalidTag(`${type}: ${end - r.pos} octets left over`, r.pos);
  return v;
}

function readContentUnchecked(r: ByteReader, type: ValueType, length: number): BacnetValue {
  switch (type) {
    case 'null':
      fixed(r, length, 0, 'Null');
      return { type };
    case 'boolean': {
      fixed(r, length, 1, 'Boolean');
      const b = r.u8();
      if (b > 1) invalidTag(`Boolean ${b}`, r.pos - 1);
      return { type, value: b === 1 };
    }
    case 'unsigned':
      return { type, value: readUnsigned(r, length, 'Unsigned') };
    case 'signed':
      return { type, value: readSigned(r, length) };
    case 'enumerated': {
      if (length > 4) invalidTag(`Enumerated of ${length} octets`, r.pos);
      return { type, value: readUnsigned(r, length, 'Enumerated') as number };
    }
    case 'real': {
      fixed(r, length, 4, 'Real');
      return { type, value: floatOf(r.view(4)) };
    }
    case 'double': {
      fixed(r, length, 8, 'Double');
      return { type, value: floatOf(r.view(8)) };
    }
    case 'octetString':
      return { type, value: r.copy(length) };
    case 'characterString':
      return { type, value: readCharacterString(r, length) };
    case 'bitString':
      return { type, value: readBitString(r, length) };
    case 'date': {
      fixed(r, length, 4, 'Date');
      const y = r.u8();
      return {
        type,
        value: {
          year: y === UNSPECIFIED ? UNSPECIFIED : 1900 + y,
          month: r.u8(),
          day: r.u8(),
          weekday: r.u8(),
        },
      };
    }
    case 'time':
      fixed(r, length, 4, 'Time');
      return { type, value: { hour: r.u8(), minute: r.u8(), second: r.u8(), hundredths: r.u8() } };
    case 'objectId':
      fixed(r, length, 4, 'ObjectIdentifier');
      return { type, value: objectIdFromNumber(r.uint(4)) };
  }
}

/** Reads one application-tagged value. */
export function readApplicationValue(r: ByteReader): BacnetValue {
  const at = r.pos;
  const tag = readTag(r);
  if (tag.context || tag.kind !== 'value') invalidTag('an application-tagged value was expected', at);
  const type = TYPE_OF_TAG[tag.number] as ValueType;
  if (type === 'boolean') return { type, value: tag.length === 1 };
  return readContent(r, type, tag.length);
}
