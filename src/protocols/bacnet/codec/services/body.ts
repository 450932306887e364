// What every service decoder shares: a reader over the service's octets, the decode wrapped so that it
// never throws, and a check that nothing is left after the last field.
import { ByteReader } from '../byte-reader.js';
import { expectEnd } from '../context-tags.js';
import { type Decoded, decodeSafely } from '../result.js';

export function decodeBody<T>(body: Uint8Array, what: string, read: (r: ByteReader) => T): Decoded<T> {
  return decodeSafely(() => {
    const r = new ByteReader(body);
    const value = read(r);
    expectEnd(r, what);
    return value;
  });
}
