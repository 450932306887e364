// Brute-force protection, counted three ways so that an attacker slows down only what they attack:
// - a name from one address (one attacker guessing one account): from the `threshold`-th failure on, each
//   further attempt of that name from that address waits 1 s, 2 s, 4 s… (up to a cap) after the last failure;
// - a name from many addresses (a guess spread over many machines): once `spread` different addresses failed
//   on it, every attempt of that name waits, doubling with each further address;
// - an address trying many names (spraying one password over the accounts): once it failed on `spread`
//   different names, every attempt from it waits, doubling with each further name.
// So failures on one name from one address never slow down another name from that address, nor that name from
// elsewhere. Refused attempts wait without any work done (HTTP: 429 with Retry-After). Failures are forgotten
// once none has come for a window; the table is bounded.

export interface ThrottlePolicy {
  /** Failed logins of one name from one address tolerated before delays start. */
  threshold: number;
  /** Different addresses failing on one name, or names failing from one address, before delays start. */
  spread: number;
  /** Failures are forgotten once none has come for this long, ms. */
  windowMs: number;
  /** Wait once a count reaches its threshold, doubled with each further step, ms. */
  baseDelayMs: number;
  /** The longest wait, ms. */
  maxDelayMs: number;
  /** Most counts kept at once (the least recently failed are forgotten first). */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  threshold: 5,
  spread: 5,
  windowMs: 15 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxEntries: 10_000,
};

/** One login attempt: the user name tried (whether or not the user exists) and the client address. */
export interface Attempt {
  name: string;
  address: string;
}

/** What `check` says: how long the attempt must still wait (0: go ahead), and whether to report it. */
export interface Verdict {
  waitMs: number;
  /** The first refusal since the last failure that set this wait: worth an audit row and a log line. */
  report: boolean;
}

interface Failures {
  /** Failures counted (the name-from-address count). */
  count: number;
  lastAt: number;
  /** For a name, the addresses that failed on it; for an address, the names it failed on (bounded). */
  partners: Set<string> | null;
  /** `lastAt` when a refusal was last reported. */
  reportedAt: number | null;
}

/** Partners kept per name or address: past this, the delay is at its cap anyway. */
const MAX_PARTNERS = 64;

const pairKey = (a: Attempt) => `pair:${JSON.stringify([a.name, a.address])}`;
const nameKey = (a: Attempt) => `name:${a.name}`;
const addressKey = (a: Attempt) => `address:${a.address}`;

export class LoginThrottle {
  // Map order is least recently failed first: `fail` moves a key to the end.
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE) {}

  /** How long `attempt` must still wait at `now`; a refusal is reported once per wait. */
  check(attempt: Attempt, now: number): Verdict {
    let waitMs = 0;
    let blocking: Failures | null = null;
    for (const [key, steps] of this.stepsOf(attempt, now)) {
      const f = this.failures.get(key) as Failures;
      const wait = f.lastAt + this.delay(steps) - now;
      if (wait > waitMs) {
        waitMs = wait;
        blocking = f;
      }
    }
    if (!blocking) return { waitMs: 0, report: false };
    const report = blocking.reportedAt !== blocking.lastAt;
    blocking.reportedAt = blocking.lastAt;
    return { waitMs, report };
  }

  /** Counts a failed login; true when a count is at or past its threshold: a security incident. */
  fail(attempt: Attempt, now: number): boolean {
    this.touch(pairKey(attempt), null, now);
    this.touch(nameKey(attempt), attempt.address, now);
    this.touch(addressKey(attempt), attempt.name, now);
    this.prune(now);
    return this.stepsOf(attempt, now).length > 0;
  }

  /** A successful login: its failures were the user's own typing, forget them. */
  succeed(attempt: Attempt): void {
    this.failures.delete(pairKey(attempt));
    this.forgetPartner(nameKey(attempt), attempt.address);
    this.forgetPartner(addressKey(attempt), attempt.name);
  }

  /** Failures of `name` from `address` counted at `now`. */
  count(attempt: Attempt, now: number): number {
    return this.live(pairKey(attempt), now)?.count ?? 0;
  }

  /** The keys at or past their threshold for `attempt`, with how many doublings each is past it. */
  private stepsOf(attempt: Attempt, now: number): Array<[string, number]> {
    const steps: Array<[string, number]> = [];
    const pair = this.live(pairKey(attempt), now);
    if (pair && pair.count >= this.policy.threshold)
      steps.push([pairKey(attempt), pair.count - this.policy.threshold]);
    for (const key of [nameKey(attempt), addressKey(attempt)]) {
      const spread = this.live(key, now)?.partners?.size ?? 0;
      if (spread >= this.policy.spread) steps.push([key, spread - this.policy.spread]);
    }
    return steps;
  }

  /** Counts one failure on `key` at `now` (with the address or name it came with, for the wide keys). */
  private touch(key: string, partner: string | null, now: number): void {
    const f = this.live(key, now) ?? {
      count: 0,
      lastAt: now,
      partners: partner === null ? null : new Set<string>(),
      reportedAt: null,
    };
    this.failures.delete(key);
    f.count++;
    f.lastAt = now;
    if (partner !== null && f.partners && f.partners.size < MAX_PARTNERS) f.partners.add(partner);
    this.failures.set(key, f);
  }

  private forgetPartner(key: string, partner: string): void {
    const f = this.failures.get(key);
    if (!f?.partners) return;
    f.partners.delete(partner);
    if (f.partners.size === 0) this.failures.delete(key);
  }

  /** Wait after `steps` doublings. */
  private delay(steps: number): number {
    return Math.min(this.policy.baseDelayMs * 2 ** Math.min(steps, 30), this.policy.maxDelayMs);
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
