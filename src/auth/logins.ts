// The one entry point of a login, for every protocol: the stored credentials of a name (or the fake ones of a
// name that is no user, so that a client cannot tell the two apart), and `checkPassword` for protocols that
// carry a user name and a password (HTTP Basic, a broker's CONNECT). Every login goes through the same
// LoginGuard: one throttle, one audit trail, one Security Alert, whichever protocol it came through. The SCRAM
// login of the HTTP API shares it, so failures over one protocol slow down guesses over every other.

import { randomBytes } from 'node:crypto';
import type { User, UserStore, WriteStore } from '../store/store.js';
import { type Credentials, fakeCredentials } from './credentials.js';
import { LoginGuard, type LoginGuardOptions } from './login-guard.js';
import { passwordMatches } from './password-check.js';

export interface LoginsOptions extends LoginGuardOptions {
  /** Users to check logins against; failed and refused logins are audited with `commitWrites`. */
  store: Pick<UserStore, 'getUser'> & Pick<WriteStore, 'commitWrites'>;
  /**
   * Wall-clock epoch ms (default `Date.now`). Not the site's clock: throttle windows and sessions run in real
   * time even when a simulation runs faster.
   */
  now?: () => number;
  /**
   * Secret behind the fake salts of unknown users; default random per process. `pointyard start` keeps one in
   * the data folder (fake-salt-secret.ts), so that a name's salt does not change at a restart.
   */
  fakeSecret?: Buffer;
}

/** A password login: the user, or why not (a wrong password and an unknown user are the same answer). */
export type PasswordLogin =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  /** Too many failed logins: refused without any check; try again in `retryAfterMs`. */
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface PasswordAttempt {
  name: string;
  password: string;
  /** The client address, as the protocol knows it (`203.0.113.9`). */
  address: string;
  /** The protocol's name, as the audit trail shows it in `via`. */
  via: string;
}

export class Logins {
  readonly guard: LoginGuard;
  readonly now: () => number;
  private readonly store: Pick<UserStore, 'getUser'>;
  private readonly fakeSecret: Buffer;
  /** Each user as last read (the users of sessions: a handful), for while the store cannot be read. */
  private readonly lastKnown = new Map<string, User | null>();

  constructor(options: LoginsOptions) {
    this.guard = new LoginGuard(options);
    this.now = options.now ?? Date.now;
    this.store = options.store;
    this.fakeSecret = options.fakeSecret ?? randomBytes(32);
  }

  /**
   * The user called `name` as stored now, or null. While the store cannot be read (a networked database
   * lost), the user as last read stands in, so that sessions opened before go on (a new login still needs
   * the store); with none read before, the store's error.
   */
  async user(name: string): Promise<User | null> {
    try {
      const user = await this.store.getUser(name);
      this.lastKnown.set(name, user);
      return user;
    } catch (err) {
      if (this.lastKnown.has(name)) return this.lastKnown.get(name) as User | null;
      throw err;
    }
  }

  /** The user called `name` with their credentials, or null with fake credentials that no password matches. */
  async credentialsOf(name: string): Promise<{ user: User | null; credentials: Credentials }> {
    const user = await this.store.getUser(name);
    return { user, credentials: user ?? fakeCredentials(this.fakeSecret, name) };
  }

  /**
   * Checks a user name and password: throttled, failures audited (durable before this resolves) and counted
   * towards the Security Alert, as a SCRAM login. Rejects only when the store fails.
   */
  async checkPassword(attempt: PasswordAttempt): Promise<PasswordLogin> {
    const who = { name: attempt.name, address: attempt.address };
    const waitMs = await this.guard.admit(who, attempt.via, this.now());
    if (waitMs > 0) return { ok: false, reason: 'throttled', retryAfterMs: waitMs };
    const { user, credentials } = await this.credentialsOf(attempt.name);
    // An unknown name costs the same PBKDF2 as a known one: the time taken does not tell them apart.
    const matches = await passwordMatches(credentials, attempt.password);
    if (!matches || !user) {
      await this.guard.failed(who, user !== null, attempt.via, this.now());
      return { ok: false, reason: 'invalid' };
    }
    this.guard.succeeded(who);
    return { ok: true, user };
  }
}
