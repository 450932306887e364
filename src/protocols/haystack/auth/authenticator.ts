// The server side of Haystack Auth: the HTTP server hands it each request's Authorization header and client
// address, and gets back what to answer. HELLO → 401 challenge; SCRAM client-first → 401 with server-first;
// SCRAM client-final → 200 with the bearer token, or 403; BEARER → the user, or 403; no header → 401.
// Handshakes and sessions live in memory, bounded and expiring. Logins go through the Logins of src/auth, shared
// with the other protocols: throttled, each failed or refused one audited and logged, the Security Alert told.

import { randomBytes } from 'node:crypto';
import { BearerTokens, DEFAULT_TOKEN_LIFETIME, type TokenLifetime } from '../../../auth/bearer-tokens.js';
import type { Attempt } from '../../../auth/login-throttle.js';
import { Logins, type LoginsOptions } from '../../../auth/logins.js';
import {
  authMessage,
  buildServerFinal,
  buildServerFirst,
  parseClientFinal,
  parseClientFirst,
  serverSignature,
  verifyClientProof,
} from '../../../auth/scram.js';
import type { User } from '../../../store/store.js';
import {
  authenticationInfo,
  helloChallenge,
  LOGIN_CHALLENGE,
  parseAuthorization,
  scramChallenge,
} from './auth-messages.js';
import { type Handshake, Handshakes } from './handshakes.js';

export type AuthHeaders = Record<string, string>;

/** What to answer. `user` means: authenticated, go on with the request. */
export type AuthOutcome =
  | { kind: 'challenge'; status: 401; headers: AuthHeaders }
  | { kind: 'error'; status: 400 | 403 | 429; headers: AuthHeaders; message: string; retryAfterMs?: number }
  | { kind: 'done'; status: 200; headers: AuthHeaders; username: string }
  | { kind: 'user'; user: User; token: string };

export interface AuthenticatorOptions extends LoginsOptions {
  /**
   * The logins shared with the other protocols (throttle, audit, Security Alert); when absent, one is made
   * from the other options (store, log, now, onSecurityIncident, throttle, fakeSecret).
   */
  logins?: Logins;
  tokens?: Partial<TokenLifetime>;
  /** How long a login may take from HELLO to client-final, ms. */
  handshakeTtlMs?: number;
  /** Most logins in progress at once. */
  maxHandshakes?: number;
  /** Makes server nonces (tests fix it to replay RFC 7677); default 18 random bytes, base64url. */
  serverNonce?: () => string;
}

/** The name of Haystack logins in the audit trail. */
const VIA = 'haystack';

export const DEFAULT_HANDSHAKE_TTL_MS = 60_000;
export const DEFAULT_MAX_HANDSHAKES = 1000;

/** The one message for every failed login, so that a reply never tells a wrong password from a missing user. */
export const BAD_CREDENTIALS = 'Invalid username or password';
export const BAD_TOKEN = 'Invalid or expired authToken';
export const BAD_HANDSHAKE = 'Invalid or expired handshakeToken: start again with HELLO';

/** Handshake replies are never cached (haxall sends the same). */
const NO_STORE: AuthHeaders = { 'Cache-Control': 'no-cache, no-store, private' };

export class Authenticator {
  /** Throttle, audit and Security Alert of every login, shared with the protocols that check passwords. */
  readonly logins: Logins;
  private readonly now: () => number;
  private readonly handshakes: Handshakes;
  private readonly sessions: BearerTokens;
  private readonly serverNonce: () => string;

  constructor(options: AuthenticatorOptions) {
    this.logins = options.logins ?? new Logins(options);
    this.now = this.logins.now;
    this.handshakes = new Handshakes(
      options.handshakeTtlMs ?? DEFAULT_HANDSHAKE_TTL_MS,
      options.maxHandshakes ?? DEFAULT_MAX_HANDSHAKES,
    );
    this.sessions = new BearerTokens({ ...DEFAULT_TOKEN_LIFETIME, ...options.tokens });
    this.serverNonce = options.serverNonce ?? (() => randomBytes(18).toString('base64url'));
  }

  /**
   * What to answer a request with this Authorization header (undefined when it has none) from `remote` (the
   * client's address). Never throws for any header; rejects only when the store fails.
   */
  async authenticate(authorization: string | undefined, remote: string): Promise<AuthOutcome> {
    if (authorization === undefined || authorization.trim() === '')
      return {
        kind: 'challenge',
        status: 401,
        headers: { ...NO_STORE, 'WWW-Authenticate': LOGIN_CHALLENGE },
      };
    const header = parseAuthorization(authorization);
    if (!header.ok) return error(400, header.error);
    const message = header.value;
    const now = this.now();
    switch (message.scheme) {
      case 'bearer':
        return this.bearer(message.authToken, now);
      case 'hello':
        return this.hello(message.username, remote, now);
      case 'scram': {
        if (message.data === null) return error(400, 'SCRAM needs a data parameter');
        const handshake = this.handshakes.get(message.handshakeToken, now);
        if (!handshake) return error(403, BAD_HANDSHAKE);
        return handshake.first === null
          ? this.clientFirst(handshake, message.handshakeToken, message.data)
          : this.clientFinal(handshake, message.handshakeToken, message.data, remote, now);
      }
    }
  }

