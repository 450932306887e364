// A property value on the wire (the ABSTRACT-SYNTAX.&Type of clause 21) is a run of tagged values between
// an opening and a closing tag. The codec keeps it as those raw octets; the services layer decodes it
// with the helpers below once it knows the property's datatype.
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { readConstructed } from './context-tags.js';
import { type Decoded, decodeSafely, malformed } from './result.js';
import { peekTag, readTag } from './tags.js';
import { type BacnetValue, readApplicationValue, writeValue } from './values.js';

/** The octets between the opening and closing tags of a property value, as received or to send. */
export type PropertyValue = Uint8Array;

/** An element of a property value: an application-tagged value, or a context-tagged field kept raw. */
export type PropertyElement =
  | BacnetValue
  | {
      type: 'context';
      tag: number;
      /** Content octets of a primitive field, or the octets between the tags of a constructed one. */
      data: Uint8Array;
      constructed: boolean;
    };

/** Encodes application-tagged values as a property value. */
export function encodePropertyValue(values: readonly BacnetValue[]): PropertyValue {
  const w = new ByteWriter(32);
  for (const v of values) writeValue(w, v);
  return w.toBuffer();
}

/** Decodes every element of a property value. */
export function decodePropertyValue(raw: PropertyValue): Decoded<PropertyElement[]> {
  return decodeSafely(() => {
    const r = new ByteReader(raw);
    const out: PropertyElement[] = [];
    while (!r.atEnd) {
      const tag = peekTag(r) as NonNullable<ReturnType<typeof peekTag>>;
      if (!tag.context) out.push(readApplicationValue(r));
      else if (tag.kind === 'opening') {
        out.push({
          type: 'context',
          tag: tag.number,
          data: readConstructed(r, tag.number),
          constructed: true,
        });
      } else {
        const t = readTag(r);
        if (t.kind === 'closing') malformed(`unmatched closing tag ${t.number}`, r.pos - t.size);
        out.push({ type: 'context', tag: t.number, data: r.copy(t.length), constructed: false });
      }
    }
    return out;
  });
}

/** The single application-tagged value of a property value (Present_Value and most properties). */
export function decodeSingleValue(raw: PropertyValue): Decoded<BacnetValue> {
  return decodeSafely(() => {
    const r = new ByteReader(raw);
    const v = readApplicationValue(r);
    if (!r.atEnd) malformed('more than one value where one was expected', r.pos);
    return v;
  });
}
