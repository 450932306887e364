// A user's stored credentials: the SCRAM-SHA-256 keys made from a password (never the password itself), the
// fake ones shown for a user who does not exist, and the rules a user name and a password must follow.

import { createHmac, randomBytes } from 'node:crypto';
import type { Role, User } from '../store/store.js';
import { deriveKeys } from './scram.js';

/**
 * PBKDF2 iterations for new passwords: haxall's default (so clients tuned for haxall log in as fast), above
 * RFC 7677's minimum of 4096. The client pays them at every login (SCRAM makes it derive the key, not the
 * server); they are what slows down guessing if the database is stolen. Existing users keep their count.
 */
export const DEFAULT_ITERATIONS = 10_000;

/** Salt length: 32 random bytes, as haxall. */
export const SALT_BYTES = 32;

export const MIN_PASSWORD_LENGTH = 8;

export type Credentials = Pick<User, 'salt' | 'iterations' | 'storedKey' | 'serverKey'>;

/** The keys to store for `password`, with a fresh random salt. */
export function createCredentials(
  password: string,
  iterations: number = DEFAULT_ITERATIONS,
  salt: Buffer = randomBytes(SALT_BYTES),
): Credentials {
  const keys = deriveKeys(password, salt, iterations);
  return {
    salt: salt.toString('base64'),
    iterations,
    storedKey: keys.storedKey.toString('base64'),
    serverKey: keys.serverKey.toString('base64'),
  };
}

/** A new user record for `password`, created at `now` (epoch ms). */
export function newUser(name: string, role: Role, password: string, now: number): User {
  return { name, role, ...createCredentials(password), createdAt: now, updatedAt: now };
}

/**
 * Credentials for a name that is no user: the same salt for the same name every time (derived from a
 * per-process secret), the default iteration count, and keys no password matches. A client probing names sees
 * what it would see for a real user, and fails only at the proof, with the same answer as a wrong password.
 */
export function fakeCredentials(secret: Buffer, username: string): Credentials {
  const derive = (purpose: string) =>
    createHmac('sha256', secret).update(`${purpose}\0${username}`, 'utf8').digest('base64');
  return {
    salt: derive('salt'),
    iterations: DEFAULT_ITERATIONS,
    storedKey: derive('stored-key'),
    serverKey: derive('server-key'),
  };
}

/** Why `password` cannot be used, or null when it can. */
export function passwordProblem(password: string): string | null {
  if (password === '') return 'the password is empty';
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`;
  if ([...password].some((c) => c < ' ' || c === '\u007f')) return 'the password contains control characters';
  return null;
}

/** Why `name` cannot be a user name, or null when it can: letters, digits, `.`, `_`, `@`, `-`; 1 to 64. */
export function userNameProblem(name: string): string | null {
  if (name === '') return 'the user name is empty';
  if (name.length > 64) return 'the user name is longer than 64 characters';
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(name))
    return `'${name}' is not a valid user name: use letters, digits, '.', '_', '@' or '-', starting with a letter or digit`;
  return null;
}
