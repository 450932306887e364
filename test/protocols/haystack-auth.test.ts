// Haystack Auth over real HTTP: the Authenticator mounted in a tiny node:http server on 127.0.0.1, driven by
// the test SCRAM client (written apart from the server code) and by raw requests.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { createCredentials } from '../../src/auth/credentials.js';
import {
  Authenticator,
  type AuthenticatorOptions,
  BAD_CREDENTIALS,
} from '../../src/protocols/haystack/auth/authenticator.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import type { Role } from '../../src/store/store.js';
import { haystackLogin, ScramLoginError, scramLogin } from '../support/haystack-scram-client.js';
import { RFC7677 } from '../support/rfc7677.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A server that answers every path through the Authenticator: `/api/close` revokes, anything else says who. */
async function start(options: Partial<AuthenticatorOptions> = {}) {
  const store = new MemoryStore();
  const clock = { t: Date.UTC(2026, 0, 1) };
  const counters = { incidents: 0, crashes: 0 };
  const auth = new Authenticator({
    store,
    now: () => clock.t,
    onSecurityIncident: () => counters.incidents++,
    ...options,
  });
  const server = createServer((req, res) => {
    auth
      .authenticate(req.headers.authorization, req.socket.remoteAddress ?? 'unknown')
      .then((outcome) => {
        if (outcome.kind === 'user') {
          if (req.url === '/api/close') auth.revoke(outcome.token);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ user: outcome.user.name, role: outcome.user.role }));
          return;
        }
        res.writeHead(outcome.status, { ...outcome.headers, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(outcome.kind === 'error' ? outcome.message : '');
      })
      .catch((err: unknown) => {
        counters.crashes++;
        res.writeHead(500);
        res.end(String(err));
      });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const addUser = (name: string, password: string, role: Role = 'operator', iterations = 256) =>
    store.saveUser({ name, role, ...createCredentials(password, iterations), createdAt: 0, updatedAt: 0 });
  return { base, store, auth, clock, counters, addUser };
}

/** A fetch that records each request's Authorization header and lets a test rewrite it or act before sending. */
function recordingFetch(rewrite: (authorization: string, n: number) => string = (a) => a) {
  const sent: string[] = [];
  const answers: Response[] = [];
  const f: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    const authorization = rewrite(headers.get('authorization') ?? '', sent.length);
    headers.set('authorization', authorization);
    sent.push(authorization);
    const res = await fetch(input, { ...init, headers });
    answers.push(res.clone());
    return res;
  };
  return { fetch: f, sent, answers };
}

const loginError = async (promise: Promise<unknown>): Promise<ScramLoginError> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ScramLoginError) return err;
    throw err;
  }
  assert.fail('the login should have failed');
};

const get = (url: string, authorization?: string) =>
  fetch(url, { headers: authorization === undefined ? {} : { Authorization: authorization } });

