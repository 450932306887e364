// CharacterString (ASHRAE 135 clause 20.2.9): a character set octet, then the characters. Pointyard sends
// UTF-8 (set 0); it reads UTF-8, UCS-2, UCS-4 and ISO 8859-1, and refuses DBCS and JIS X 0208 as unsupported
// (a server answers those with the error character-set-not-supported).
import type { ByteReader } from './byte-reader.js';
import { invalidTag, unsupported } from './result.js';

export const CharacterSet = { UTF8: 0, DBCS: 1, JIS_X_0208: 2, UCS4: 3, UCS2: 4, ISO_8859_1: 5 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** The content octets of a string: character set 0 (UTF-8), then its UTF-8 bytes. */
export function characterStringOctets(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const out = new Uint8Array(1 + bytes.length);
  out[0] = CharacterSet.UTF8;
  out.set(bytes, 1);
  return out;
}

/** Reads a string's `length` content octets (character set included). */
export function readCharacterString(r: ByteReader, length: number): string {
  const at = r.pos;
  if (length < 1) invalidTag('CharacterString without its character set', at);
  const charset = r.u8();
  const body = r.view(length - 1);
  switch (charset) {
    case CharacterSet.UTF8:
      try {
        return utf8.decode(body);
      } catch {
        return invalidTag('CharacterString is not valid UTF-8', at);
      }
    case CharacterSet.ISO_8859_1:
      return latin1.decode(body);
    case CharacterSet.UCS2:
    case CharacterSet.UCS4: {
      const unit = charset === CharacterSet.UCS2 ? 2 : 4;
      if (body.length % unit !== 0) invalidTag(`UCS-${unit} string of ${body.length} octets`, at);
      let text = '';
      for (let i = 0; i < body.length; i += unit) {
        let cp = 0;
        for (let k = 0; k < unit; k++) cp = cp * 256 + (body[i + k] as number);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) invalidTag(`invalid code point ${cp}`, at);
        text += String.fromCodePoint(cp);
      }
      return text;
    }
    default:
      return unsupported(`character set ${charset} is not supported`, at);
  }
}
