// Logins in progress, by handshakeToken: what HELLO and client-first established, until client-final ends the
// exchange or it expires. Bounded: when full, the oldest handshake gives way (its client just starts again).

import type { Credentials } from '../../../auth/credentials.js';

export interface Handshake {
  /** The user named in HELLO. */
  username: string;
  /** Whether that user exists; when not, `credentials` are fake and no proof can match. */
  known: boolean;
  credentials: Credentials;
  /** Set by client-first: what client-final must match and what AuthMessage is made of. */
  first: { gs2Header: string; clientFirstBare: string; nonce: string; serverFirst: string } | null;
  /** Epoch ms after which the token is refused. */
  expiresAt: number;
}

export class Handshakes {
  // Insertion order is expiry order (one lifetime for all), so the oldest entries come first.
  private readonly table = new Map<string, Handshake>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** Registers a handshake started at `now` under `token`. */
  start(token: string, handshake: Omit<Handshake, 'expiresAt'>, now: number): void {
    this.prune(now);
    while (this.table.size >= this.max) {
      const oldest = this.table.keys().next().value;
      if (oldest === undefined) break;
      this.table.delete(oldest);
    }
    this.table.set(token, { ...handshake, expiresAt: now + this.ttlMs });
  }

  /** The live handshake of `token`, or null when unknown, finished or expired. */
  get(token: string, now: number): Handshake | null {
    const handshake = this.table.get(token);
    if (!handshake) return null;
    if (now >= handshake.expiresAt) {
      this.table.delete(token);
      return null;
    }
    return handshake;
  }

  /** Ends a handshake: its token cannot be used again. */
  end(token: string): void {
    this.table.delete(token);
  }

  get size(): number {
    return this.table.size;
  }

  /** Drops expired handshakes from the front. */
  private prune(now: number): void {
    for (const [token, handshake] of this.table) {
      if (now < handshake.expiresAt) break;
      this.table.delete(token);
    }
  }
}
