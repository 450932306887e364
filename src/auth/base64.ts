// Lenient base64 decoding for values that come from clients: either alphabet (standard or url-safe), with or
// without padding, since clients differ (some send their SCRAM proof url-safe and unpadded).

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** The bytes of `text` in base64 or base64url, or null when it is not base64 at all. */
export function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const body = text.replace(/=+$/, '');
  // Padding, when present, must complete a group of four; a lone sixth-bit character can encode nothing.
  if (body.length % 4 === 1 || (body.length !== text.length && text.length % 4 !== 0)) return null;
  return Buffer.from(body, 'base64url');
}

/** The UTF-8 text of `bytes`, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Buffer): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

/** Base64url without padding of the UTF-8 bytes of `text`: how a header carries a value that is not a token. */
export const encodeBase64Url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
