// Brute-force protection: failed logins counted per client address and per user name. Below the threshold
// nothing happens; from the threshold on, each further attempt must wait a delay that doubles with every
// failure (1 s, 2 s, 4 s… up to a cap), refused meanwhile with 429 and Retry-After. Failures are forgotten
// once none has come for a window. The server does no work for a refused attempt and holds no connection.

export interface ThrottlePolicy {
  /** Failed logins tolerated per address and per user name before delays start. */
  threshold: number;
  /** Failures are forgotten once none has come for this long, ms. */
  windowMs: number;
  /** Wait after the threshold-th failure, doubled with each further one, ms. */
  baseDelayMs: number;
  /** The longest wait, ms. */
  maxDelayMs: number;
  /** Most addresses and names tracked at once (the least recently failed are forgotten first). */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  threshold: 5,
  windowMs: 15 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxEntries: 10_000,
};

interface Failures {
  count: number;
  lastAt: number;
}

/** The key of a client address. */
export const addressKey = (remote: string): string => `address:${remote}`;
/** The key of a user name (whether or not the user exists). */
export const userKey = (name: string): string => `user:${name}`;

export class LoginThrottle {
  // Map order is least recently failed first: `fail` moves a key to the end.
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE) {}

  /** How long an attempt concerning `keys` must still wait at `now`, ms; 0 when it may go ahead. */
  waitMs(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const f = this.live(key, now);
      if (f && f.count >= this.policy.threshold) wait = Math.max(wait, f.lastAt + this.delay(f.count) - now);
    }
    return Math.max(0, wait);
  }

  /** Counts a failed login for each key; true when one of them is at or past the threshold: an incident. */
  fail(keys: string[], now: number): boolean {
    let incident = false;
    for (const key of keys) {
      const f = this.live(key, now) ?? { count: 0, lastAt: now };
      this.failures.delete(key);
      f.count++;
      f.lastAt = now;
      this.failures.set(key, f);
      if (f.count >= this.policy.threshold) incident = true;
    }
    this.prune(now);
    return incident;
  }

  /** Forgets the failures of `keys` (a successful login). */
  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  /** The number of failures counted for `key` at `now`. */
  count(key: string, now: number): number {
    return this.live(key, now)?.count ?? 0;
  }

  /** Wait after the `count`-th failure. */
  private delay(count: number): number {
    const doublings = Math.min(count - this.policy.threshold, 30);
    return Math.min(this.policy.baseDelayMs * 2 ** doublings, this.policy.maxDelayMs);
  }

  /** The failures of `key` unless forgotten by `now`. */
  private live(key: string, now: number): Failures | null {
    const f = this.failures.get(key);
    if (!f) return null;
    if (now - f.lastAt >= this.policy.windowMs) {
      this.failures.delete(key);
      return null;
    }
    return f;
  }

  /** Forgets expired keys from the front, then the oldest beyond the bound. */
  private prune(now: number): void {
    for (const [key, f] of this.failures) {
      if (now - f.lastAt < this.policy.windowMs && this.failures.size <= this.policy.maxEntries) break;
      this.failures.delete(key);
    }
  }
}
