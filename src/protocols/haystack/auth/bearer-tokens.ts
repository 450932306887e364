// Sessions by bearer token: who logged in, when, and when the token was last used. A token dies when unused
// for `idleMs`, when older than `maxAgeMs`, on `close` (revoke), or when the server stops (they live in
// memory only). Bounded: when full, the least recently used session gives way.

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
  /** Most sessions kept at once. */
  max: number;
}

export class BearerTokens {
  // Map order is least recently used first: `use` moves a session to the end.
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly lifetime: TokenLifetime) {}

  /** Opens a session at `now` under `token`. */
  issue(session: Omit<Session, 'createdAt' | 'lastUsedAt'>, now: number): void {
    this.prune(now);
    while (this.sessions.size >= this.lifetime.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    this.sessions.set(session.token, { ...session, createdAt: now, lastUsedAt: now });
  }

  /** The live session of `token`, marked used at `now`; null when unknown, revoked or expired. */
  use(token: string, now: number): Session | null {
    const session = this.sessions.get(token);
    if (!session) return null;
    this.sessions.delete(token);
    if (this.expired(session, now)) return null;
    session.lastUsedAt = now;
    this.sessions.set(token, session);
    return session;
  }

  /** Ends the session of `token`; false when there was none. */
  revoke(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Ends every session of `username`; returns how many. */
  revokeUser(username: string): number {
    let n = 0;
    for (const [token, session] of this.sessions)
      if (session.username === username && this.sessions.delete(token)) n++;
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(session: Session, now: number): boolean {
    return (
      now - session.lastUsedAt >= this.lifetime.idleMs || now - session.createdAt >= this.lifetime.maxAgeMs
    );
  }

  /** Drops idle sessions from the least recently used end. */
  private prune(now: number): void {
    for (const [token, session] of this.sessions) {
      if (now - session.lastUsedAt < this.lifetime.idleMs) break;
      this.sessions.delete(token);
    }
  }
}