describe('Haystack Auth over HTTP', () => {
  test('HELLO → SCRAM → BEARER: the token opens the API', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland', 'operator', 10_000);
    const { token, fetch: authed } = await haystackLogin(s.base, 'alice', 'wonderland');
    assert.match(token, /^[A-Za-z0-9_-]{43,}$/);
    const res = await authed(`${s.base}/read`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { user: 'alice', role: 'operator' });
    assert.equal(s.counters.crashes, 0);
  });

  test('no Authorization: 401 with a HELLO challenge', async () => {
    const s = await start();
    const res = await get(`${s.base}/about`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'HELLO');
  });

  test('a wrong password: 403 at client-final', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland');
    const err = await loginError(scramLogin(`${s.base}/about`, 'alice', 'wrong-password'));
    assert.deepEqual([err.step, err.status, err.body], ['client-final', 403, BAD_CREDENTIALS]);
  });

  test('an unknown user: the same answers at every step as a wrong password (no enumeration)', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland', 'operator', 10_000);
    const wrong = recordingFetch();
    const unknown = recordingFetch();
    const e1 = await loginError(
      scramLogin(`${s.base}/about`, 'alice', 'wrong-password', { fetch: wrong.fetch }),
    );
    const e2 = await loginError(
      scramLogin(`${s.base}/about`, 'nobody', 'wrong-password', { fetch: unknown.fetch }),
    );
    assert.deepEqual([e1.step, e1.status, e1.body], [e2.step, e2.status, e2.body]);
    const shape = (r: Response) => ({
      status: r.status,
      headers: [...r.headers.keys()].filter((k) => k !== 'date').sort(),
      scheme: r.headers.get('www-authenticate')?.split(' ')[0],
    });
    assert.deepEqual(wrong.answers.map(shape), unknown.answers.map(shape));
    const iterations = (r: Response | undefined) => {
      const data = /data=([^,]+)/.exec(r?.headers.get('www-authenticate') ?? '')?.[1] ?? '';
      return /,i=(\d+)$/.exec(Buffer.from(data, 'base64url').toString())?.[1];
    };
    assert.equal(iterations(unknown.answers[1]), iterations(wrong.answers[1]));
  });

  test('a replayed client-final: 403', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland');
    const rec = recordingFetch();
    await scramLogin(`${s.base}/about`, 'alice', 'wonderland', { fetch: rec.fetch });
    const replay = await get(`${s.base}/about`, rec.sent[2]);
    assert.equal(replay.status, 403);
    assert.match(await replay.text(), /handshakeToken/);
  });

  test('an expired handshake: 403', async () => {
    const s = await start({ handshakeTtlMs: 60_000 });
    await s.addUser('alice', 'wonderland');
    const slow = recordingFetch((authorization, n) => {
      if (n === 2) s.clock.t += 60_000; // the client takes a minute before client-final
      return authorization;
    });
    const err = await loginError(scramLogin(`${s.base}/about`, 'alice', 'wonderland', { fetch: slow.fetch }));
    assert.deepEqual([err.step, err.status], ['client-final', 403]);
  });

  test('a tampered proof: 403', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland');
    const tamper = recordingFetch((authorization, n) => {
      if (n !== 2) return authorization;
      const data = /data=([^,\s]+)/.exec(authorization)?.[1] ?? '';
      const message = Buffer.from(data, 'base64url').toString();
      const at = message.indexOf(',p=') + 3;
      const proof = Buffer.from(message.slice(at), 'base64');
      proof[5] = (proof[5] ?? 0) ^ 0x40;
      const forged = `${message.slice(0, at)}${proof.toString('base64')}`;
      return authorization.replace(data, Buffer.from(forged).toString('base64url'));
    });
    const err = await loginError(
      scramLogin(`${s.base}/about`, 'alice', 'wonderland', { fetch: tamper.fetch }),
    );
    assert.deepEqual([err.step, err.status, err.body], ['client-final', 403, BAD_CREDENTIALS]);
  });

  test('an expired bearer token and a revoked one (close): 403', async () => {
    const s = await start({ tokens: { idleMs: 3_600_000 } });
    await s.addUser('alice', 'wonderland');
    const a = await haystackLogin(s.base, 'alice', 'wonderland');
    const b = await haystackLogin(s.base, 'alice', 'wonderland');
    assert.equal((await a.fetch(`${s.base}/about`)).status, 200);
    assert.equal((await b.fetch(`${s.base}/close`)).status, 200);
    const revoked = await b.fetch(`${s.base}/about`);
    assert.equal(revoked.status, 403);
    assert.equal(await revoked.text(), 'Invalid or expired authToken');
    s.clock.t += 3_600_000;
    assert.equal((await a.fetch(`${s.base}/about`)).status, 403);
  });

  test('brute force: after 5 failures, 429 with Retry-After, and a security incident', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland');
    for (let i = 0; i < 5; i++) await loginError(scramLogin(`${s.base}/about`, 'alice', `guess-${i}`));
    assert.equal(s.counters.incidents, 1);
    const res = await get(`${s.base}/about`, `HELLO username=${Buffer.from('alice').toString('base64url')}`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.match(await res.text(), /Too many failed logins/);
    s.clock.t += 1000;
    assert.equal((await haystackLogin(s.base, 'alice', 'wonderland')).token.length >= 43, true);
  });

  test('an attack on one name does not lock another user out of the same address; its waits double', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland');
    await s.addUser('admin', 'admin-password', 'admin');
    const hello = (name: string) =>
      get(`${s.base}/about`, `HELLO username=${Buffer.from(name).toString('base64url')}`);
    for (let i = 0; i < 5; i++) await loginError(scramLogin(`${s.base}/about`, 'alice', `guess-${i}`));
    const waits: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      const refused = await hello('alice');
      assert.equal(refused.status, 429);
      waits.push(refused.headers.get('retry-after'));
      s.clock.t += Number(refused.headers.get('retry-after')) * 1000;
      assert.equal((await loginError(scramLogin(`${s.base}/about`, 'alice', 'another-guess'))).status, 403);
    }
    assert.deepEqual(waits, ['1', '2', '4', '8']);
    assert.equal((await hello('alice')).status, 429);
    const admin = await haystackLogin(s.base, 'admin', 'admin-password');
    assert.ok(admin.token.length >= 43, 'the admin logs in from the attacked address');
  });

  test('RFC 7677: client-final and server-final on the wire are the RFC bytes', async () => {
    const s = await start({ serverNonce: () => RFC7677.serverNonce });
    await s.store.saveUser({
      name: RFC7677.username,
      role: 'viewer',
      ...createCredentials(RFC7677.password, RFC7677.iterations, Buffer.from(RFC7677.salt, 'base64')),
      createdAt: 0,
      updatedAt: 0,
    });
    const rec = recordingFetch();
    await scramLogin(`${s.base}/about`, RFC7677.username, RFC7677.password, {
      fetch: rec.fetch,
      clientNonce: RFC7677.clientNonce,
    });
    const data = (header: string | null | undefined) =>
      Buffer.from(/data=([^,\s]+)/.exec(header ?? '')?.[1] ?? '', 'base64url').toString();
    assert.equal(data(rec.sent[1]), RFC7677.clientFirst);
    assert.equal(data(rec.answers[1]?.headers.get('www-authenticate')), RFC7677.serverFirst);
    assert.equal(data(rec.sent[2]), RFC7677.clientFinal);
    assert.equal(data(rec.answers[2]?.headers.get('authentication-info')), RFC7677.serverFinal);
  });

  test('malformed headers: 400 (or 401/403), never a crash', async () => {
    const s = await start();
    const cases = [
      'Basic dXNlcjpwYXNz',
      'HELLO',
      'HELLO username=%%%',
      'HELLO username=dXNlcg, username=dXNlcg',
      'SCRAM handshakeToken=nope',
      'SCRAM handshakeToken=nope, data=bm8',
      'SCRAM data=bm8',
      'BEARER',
      'Negotiate abc',
      'x'.repeat(9000),
      '=,=,=',
    ];
    for (const header of cases) {
      const res = await get(`${s.base}/about`, header);
      assert.ok([400, 401, 403].includes(res.status), `${header.slice(0, 30)}: ${res.status}`);
      await res.text();
    }
    assert.equal(s.counters.crashes, 0);
    assert.equal((await get(`${s.base}/about`)).status, 401, 'still serving');
  });

  test('property: any header gets a challenge or an error, never a 500', async () => {
    const s = await start();
    await s.addUser('alice', 'wonderland');
    const printable = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);
    const header = fc.oneof(
      printable,
      printable.map((t) => `HELLO username=${t}`),
      printable.map((t) => `SCRAM handshakeToken=${t}, data=${Buffer.from(t).toString('base64url')}`),
      printable.map((t) => `BEARER authToken=${t}`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const res = await get(`${s.base}/about`, h);
        await res.text();
        return [400, 401, 403].includes(res.status);
      }),
      { numRuns: 300 },
    );
    assert.equal(s.counters.crashes, 0);
  });
});
