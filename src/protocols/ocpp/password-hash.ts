// The charge points' Basic-auth passwords as the site file keeps them: never the password, a PBKDF2 hash of
// it, `pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>` (`pointyard ocpp hash-password` makes one).
// Checked off the event loop's thread and in constant time.

import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

const PREFIX = 'pbkdf2-sha256';
const HASH_BYTES = 32;
export const HASH_ITERATIONS = 100_000;

interface ParsedHash {
  iterations: number;
  salt: Buffer;
  hash: Buffer;
}

/** The parts of a hash, or null when `text` is not one. */
export function parsePasswordHash(text: string): ParsedHash | null {
  const [prefix, iterations, salt, hash, ...more] = text.split('$');
  if (prefix !== PREFIX || more.length > 0 || !iterations || !salt || !hash) return null;
  const n = Number(iterations);
  if (!Number.isInteger(n) || n < 1000 || n > 10_000_000) return null;
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(salt) || !base64.test(hash)) return null;
  const parsed = { iterations: n, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  return parsed.salt.length >= 16 && parsed.hash.length === HASH_BYTES ? parsed : null;
}

/** A new hash of `password` with a random salt. */
export async function hashPassword(password: string | Buffer, iterations = HASH_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(password, salt, iterations, HASH_BYTES, 'sha256');
  return `${PREFIX}$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `password` is the one `hash` was made of. */
export async function passwordMatchesHash(hash: string, password: string | Buffer): Promise<boolean> {
  const parsed = parsePasswordHash(hash);
  if (!parsed) return false;
  const derived = await pbkdf2Async(password, parsed.salt, parsed.iterations, HASH_BYTES, 'sha256');
  return timingSafeEqual(derived, parsed.hash);
}
