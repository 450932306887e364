// Checks a password against stored SCRAM credentials, for protocols that carry the password itself (HTTP
// Basic, a broker's CONNECT) rather than a SCRAM proof: the client's side of SCRAM done by the server (PBKDF2
// with the user's salt and iterations), then the StoredKey compared in constant time. Off the event loop's
// thread: PBKDF2 at 10 000 iterations is too slow to run inline for every connection.

import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Credentials } from './credentials.js';
import { clientKeyOf, KEY_BYTES, storedKeyOf } from './scram.js';

const pbkdf2Async = promisify(pbkdf2);

/** True when `password` gives the StoredKey of `credentials`. */
export async function passwordMatches(credentials: Credentials, password: string): Promise<boolean> {
  const salt = Buffer.from(credentials.salt, 'base64');
  const salted = await pbkdf2Async(
    Buffer.from(password, 'utf8'),
    salt,
    credentials.iterations,
    KEY_BYTES,
    'sha256',
  );
  const stored = Buffer.from(credentials.storedKey, 'base64');
  const derived = storedKeyOf(clientKeyOf(salted));
  return stored.length === derived.length && timingSafeEqual(stored, derived);
}
