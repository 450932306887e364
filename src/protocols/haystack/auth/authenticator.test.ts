// The Authenticator on a virtual clock: logins, handshake state, sessions, throttling, and any header.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RFC7677 } from '../../../../test/support/rfc7677.js';
import { createCredentials } from '../../../auth/credentials.js';
import {
  authMessage,
  buildClientFinal,
  buildClientFirst,
  clientFinalWithoutProof,
  clientProof,
  deriveKeys,
  parseServerFinal,
  parseServerFirst,
  type ServerFirst,
  serverSignature,
} from '../../../auth/scram.js';
import { MemoryStore } from '../../../store/memory/memory-store.js';
import type { Role, User } from '../../../store/store.js';
import { parseAuthParams } from './auth-messages.js';
import {
  Authenticator,
  type AuthenticatorOptions,
  type AuthOutcome,
  BAD_CREDENTIALS,
  BAD_TOKEN,
} from './authenticator.js';

const b64u = (text: string) => Buffer.from(text).toString('base64url');
const fromB64u = (text: string) => Buffer.from(text, 'base64url').toString();

/** The parameters of a WWW-Authenticate or Authentication-Info header. */
function params(header: string | undefined, scheme = true): Map<string, string> {
  const r = parseAuthParams(scheme ? (header ?? '') : `x ${header ?? ''}`);
  assert.ok(r.ok, header);
  return r.value.params;
}

/** A user with few iterations, so that tests run fast. */
function user(name: string, password: string, role: Role = 'operator'): User {
  return { name, role, ...createCredentials(password, 64), createdAt: 0, updatedAt: 0 };
}

function setup(options: Partial<AuthenticatorOptions> = {}) {
  const store = new MemoryStore();
  const clock = { t: 1_000_000 };
  let incidents = 0;
  const logged: Array<{ level: string; obj: object | string; msg: string | undefined }> = [];
  const entry = (level: string) => (obj: object | string, msg?: string) => logged.push({ level, obj, msg });
  const auth = new Authenticator({
    store,
    now: () => clock.t,
    onSecurityIncident: () => incidents++,
    log: { info: entry('info'), warn: entry('warn'), error: entry('error') },
    ...options,
  });
  return { store, clock, auth, incidents: () => incidents, logged };
}

interface Steps {
  hello: AuthOutcome;
  first?: AuthOutcome;
  final?: AuthOutcome;
  handshakeToken?: string;
  authToken?: string;
  /** The server signature checked out. */
  verified?: boolean;
}

/** The three steps of a login, stopping at the first that is not what a good login expects. */
async function login(
  auth: Authenticator,
  name: string,
  password: string,
  remote = '10.0.0.1',
): Promise<Steps> {
  const hello = await auth.authenticate(`HELLO username=${b64u(name)}`, remote);
  if (hello.kind !== 'challenge') return { hello };
  const handshakeToken = params(hello.headers['WWW-Authenticate']).get('handshaketoken') ?? '';
  const cf = buildClientFirst(name, 'fyko+d2lbbFgONRv9qkxdawL');
  const first = await auth.authenticate(
    `SCRAM handshakeToken=${handshakeToken}, data=${b64u(cf.message)}`,
    remote,
  );
  if (first.kind !== 'challenge') return { hello, first, handshakeToken };
  const serverFirst = fromB64u(params(first.headers['WWW-Authenticate']).get('data') ?? '');
  const sf = parseServerFirst(serverFirst);
  assert.ok(sf.ok);
  const keys = deriveKeys(password, sf.value.salt, sf.value.iterations);
  const withoutProof = clientFinalWithoutProof('n,,', sf.value.nonce);
  const message = authMessage(cf.bare, serverFirst, withoutProof);
  const data = b64u(buildClientFinal(withoutProof, clientProof(keys.clientKey, message)));
  const final = await auth.authenticate(`SCRAM handshakeToken=${handshakeToken}, data=${data}`, remote);
  if (final.kind !== 'done') return { hello, first, final, handshakeToken };
  const info = params(final.headers['Authentication-Info'], false);
  const v = parseServerFinal(fromB64u(info.get('data') ?? ''));
  const verified = v.ok && v.value.equals(serverSignature(keys.serverKey, message));
  return { hello, first, final, handshakeToken, authToken: info.get('authtoken') ?? '', verified };
}

