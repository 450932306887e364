// The Basic-auth passwords the CSMS has checked once since it started, so that a charge point that connects
// again (a reconnect storm after a network outage: thousands at once) costs an HMAC instead of a PBKDF2 of
// 100,000 iterations (tens of ms of CPU each). Kept in memory only, and never the password: an HMAC-SHA-256
// of it under a key drawn at random for this process, beside the stored hash it was checked against. A
// password that is not the one remembered (wrong, or the hash changed) goes through PBKDF2 as before.
// Bounded by the charge points the site file knows: only their ids are ever remembered.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { passwordMatchesHash } from './password-hash.js';

interface Verified {
  /** The stored hash the password was checked against. */
  hash: string;
  /** HMAC-SHA-256 of the password under this process's key. */
  digest: Buffer;
}

export class VerifiedPasswords {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, Verified>();

  /** True when `password` is the one `hash` (charge point `id`'s stored hash) was made of. */
  async matches(id: string, hash: string, password: Buffer): Promise<boolean> {
    const digest = createHmac('sha256', this.key).update(password).digest();
    const known = this.verified.get(id);
    if (known && known.hash === hash && timingSafeEqual(known.digest, digest)) return true;
    if (!(await passwordMatchesHash(hash, password))) return false;
    this.verified.set(id, { hash, digest });
    return true;
  }
}