  /** Ends the session of `token` (the `close` op); false when there was none. */
  revoke(token: string): boolean {
    return this.sessions.revoke(token);
  }

  /** Ends every session of a user (removed, or their password changed through the API). */
  revokeUser(name: string): number {
    return this.sessions.revokeUser(name);
  }

  /** Sessions open now. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** HELLO: the same challenge for any name, with a handshake that remembers the user (or a fake one). */
  private async hello(username: string, remote: string, now: number): Promise<AuthOutcome> {
    const refused = await this.refusal({ name: username, address: remote }, now);
    if (refused) return refused;
    const { user, credentials } = await this.logins.credentialsOf(username);
    const token = randomBytes(16).toString('hex'); // alphanumeric: clients match it with [a-zA-Z0-9]+
    this.handshakes.start(token, { username, known: user !== null, credentials, first: null }, now);
    return {
      kind: 'challenge',
      status: 401,
      headers: { ...NO_STORE, 'WWW-Authenticate': helloChallenge(token) },
    };
  }

  /** client-first → server-first: the combined nonce, the salt and the iteration count. */
  private clientFirst(handshake: Handshake, token: string, data: string): AuthOutcome {
    const first = parseClientFirst(data);
    if (!first.ok) {
      this.handshakes.end(token);
      return error(400, first.error);
    }
    if (first.value.username !== handshake.username) {
      this.handshakes.end(token);
      return error(400, 'the user in the SCRAM data is not the user named in HELLO');
    }
    const { salt, iterations } = handshake.credentials;
    const nonce = first.value.nonce + this.serverNonce();
    const serverFirst = buildServerFirst(nonce, Buffer.from(salt, 'base64'), iterations);
    handshake.first = {
      gs2Header: first.value.gs2Header,
      clientFirstBare: first.value.bare,
      nonce,
      serverFirst,
    };
    return {
      kind: 'challenge',
      status: 401,
      headers: { ...NO_STORE, 'WWW-Authenticate': scramChallenge(token, serverFirst) },
    };
  }

  /** client-final → checks the proof; the token and the server signature, or 403. The handshake ends here. */
  private async clientFinal(
    handshake: Handshake,
    token: string,
    data: string,
    remote: string,
    now: number,
  ): Promise<AuthOutcome> {
    this.handshakes.end(token);
    const first = handshake.first;
    const final = parseClientFinal(data);
    if (!first || !final.ok) return error(400, final.ok ? BAD_HANDSHAKE : final.error);
    if (!final.value.channelBinding.equals(Buffer.from(first.gs2Header, 'utf8')))
      return error(400, 'the channel binding (c=) does not repeat the client-first header');
    if (final.value.nonce !== first.nonce) return error(403, 'Invalid nonce');
    const attempt: Attempt = { name: handshake.username, address: remote };
    const refused = await this.refusal(attempt, now);
    if (refused) return refused;

    const message = authMessage(first.clientFirstBare, first.serverFirst, final.value.withoutProof);
    const { storedKey, serverKey } = handshake.credentials;
    let ok = verifyClientProof(Buffer.from(storedKey, 'base64'), message, final.value.proof);
    // The user may have been removed, or their password changed, since HELLO.
    const user = ok && handshake.known ? await this.logins.user(handshake.username) : null;
    ok = ok && user !== null && user.storedKey === storedKey;
    if (!ok || !user) {
      await this.logins.guard.failed(attempt, handshake.known, VIA, now);
      return error(403, BAD_CREDENTIALS);
    }
    this.logins.guard.succeeded(attempt);
    const authToken = randomBytes(32).toString('base64url');
    this.sessions.issue({ token: authToken, username: user.name, storedKey: user.storedKey, remote }, now);
    const signature = serverSignature(Buffer.from(serverKey, 'base64'), message);
    return {
      kind: 'done',
      status: 200,
      headers: {
        ...NO_STORE,
        'Authentication-Info': authenticationInfo(authToken, buildServerFinal(signature)),
      },
      username: user.name,
    };
  }

  /** The 429 for an attempt that must still wait (audited once per wait), or null when it may go ahead. */
  private async refusal(attempt: Attempt, now: number): Promise<AuthOutcome | null> {
    const waitMs = await this.logins.guard.admit(attempt, VIA, now);
    return waitMs > 0 ? tooMany(waitMs) : null;
  }

  /** BEARER: the session's user as stored now (a new role applies at once; a removed user is refused). */
  private async bearer(token: string, now: number): Promise<AuthOutcome> {
    const session = this.sessions.use(token, now);
    if (!session) return error(403, BAD_TOKEN);
    const user = await this.logins.user(session.username);
    if (!user || user.storedKey !== session.storedKey) {
      this.sessions.revoke(token);
      return error(403, BAD_TOKEN);
    }
    return { kind: 'user', user, token };
  }
}

function error(status: 400 | 403, message: string): AuthOutcome {
  return { kind: 'error', status, headers: { ...NO_STORE }, message };
}

function tooMany(waitMs: number): AuthOutcome {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return {
    kind: 'error',
    status: 429,
    headers: { ...NO_STORE, 'Retry-After': String(seconds) },
    message: `Too many failed logins: try again in ${seconds} s`,
    retryAfterMs: waitMs,
  };
}