/** The server-first message a client-first step answered. */
function serverFirstOf(outcome: AuthOutcome | undefined): ServerFirst {
  assert.ok(outcome?.kind === 'challenge');
  const sf = parseServerFirst(fromB64u(params(outcome.headers['WWW-Authenticate']).get('data') ?? ''));
  assert.ok(sf.ok);
  return sf.value;
}

const statusOf = (o: AuthOutcome | undefined) => (o && o.kind !== 'user' ? o.status : undefined);

const bearer = (auth: Authenticator, token: string) =>
  auth.authenticate(`BEARER authToken=${token}`, '10.0.0.1');

describe('Authenticator: logging in', () => {
  test('HELLO → SCRAM → token; the server proves itself; BEARER gives the user', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    const steps = await login(auth, 'alice', 'wonderland');
    assert.deepEqual(
      [steps.hello.kind, steps.first?.kind, steps.final?.kind],
      ['challenge', 'challenge', 'done'],
    );
    assert.equal(steps.hello.kind === 'challenge' && steps.hello.status, 401);
    assert.equal(steps.final?.kind === 'done' && steps.final.username, 'alice');
    assert.ok(steps.verified);
    assert.ok((steps.authToken ?? '').length >= 43, '32 random bytes');
    const r = await bearer(auth, steps.authToken ?? '');
    assert.equal(r.kind === 'user' && r.user.name, 'alice');
    assert.equal(auth.sessionCount, 1);
  });

  test('RFC 7677: the same server-first and server-final, byte for byte', async () => {
    const { auth, store } = setup({ serverNonce: () => RFC7677.serverNonce });
    const salt = Buffer.from(RFC7677.salt, 'base64');
    await store.saveUser({
      name: 'user',
      role: 'viewer',
      ...createCredentials(RFC7677.password, RFC7677.iterations, salt),
      createdAt: 0,
      updatedAt: 0,
    });
    const hello = await auth.authenticate(`HELLO username=${b64u('user')}`, 'x');
    const token = params(hello.kind === 'challenge' ? hello.headers['WWW-Authenticate'] : '').get(
      'handshaketoken',
    );
    const first = await auth.authenticate(
      `SCRAM handshakeToken=${token}, data=${b64u(RFC7677.clientFirst)}`,
      'x',
    );
    assert.ok(first.kind === 'challenge');
    assert.equal(fromB64u(params(first.headers['WWW-Authenticate']).get('data') ?? ''), RFC7677.serverFirst);
    const final = await auth.authenticate(
      `SCRAM handshakeToken=${token}, data=${b64u(RFC7677.clientFinal)}`,
      'x',
    );
    assert.ok(final.kind === 'done');
    assert.equal(
      fromB64u(params(final.headers['Authentication-Info'], false).get('data') ?? ''),
      RFC7677.serverFinal,
    );
  });

  test('a wrong password and an unknown user look the same from the first step to the 403', async () => {
    const { auth, store } = setup();
    await store.saveUser({ ...user('alice', 'wonderland'), iterations: 10_000 });
    const wrong = await login(auth, 'alice', 'not-the-password');
    const unknown = await login(auth, 'mallory', 'anything-at-all');
    const helloShape = (s: Steps) => [
      s.hello.kind,
      Object.keys(s.hello.kind === 'user' ? {} : s.hello.headers),
    ];
    assert.deepEqual(helloShape(wrong), helloShape(unknown));
    const [w, u] = [serverFirstOf(wrong.first), serverFirstOf(unknown.first)];
    assert.equal(u.iterations, w.iterations);
    assert.equal(u.salt.length, w.salt.length);
    assert.deepEqual(wrong.final, unknown.final);
    assert.deepEqual(unknown.final, {
      kind: 'error',
      status: 403,
      headers: { 'Cache-Control': 'no-cache, no-store, private' },
      message: BAD_CREDENTIALS,
    });
  });

  test("an unknown user's salt is the same at every attempt, as a real user's is", async () => {
    const { auth } = setup();
    const salt = async (name: string) => {
      const s = await login(auth, name, 'whatever-pass');
      return serverFirstOf(s.first).salt.toString('base64');
    };
    assert.equal(await salt('mallory'), await salt('mallory'));
    assert.notEqual(await salt('mallory'), await salt('eve'));
  });

  test('no header: a 401 that says to start with HELLO; a bad one: 400', async () => {
    const { auth } = setup();
    assert.deepEqual(await auth.authenticate(undefined, 'x'), {
      kind: 'challenge',
      status: 401,
      headers: { 'Cache-Control': 'no-cache, no-store, private', 'WWW-Authenticate': 'HELLO' },
    });
    const basic = await auth.authenticate('Basic dXNlcjpwYXNz', 'x');
    assert.ok(basic.kind === 'error' && basic.status === 400 && /Basic/.test(basic.message));
    const noData = await auth.authenticate('SCRAM handshakeToken=abc', 'x');
    assert.ok(noData.kind === 'error' && noData.status === 400);
  });
});

