// BACnet tags (ASHRAE 135 clause 20.2.1): the octet before every encoded value. Bits 7–4 the tag number (15:
// the number follows in one octet), bit 3 the class (0 application, 1 context), bits 2–0 length/value/type:
// 0–4 the length, 5 an extended length (one octet 0–253; 254: two octets; 255: four octets), 6 an opening
// tag, 7 a closing tag (context class only). An application Boolean carries its value in those bits.
import { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { type Decoded, decodeSafely, invalidTag } from './result.js';

/** Application tag numbers (clause 20.2.1.4). */
export const ApplicationTag = {
  NULL: 0,
  BOOLEAN: 1,
  UNSIGNED: 2,
  SIGNED: 3,
  REAL: 4,
  DOUBLE: 5,
  OCTET_STRING: 6,
  CHARACTER_STRING: 7,
  BIT_STRING: 8,
  ENUMERATED: 9,
  DATE: 10,
  TIME: 11,
  OBJECT_IDENTIFIER: 12,
} as const;

export type TagKind = 'value' | 'opening' | 'closing';

export interface Tag {
  number: number;
  context: boolean;
  kind: TagKind;
  /** Content length in octets (0 for opening/closing tags; for an application Boolean, its value 0 or 1). */
  length: number;
  /** Octets the tag itself took. */
  size: number;
}

/** Largest content length accepted (the four-octet form allows 2^32-1; no datagram holds more than 64 KiB). */
const MAX_LENGTH = 0xffff;

/** Reads one tag; throws a MalformedError on an invalid or truncated one. */
export function readTag(r: ByteReader): Tag {
  const start = r.pos;
  const first = r.u8();
  let number = first >> 4;
  const context = (first & 0x08) !== 0;
  const lvt = first & 0x07;
  if (number === 15) {
    number = r.u8();
    if (number === 255) invalidTag('tag number 255 is reserved', start);
  }
  if (!context && number > ApplicationTag.OBJECT_IDENTIFIER)
    invalidTag(`application tag ${number} is reserved`, start);
  if (lvt === 6 || lvt === 7) {
    if (!context) invalidTag('an opening or closing tag must be a context tag', start);
    return { number, context, kind: lvt === 6 ? 'opening' : 'closing', length: 0, size: r.pos - start };
  }
  let length = lvt;
  if (lvt === 5) {
    length = r.u8();
    if (length === 254) length = r.u16();
    else if (length === 255) length = r.uint(4);
  }
  if (!context && number === ApplicationTag.BOOLEAN) {
    if (length > 1) invalidTag(`application Boolean with value ${length}`, start);
  } else if (length > MAX_LENGTH || length > r.remaining) {
    invalidTag(`tag ${number}: length ${length} runs past the end`, start);
  }
  return { number, context, kind: 'value', length, size: r.pos - start };
}

/** One tag at `offset` of `bytes`, or why it is not a valid tag. */
export function decodeTag(bytes: Uint8Array, offset = 0): Decoded<Tag> {
  return decodeSafely(() => readTag(new ByteReader(bytes, offset)));
}

/** The tag at the reader's position, without consuming it; null at the end of the window. */
export function peekTag(r: ByteReader): Tag | null {
  if (r.atEnd) return null;
  const at = r.pos;
  try {
    return readTag(r);
  } finally {
    r.pos = at;
  }
}

function writeTagHead(w: ByteWriter, number: number, context: boolean, lvt: number): void {
  const cls = context ? 0x08 : 0;
  if (number < 15) w.u8((number << 4) | cls | lvt);
  else w.u8(0xf0 | cls | lvt).u8(number);
}

/** Writes a value tag with its length (for an application Boolean, `length` is the value). */
export function writeTag(w: ByteWriter, number: number, context: boolean, length: number): void {
  if (number < 0 || number > 254) throw new RangeError(`tag number ${number} out of 0..254`);
  if (length <= 4) {
    writeTagHead(w, number, context, length);
    return;
  }
  writeTagHead(w, number, context, 5);
  if (length <= 253) w.u8(length);
  else if (length <= 0xffff) w.u8(254).u16(length);
  else w.u8(255).u32(length);
}

export function writeOpeningTag(w: ByteWriter, number: number): void {
  writeTagHead(w, number, true, 6);
}

export function writeClosingTag(w: ByteWriter, number: number): void {
  writeTagHead(w, number, true, 7);
}
