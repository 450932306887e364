// Sessions by bearer token: who logged in, when, and when the token was last used. A token dies when unused
// for `idleMs`, when older than `maxAgeMs`, on `close` (revoke), or when the server stops (they live in
// memory only). Bounded per user and in all: a user at their bound loses their own least recently used
// session; when the whole table is full, the user holding the most sessions gives one up. So no user, however
// many times they log in, can end another user's session.

import { getOrCreate } from '../util/maps.js';

export interface Session {
  token: string;
  username: string;
  /** The user's StoredKey at login: a password changed since then ends the session. */
  storedKey: string;
  /** Client address at login. */
  remote: string;
  createdAt: number;
  lastUsedAt: number;
}

export interface TokenLifetime {
  /** Idle time after which a token expires, ms. */
  idleMs: number;
  /** Age after which a token expires however busy, ms (Infinity: never). */
  maxAgeMs: number;
  /** Most sessions kept at once, all users together. */
  max: number;
  /** Most sessions one user keeps at once. */
  maxPerUser: number;
}

/** Tokens unused for 24 h expire; busy ones never do (machine clients keep one session for months). */
export const DEFAULT_TOKEN_LIFETIME: TokenLifetime = {
  idleMs: 24 * 3_600_000,
  maxAgeMs: Number.POSITIVE_INFINITY,
  max: 100_000,
  maxPerUser: 100,
};

export class BearerTokens {
  // Map order is least recently used first: `use` moves a session to the end of both maps.
  private readonly sessions = new Map<string, Session>();
  /** Each user's sessions, least recently used first. */
  private readonly byUser = new Map<string, Map<string, Session>>();

  constructor(private readonly lifetime: TokenLifetime) {}

  /** Opens a session at `now` under `token`. */
  issue(session: Omit<Session, 'createdAt' | 'lastUsedAt'>, now: number): void {
    this.prune(now);
    const own = this.byUser.get(session.username);
    while (own && own.size >= this.lifetime.maxPerUser && this.dropOldest(own)) {}
    while (this.sessions.size >= this.lifetime.max && this.dropOldest(this.largestHolder())) {}
    this.add({ ...session, createdAt: now, lastUsedAt: now });
  }

  /** The live session of `token`, marked used at `now`; null when unknown, revoked or expired. */
  use(token: string, now: number): Session | null {
    const session = this.sessions.get(token);
    if (!session) return null;
    this.delete(session);
    if (this.expired(session, now)) return null;
    session.lastUsedAt = now;
    this.add(session);
    return session;
  }

  /** Ends the session of `token`; false when there was none. */
  revoke(token: string): boolean {
    const session = this.sessions.get(token);
    if (!session) return false;
    this.delete(session);
    return true;
  }

  /** Ends every session of `username`; returns how many. */
  revokeUser(username: string): number {
    const own = this.byUser.get(username);
    if (!own) return 0;
    const n = own.size;
    for (const token of own.keys()) this.sessions.delete(token);
    this.byUser.delete(username);
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Sessions `username` holds now. */
  sizeOf(username: string): number {
    return this.byUser.get(username)?.size ?? 0;
  }

  private expired(session: Session, now: number): boolean {
    return (
      now - session.lastUsedAt >= this.lifetime.idleMs || now - session.createdAt >= this.lifetime.maxAgeMs
    );
  }

  /** Puts `session` at the most recently used end of both maps. */
  private add(session: Session): void {
    this.sessions.set(session.token, session);
    getOrCreate(this.byUser, session.username, () => new Map<string, Session>()).set(session.token, session);
  }

  private delete(session: Session): void {
    this.sessions.delete(session.token);
    const own = this.byUser.get(session.username);
    own?.delete(session.token);
    if (own?.size === 0) this.byUser.delete(session.username);
  }

  /** Ends the least recently used session of `own`; false when it has none. */
  private dropOldest(own: Map<string, Session> | undefined): boolean {
    const oldest = own?.values().next().value;
    if (!oldest) return false;
    this.delete(oldest);
    return true;
  }

  /** The sessions of the user who holds the most (the only ones a full table takes from). */
  private largestHolder(): Map<string, Session> | undefined {
    let largest: Map<string, Session> | undefined;
    for (const own of this.byUser.values()) if (!largest || own.size > largest.size) largest = own;
    return largest;
  }

  /** Drops idle sessions from the least recently used end. */
  private prune(now: number): void {
    for (const session of this.sessions.values()) {
      if (now - session.lastUsedAt < this.lifetime.idleMs) break;
      this.delete(session);
    }
  }
}