describe('Authenticator: handshakes', () => {
  /** HELLO and client-first for alice; returns the token and what client-final needs. */
  async function halfway(auth: Authenticator, name = 'alice') {
    const hello = await auth.authenticate(`HELLO username=${b64u(name)}`, 'x');
    const token =
      params(hello.kind === 'challenge' ? hello.headers['WWW-Authenticate'] : '').get('handshaketoken') ?? '';
    const cf = buildClientFirst(name, 'cnonce');
    const first = await auth.authenticate(`SCRAM handshakeToken=${token}, data=${b64u(cf.message)}`, 'x');
    const serverFirst = fromB64u(
      params(first.kind === 'challenge' ? first.headers['WWW-Authenticate'] : '').get('data') ?? '',
    );
    const sf = parseServerFirst(serverFirst);
    assert.ok(sf.ok);
    const keys = deriveKeys('wonderland', sf.value.salt, sf.value.iterations);
    const final = (nonce = sf.value.nonce, gs2 = 'n,,') => {
      const withoutProof = clientFinalWithoutProof(gs2, nonce);
      const proof = clientProof(keys.clientKey, authMessage(cf.bare, serverFirst, withoutProof));
      return `SCRAM handshakeToken=${token}, data=${b64u(buildClientFinal(withoutProof, proof))}`;
    };
    return { token, final };
  }

  test('a handshake token works once: replaying client-final is refused', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    const { final } = await halfway(auth);
    assert.equal((await auth.authenticate(final(), 'x')).kind, 'done');
    const replay = await auth.authenticate(final(), 'x');
    assert.ok(replay.kind === 'error' && replay.status === 403 && /handshakeToken/.test(replay.message));
  });

  test('a handshake expires after its lifetime', async () => {
    const { auth, store, clock } = setup({ handshakeTtlMs: 30_000 });
    await store.saveUser(user('alice', 'wonderland'));
    const { final } = await halfway(auth);
    clock.t += 30_000;
    const late = await auth.authenticate(final(), 'x');
    assert.ok(late.kind === 'error' && late.status === 403);
  });

  test('a wrong nonce is a 403; a wrong channel binding or a different user is a 400', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    const a = await halfway(auth);
    const nonce = await auth.authenticate(a.final('cnonce-forged'), 'x');
    assert.ok(nonce.kind === 'error' && nonce.status === 403);
    const b = await halfway(auth);
    const cbind = await auth.authenticate(b.final(undefined, 'y,,'), 'x');
    assert.ok(cbind.kind === 'error' && cbind.status === 400);
    const hello = await auth.authenticate(`HELLO username=${b64u('alice')}`, 'x');
    const token = params(hello.kind === 'challenge' ? hello.headers['WWW-Authenticate'] : '').get(
      'handshaketoken',
    );
    const other = await auth.authenticate(`SCRAM handshakeToken=${token}, data=${b64u('n,,n=bob,r=x')}`, 'x');
    assert.ok(
      other.kind === 'error' && other.status === 400 && /not the user named in HELLO/.test(other.message),
    );
  });

  test('bounded: past the limit, the oldest handshake gives way', async () => {
    const { auth, store } = setup({ maxHandshakes: 2 });
    await store.saveUser(user('alice', 'wonderland'));
    const oldest = await halfway(auth);
    const middle = await halfway(auth);
    await halfway(auth);
    assert.equal((await auth.authenticate(oldest.final(), 'x')).kind, 'error');
    assert.equal((await auth.authenticate(middle.final(), 'x')).kind, 'done');
  });
});

