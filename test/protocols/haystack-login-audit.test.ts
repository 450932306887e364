// Failed and refused logins over real HTTP in the `audit` op: one row each (a refused one once per wait), with
// the name tried and the client address and no point; shown to admins only (the name tried may be a password
// typed in the wrong field).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { ScramLoginError, scramLogin } from '../support/haystack-scram-client.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const loginRows = async (fetch: typeof globalThis.fetch) => {
  const { grid, error } = await callOp(server.url, fetch, 'audit', `ver:"3.0"\nlimit\n1000\n`);
  assert.equal(error, null);
  return grid.getRows().filter((r) => r.get<HStr>('action')?.value.startsWith('login'));
};

/** HTTP statuses of the failed logins, up to and including the first refused one (429). */
const statuses: number[] = [];

before(async () => {
  // Five failures, then attempts until one is refused: the waits double, so one soon comes too early.
  for (let i = 0; i < 12 && !statuses.includes(429); i++)
    await assert.rejects(scramLogin(`${server.url}about`, 'mallory', 'not-a-password'), (err) => {
      if (!(err instanceof ScramLoginError)) return false;
      statuses.push(err.status);
      return true;
    });
  assert.deepEqual(statuses.slice(0, 5), [403, 403, 403, 403, 403]);
  assert.equal(statuses.at(-1), 429);
});

test('an admin sees each failed login, and the first refused one, with the name tried and the address', async () => {
  const rows = await loginRows(server.fetch);
  const failures = statuses.filter((s) => s === 403).length;
  assert.deepEqual(
    rows.map((r) => r.get<HStr>('action')?.value),
    ['login-throttled', ...Array(failures).fill('login-failed')],
  );
  for (const row of rows) {
    assert.equal(row.get<HStr>('who')?.value, 'mallory');
    assert.equal(row.get<HStr>('via')?.value, 'haystack');
    assert.equal(row.get<HStr>('remote')?.value, '127.0.0.1');
    assert.equal(row.has('point'), false, 'a login is about no point');
  }
});

test('a viewer sees no login rows', async () => {
  const victor = await server.login('victor');
  assert.deepEqual(await loginRows(victor.fetch), []);
});
