// DC-09 encryption: the part of the message after the opening `[` (data, `]`, extended data, timestamp) is
// prefixed with pad characters and a `|` (no `|` when the data is empty) so that it fills whole 16-byte blocks, encrypted with AES-CBC under
// the account's 128-, 192- or 256-bit key and an all-zero IV (no other padding), and sent as hex after
// the `[` with no closing `]`. The id token then starts with `*` ("*SIA-DCS", "*ACK"…).
import { createCipheriv, createDecipheriv, randomBytes as cryptoRandomBytes } from 'node:crypto';

/** Key lengths DC-09 allows, in bytes. */
export const AES_KEY_BYTES = [16, 24, 32] as const;

/** A source of random bytes (injectable so that tests are reproducible). */
export type RandomBytes = (count: number) => Uint8Array;

const ZERO_IV = Buffer.alloc(16);
/** Pad characters: printable ASCII without the characters that delimit a message. */
const PAD_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function isValidKey(key: Uint8Array): boolean {
  return (AES_KEY_BYTES as readonly number[]).includes(key.length);
}

/** A key written as 32, 48 or 64 hex digits; undefined otherwise. */
export function keyFromHex(text: string): Buffer | undefined {
  if (!/^(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{48}|[0-9A-Fa-f]{64})$/.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

function algorithm(key: Uint8Array): string {
  if (!isValidKey(key)) throw new RangeError(`an AES key is 16, 24 or 32 bytes; this one is ${key.length}`);
  return `aes-${key.length * 8}-cbc`;
}

/**
 * Pads `plain` (ASCII) to whole blocks with random characters and a `|`, encrypts it, returns uppercase hex.
 * When the data is empty (`plain` starts with `]`: NULL, ACK) the `|` is left out, as panels and receivers
 * write those messages.
 */
export function encryptData(plain: string, key: Uint8Array, random: RandomBytes = cryptoRandomBytes): string {
  const bar = plain.startsWith(']') ? '' : '|';
  const padLength = (16 - ((plain.length + bar.length) % 16)) % 16;
  const noise = random(padLength);
  let pad = '';
  for (let i = 0; i < padLength; i++) pad += PAD_ALPHABET[(noise[i] as number) % PAD_ALPHABET.length];
  const cipher = createCipheriv(algorithm(key), key, ZERO_IV).setAutoPadding(false);
  const text = Buffer.from(`${pad}${bar}${plain}`, 'latin1');
  return Buffer.concat([cipher.update(text), cipher.final()])
    .toString('hex')
    .toUpperCase();
}

export type DecryptResult = { ok: true; plain: string } | { ok: false; message: string };

/**
 * Decrypts the hex after `[` and removes the pad (which has neither `|` nor `]`): the text starts after the
 * pad's `|`, or at the `]` that follows the pad when the data is empty. Text that is not printable ASCII
 * after the pad means a wrong key or damaged data.
 */
export function decryptData(hex: string, key: Uint8Array): DecryptResult {
  if (!isValidKey(key))
    return { ok: false, message: `the account's key is ${key.length} bytes, not 16, 24 or 32` };
  if (hex.length === 0 || hex.length % 32 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex))
    return { ok: false, message: 'encrypted data is not whole 16-byte blocks of hex' };
  const decipher = createDecipheriv(algorithm(key), key, ZERO_IV).setAutoPadding(false);
  const text = Buffer.concat([decipher.update(Buffer.from(hex, 'hex')), decipher.final()]).toString('latin1');
  const first = text.search(/[|\]]/);
  const start = first >= 0 && text[first] === '|' ? first + 1 : first;
  const plain = start >= 0 ? text.slice(start) : '';
  if (start < 0 || !/^[\x20-\x7e]*\]/.test(plain) || !/^[\x20-\x7e]*$/.test(plain))
    return { ok: false, message: 'decrypted data is not a DC-09 message: wrong key or damaged data' };
  return { ok: true, plain };
}