describe('Authenticator: sessions', () => {
  test('a token expires when idle, and lives while used', async () => {
    const { auth, store, clock } = setup({ tokens: { idleMs: 60_000 } });
    await store.saveUser(user('alice', 'wonderland'));
    const { authToken = '' } = await login(auth, 'alice', 'wonderland');
    for (let i = 0; i < 5; i++) {
      clock.t += 59_000;
      assert.equal((await bearer(auth, authToken)).kind, 'user');
    }
    clock.t += 60_000;
    assert.deepEqual(await bearer(auth, authToken), {
      kind: 'error',
      status: 403,
      headers: { 'Cache-Control': 'no-cache, no-store, private' },
      message: BAD_TOKEN,
    });
  });

  test('a maximum age, when set, ends even a busy session', async () => {
    const { auth, store, clock } = setup({ tokens: { idleMs: 60_000, maxAgeMs: 100_000 } });
    await store.saveUser(user('alice', 'wonderland'));
    const { authToken = '' } = await login(auth, 'alice', 'wonderland');
    clock.t += 50_000;
    assert.equal((await bearer(auth, authToken)).kind, 'user');
    clock.t += 50_000;
    assert.equal((await bearer(auth, authToken)).kind, 'error');
  });

  test('revoke (close) ends one session; revokeUser all of a user', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    const a = (await login(auth, 'alice', 'wonderland')).authToken ?? '';
    const b = (await login(auth, 'alice', 'wonderland')).authToken ?? '';
    assert.equal(auth.revoke(a), true);
    assert.equal(auth.revoke(a), false);
    assert.equal((await bearer(auth, a)).kind, 'error');
    assert.equal((await bearer(auth, b)).kind, 'user');
    assert.equal(auth.revokeUser('alice'), 1);
    assert.equal((await bearer(auth, b)).kind, 'error');
  });

  test('the stored user decides: a new role applies at once; a new password or removal ends sessions', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland', 'viewer'));
    const token = (await login(auth, 'alice', 'wonderland')).authToken ?? '';
    await store.saveUser({ ...((await store.getUser('alice')) as User), role: 'admin' });
    const promoted = await bearer(auth, token);
    assert.equal(promoted.kind === 'user' && promoted.user.role, 'admin');
    await store.saveUser(user('alice', 'new-password'));
    assert.equal((await bearer(auth, token)).kind, 'error');
    const again = (await login(auth, 'alice', 'new-password')).authToken ?? '';
    await store.deleteUser('alice');
    assert.equal((await bearer(auth, again)).kind, 'error');
  });

  test('bounded: past the limit, the least recently used session gives way', async () => {
    const { auth, store } = setup({ tokens: { max: 2 } });
    await store.saveUser(user('alice', 'wonderland'));
    const a = (await login(auth, 'alice', 'wonderland')).authToken ?? '';
    const b = (await login(auth, 'alice', 'wonderland')).authToken ?? '';
    await bearer(auth, a);
    await login(auth, 'alice', 'wonderland');
    assert.equal((await bearer(auth, a)).kind, 'user');
    assert.equal((await bearer(auth, b)).kind, 'error');
  });
});

