// The password check other protocols use (HTTP Basic, MQTT CONNECT) shares the Haystack SCRAM login's throttle,
// audit trail and Security Alert: a real SQLite store, the Haystack Authenticator on a real HTTP server on
// 127.0.0.1 driven by the SCRAM client, and the password check on that Authenticator's Logins. The clock is
// fixed, so that throttle waits pass only when the test moves it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createCredentials } from '../../src/auth/credentials.js';
import { LOGIN_AUDIT_KEY } from '../../src/auth/login-audit.js';
import { Logins } from '../../src/auth/logins.js';
import { ServerMetrics } from '../../src/parking/server-metrics.js';
import { Authenticator } from '../../src/protocols/haystack/auth/authenticator.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ScramLoginError, scramLogin } from '../support/haystack-scram-client.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-password-logins-'));
const servers: Server[] = [];
const stores: SqliteStore[] = [];
after(async () => {
  for (const s of servers) s.close();
  for (const s of stores) await s.close();
  rmSync(root, { recursive: true, force: true });
});
let n = 0;

/** A SQLite store with alice (operator), the Authenticator on HTTP, and the Security Alert's counter. */
async function start() {
  const dir = join(root, `data-${++n}`);
  const store = new SqliteStore(dir);
  stores.push(store);
  await store.saveUser({
    name: 'alice',
    role: 'operator',
    ...createCredentials('alice-password', 256),
    createdAt: 0,
    updatedAt: 0,
  });
  const clock = { t: Date.UTC(2026, 0, 1) };
  const metrics = new ServerMetrics();
  const auth = new Authenticator({
    store,
    now: () => clock.t,
    onSecurityIncident: () => metrics.securityIncident(),
  });
  const server = createServer((req, res) => {
    void auth
      .authenticate(req.headers.authorization, req.socket.remoteAddress ?? 'unknown')
      .then((outcome) => {
        if (outcome.kind === 'user') {
          res.writeHead(200);
          res.end(outcome.user.name);
          return;
        }
        res.writeHead(outcome.status, outcome.headers);
        res.end(outcome.kind === 'error' ? outcome.message : '');
      });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/about`;
  /** The HTTP status of a SCRAM login over HTTP (200 when it succeeds). */
  const scramStatus = async (user: string, password: string): Promise<number> => {
    try {
      await scramLogin(url, user, password);
      return 200;
    } catch (err) {
      if (err instanceof ScramLoginError) return err.status;
      throw err;
    }
  };
  const loginRows = async () => (await store.queryAudit()).filter((r) => r.key === LOGIN_AUDIT_KEY).reverse();
  return { dir, store, auth, clock, metrics, scramStatus, loginRows };
}

const from = (name: string, password: string, via = 'mqtt') => ({
  name,
  password,
  address: '127.0.0.1',
  via,
});

test('the right password logs in; a wrong one and an unknown name get the same answer', async () => {
  const { auth, loginRows, metrics } = await start();
  const ok = await auth.logins.checkPassword(from('alice', 'alice-password'));
  assert.equal(ok.ok && ok.user.name, 'alice');
  assert.equal(ok.ok && ok.user.role, 'operator');
  assert.deepEqual(await auth.logins.checkPassword(from('alice', 'wrong-password')), {
    ok: false,
    reason: 'invalid',
  });
  assert.deepEqual(await auth.logins.checkPassword(from('mallory', 'alice-password')), {
    ok: false,
    reason: 'invalid',
  });
  assert.deepEqual(
    (await loginRows()).map((r) => [r.action, r.who, r.via, r.remote]),
    [
      ['login-failed', 'alice', 'mqtt', '127.0.0.1'],
      ['login-failed', 'mallory', 'mqtt', '127.0.0.1'],
    ],
  );
  assert.equal(metrics.securityIncidents, 0, 'two failures are below the threshold');
});

test('failed password checks are in the database before the answer comes (a reopened store has them)', async () => {
  const { dir, auth, store } = await start();
  await auth.logins.checkPassword(from('alice', 'wrong-password', 'ocpp'));
  await store.close();
  stores.splice(stores.indexOf(store), 1);
  const reopened = new SqliteStore(dir);
  stores.push(reopened);
  const rows = (await reopened.queryAudit()).filter((r) => r.key === LOGIN_AUDIT_KEY);
  assert.deepEqual(
    rows.map((r) => [r.action, r.who, r.via]),
    [['login-failed', 'alice', 'ocpp']],
  );
});

test('failed SCRAM logins throttle the password check of that name, even with the right password', async () => {
  const { auth, scramStatus, loginRows, metrics } = await start();
  for (let i = 0; i < 5; i++) assert.equal(await scramStatus('alice', 'wrong-password'), 403);
  assert.equal(metrics.securityIncidents, 1, 'the fifth failure reaches the threshold: one incident');
  const refused = await auth.logins.checkPassword(from('alice', 'alice-password', 'ocpp'));
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.reason, 'throttled');
  assert.ok(!refused.ok && refused.reason === 'throttled' && refused.retryAfterMs > 0);
  const rows = await loginRows();
  assert.deepEqual(
    rows.map((r) => [r.action, r.via]),
    [...Array(5).fill(['login-failed', 'haystack']), ['login-throttled', 'ocpp']],
  );
});

test('failed password checks throttle the SCRAM login; the throttle forgets them when the right password is given', async () => {
  const { auth, clock, scramStatus, metrics } = await start();
  for (let i = 0; i < 5; i++)
    assert.equal((await auth.logins.checkPassword(from('alice', `guess-${i}`))).ok, false);
  assert.equal(metrics.securityIncidents, 1);
  assert.equal(await scramStatus('alice', 'alice-password'), 429, 'refused before any check');
  // The wait doubles from 1 s at most to the 60 s cap: past it, the right password logs in.
  clock.t += 60_000;
  const ok = await auth.logins.checkPassword(from('alice', 'alice-password'));
  assert.equal(ok.ok, true);
  assert.equal(await scramStatus('alice', 'alice-password'), 200, 'the success forgot the failures');
});

test('each failure past the threshold is a security incident, whichever protocol it came through', async () => {
  const { auth, clock, scramStatus, metrics } = await start();
  for (let i = 0; i < 5; i++) await auth.logins.checkPassword(from('alice', `guess-${i}`));
  assert.equal(metrics.securityIncidents, 1);
  clock.t += 60_000;
  assert.equal(await scramStatus('alice', 'still-wrong'), 403);
  assert.equal(metrics.securityIncidents, 2);
  clock.t += 60_000;
  assert.deepEqual(await auth.logins.checkPassword(from('alice', 'wrong-again', 'ocpp')), {
    ok: false,
    reason: 'invalid',
  });
  assert.equal(metrics.securityIncidents, 3);
});

test('one Logins shared by two Authenticators: failures on one throttle the other', async () => {
  const { store } = await start();
  const clock = { t: Date.UTC(2026, 0, 1) };
  const logins = new Logins({ store, now: () => clock.t });
  const first = new Authenticator({ store, logins });
  const second = new Authenticator({ store, logins });
  assert.equal(first.logins, second.logins);
  for (let i = 0; i < 5; i++) await logins.checkPassword(from('alice', `guess-${i}`));
  const hello = `HELLO username=${Buffer.from('alice').toString('base64url')}`;
  const outcome = await second.authenticate(hello, '127.0.0.1');
  assert.equal(outcome.kind === 'error' && outcome.status, 429);
});
