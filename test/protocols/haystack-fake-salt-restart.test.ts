// A name that is no user gets the same salt before and after a restart of `pointyard start` (as a real user
// does), so that comparing salts across restarts does not tell unknown names from users. Real processes, real
// HTTP, the data folder kept between the two runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-fake-salt-'));
after(() => rmSync(root, { recursive: true, force: true }));

const b64u = (text: string) => Buffer.from(text).toString('base64url');

/** The salt the server shows `name` at the client-first step (HELLO, then client-first, raw headers). */
async function saltOf(url: string, name: string): Promise<string> {
  const hello = await fetch(`${url}about`, { headers: { Authorization: `HELLO username=${b64u(name)}` } });
  assert.equal(hello.status, 401);
  const token = /handshakeToken=([A-Za-z0-9]+)/i.exec(hello.headers.get('www-authenticate') ?? '')?.[1];
  assert.ok(token, 'a handshake token');
  const first = await fetch(`${url}about`, {
    headers: { Authorization: `SCRAM handshakeToken=${token}, data=${b64u(`n,,n=${name},r=client-nonce`)}` },
  });
  assert.equal(first.status, 401);
  const data = /data=([A-Za-z0-9_-]+)/.exec(first.headers.get('www-authenticate') ?? '')?.[1] ?? '';
  const salt = /,s=([^,]+),/.exec(Buffer.from(data, 'base64url').toString())?.[1];
  assert.ok(salt, 'a salt in server-first');
  return salt;
}

test("an unknown user's salt survives a restart; another data folder has its own secret", async () => {
  const data = join(root, 'data');
  const first = await startPointyard(data, { args: ['--no-modbus'] });
  let before: { unknown: string; admin: string };
  try {
    before = { unknown: await saltOf(first.url, 'nobody'), admin: await saltOf(first.url, 'admin') };
  } finally {
    assert.equal(await first.stop(), 0);
  }
  const second = await startPointyard(data, { args: ['--no-modbus'] });
  try {
    assert.equal(await saltOf(second.url, 'nobody'), before.unknown);
    assert.equal(await saltOf(second.url, 'admin'), before.admin);
  } finally {
    assert.equal(await second.stop(), 0);
  }
  const mode = statSync(join(data, 'fake-salt.secret')).mode & 0o777;
  assert.equal(mode, 0o600, 'the secret is readable by its owner only');

  const other = await startPointyard(join(root, 'other'), { args: ['--no-modbus'] });
  try {
    assert.notEqual(await saltOf(other.url, 'nobody'), before.unknown);
  } finally {
    assert.equal(await other.stop(), 0);
  }
});