describe('Authenticator: no user can end the sessions of another', () => {
  test("10,050 logins by one user: the admin's token still works; the user keeps their newest 100", async () => {
    const { auth, store, clock } = setup();
    await store.saveUser(user('admin', 'admin-password', 'admin'));
    await store.saveUser(user('victor', 'viewer-password', 'viewer'));
    const admin = (await login(auth, 'admin', 'admin-password')).authToken ?? '';
    const tokens: string[] = [];
    for (let i = 0; i < 10_050; i++) {
      clock.t += 1;
      const steps = await login(auth, 'victor', 'viewer-password', '10.0.0.66');
      assert.ok(steps.authToken, `login ${i}`);
      tokens.push(steps.authToken);
    }
    const r = await bearer(auth, admin);
    assert.equal(r.kind === 'user' && r.user.name, 'admin');
    assert.equal(auth.sessionCount, 101);
    assert.equal((await bearer(auth, tokens.at(-1) ?? '')).kind, 'user', 'the newest');
    assert.equal((await bearer(auth, tokens.at(-100) ?? '')).kind, 'user', 'the 100th newest');
    assert.equal((await bearer(auth, tokens.at(-101) ?? '')).kind, 'error', 'older ones gave way');
  });

  test('a full table takes from the user who holds the most sessions, not from the others', async () => {
    const { auth, store, clock } = setup({ tokens: { max: 4, maxPerUser: 3 } });
    await store.saveUser(user('admin', 'admin-password', 'admin'));
    await store.saveUser(user('victor', 'viewer-password', 'viewer'));
    await store.saveUser(user('olivia', 'operator-password'));
    const admin = (await login(auth, 'admin', 'admin-password')).authToken ?? '';
    const victor: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.t += 1;
      victor.push((await login(auth, 'victor', 'viewer-password')).authToken ?? '');
    }
    const olivia = (await login(auth, 'olivia', 'operator-password')).authToken ?? '';
    assert.equal(auth.sessionCount, 4);
    assert.equal((await bearer(auth, admin)).kind, 'user');
    assert.equal((await bearer(auth, olivia)).kind, 'user');
    assert.equal((await bearer(auth, victor[0] ?? '')).kind, 'error', "victor's oldest gave way");
    assert.equal((await bearer(auth, victor[1] ?? '')).kind, 'user');
  });
});

describe('Authenticator: brute force', () => {
  test('an attack on one name from an address does not lock out another user there; its back-off grows', async () => {
    const { auth, store, clock } = setup();
    await store.saveUser(user('admin', 'admin-password', 'admin'));
    await store.saveUser(user('alice', 'wonderland'));
    const attacker = '203.0.113.9';
    for (let i = 0; i < 5; i++)
      assert.equal(statusOf((await login(auth, 'alice', 'guess', attacker)).final), 403);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const refused = (await login(auth, 'alice', 'guess', attacker)).hello;
      assert.ok(refused.kind === 'error' && refused.status === 429);
      waits.push(refused.retryAfterMs ?? 0);
      clock.t += refused.retryAfterMs ?? 0;
      assert.equal(statusOf((await login(auth, 'alice', 'guess', attacker)).final), 403);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16_000, 32_000]);
    assert.equal((await login(auth, 'admin', 'admin-password', attacker)).final?.kind, 'done');
    assert.equal((await login(auth, 'alice', 'wonderland', '10.0.0.2')).final?.kind, 'done');
  });

  test('failed and refused logins leave an audit row and a log line with the name tried and the address', async () => {
    const { auth, store, logged } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    for (let i = 0; i < 5; i++) await login(auth, 'alice', 'guess', '203.0.113.9');
    await login(auth, 'mallory', 'guess', '203.0.113.9');
    for (let i = 0; i < 3; i++) await login(auth, 'alice', 'guess', '203.0.113.9');
    const rows = await store.queryAudit();
    const shape = rows.map((r) => [r.action, r.who, r.remote, r.via, r.key]).reverse();
    assert.deepEqual(shape, [
      ...Array(5).fill(['login-failed', 'alice', '203.0.113.9', 'haystack', 'login']),
      ['login-failed', 'mallory', '203.0.113.9', 'haystack', 'login'],
      ['login-throttled', 'alice', '203.0.113.9', 'haystack', 'login'],
    ]);
    const warnings = logged.filter((l) => l.level === 'warn');
    assert.deepEqual(
      warnings.map((w) => w.msg),
      [...Array(6).fill('login failed'), 'login refused: too many failed logins'],
    );
    assert.deepEqual(warnings[5]?.obj, { user: 'mallory', remote: '203.0.113.9', knownUser: false });
    assert.deepEqual(warnings[6]?.obj, { user: 'alice', remote: '203.0.113.9', retryAfterS: 1 });
  });

  test('after 5 failures: 429 with Retry-After, an incident per further failure, doubling waits', async () => {
    const { auth, store, clock, incidents } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    for (let i = 0; i < 4; i++) assert.equal((await login(auth, 'alice', 'guess')).final?.kind, 'error');
    assert.equal(incidents(), 0);
    const fifth = await login(auth, 'alice', 'guess');
    assert.ok(fifth.final?.kind === 'error' && fifth.final.status === 403);
    assert.equal(incidents(), 1);
    const blocked = (await login(auth, 'alice', 'wonderland')).hello;
    assert.deepEqual(blocked, {
      kind: 'error',
      status: 429,
      headers: { 'Cache-Control': 'no-cache, no-store, private', 'Retry-After': '1' },
      message: 'Too many failed logins: try again in 1 s',
      retryAfterMs: 1000,
    });
    clock.t += 1000;
    assert.equal(statusOf((await login(auth, 'alice', 'guess')).final), 403);
    assert.equal(incidents(), 2);
    const wait = (await login(auth, 'alice', 'wonderland')).hello;
    assert.ok(wait.kind === 'error' && wait.retryAfterMs === 2000);
    clock.t += 2000;
    const good = await login(auth, 'alice', 'wonderland', '10.9.9.9');
    assert.equal(good.final?.kind, 'done', 'the right password, once the wait is over, from another address');
    assert.equal(
      statusOf((await login(auth, 'alice', 'guess', '10.9.9.9')).final),
      403,
      'success cleared the user',
    );
  });

  test('one address trying many names is slowed down too, and other addresses are not', async () => {
    const { auth, incidents } = setup();
    for (let i = 0; i < 5; i++) await login(auth, `user${i}`, 'guess', '203.0.113.7');
    assert.equal(incidents(), 1);
    assert.equal((await login(auth, 'someone', 'guess', '203.0.113.7')).hello.kind, 'error');
    assert.equal((await login(auth, 'someone', 'guess', '198.51.100.1')).hello.kind, 'challenge');
  });

  test('handshakes started before the lockout are refused at client-final without checking the proof', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    const pending = await auth.authenticate(`HELLO username=${b64u('alice')}`, 'x');
    assert.equal(pending.kind, 'challenge');
    for (let i = 0; i < 5; i++) await login(auth, 'alice', 'guess', 'x');
    const token = params(pending.kind === 'challenge' ? pending.headers['WWW-Authenticate'] : '').get(
      'handshaketoken',
    );
    const first = await auth.authenticate(
      `SCRAM handshakeToken=${token}, data=${b64u('n,,n=alice,r=abc')}`,
      'x',
    );
    const sf = parseServerFirst(
      fromB64u(params(first.kind === 'challenge' ? first.headers['WWW-Authenticate'] : '').get('data') ?? ''),
    );
    assert.ok(sf.ok);
    const data = b64u(buildClientFinal(clientFinalWithoutProof('n,,', sf.value.nonce), Buffer.alloc(32)));
    const final = await auth.authenticate(`SCRAM handshakeToken=${token}, data=${data}`, 'x');
    assert.equal(final.kind === 'error' && final.status, 429);
  });
});

describe('Authenticator: any header', () => {
  test('never throws: a challenge or an error (random headers, and mutations of real ones)', async () => {
    const { auth, store } = setup();
    await store.saveUser(user('alice', 'wonderland'));
    const hello = await auth.authenticate(`HELLO username=${b64u('alice')}`, 'x');
    const token = params(hello.kind === 'challenge' ? hello.headers['WWW-Authenticate'] : '').get(
      'handshaketoken',
    );
    const header = fc.oneof(
      fc.string(),
      fc.string().map((s) => `HELLO username=${b64u(s)}`),
      fc.string().map((s) => `SCRAM handshakeToken=${token}, data=${b64u(s)}`),
      fc.string().map((s) => `SCRAM handshakeToken=${s}, data=${s}`),
      fc.string().map((s) => `BEARER authToken=${s}`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const r = await auth.authenticate(h, 'x');
        return r.kind === 'challenge' || r.kind === 'error';
      }),
      { numRuns: 1000 },
    );
  });
});
