// Pointyard's `users`, `userAdd` and `userRemove` ops: admins only, never a key in an answer, the same name
// and password rules as `pointyard user`, a new user logs in, a removed one's session ends, the last admin stays.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { HDateTime, type HStr } from 'haystack-core';
import { haystackLogin } from '../../src/protocols/haystack/client/scram-login.js';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());
const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);

const NEW_PASSWORD = 'nina has a long password';

test('users lists name, role and times, never credentials', async () => {
  const { grid, error, text } = await call('users', { query: {} });
  assert.equal(error, null);
  assert.deepEqual(grid.getColumnNames(), ['name', 'role', 'createdAt', 'updatedAt']);
  assert.deepEqual(
    grid.getRows().map((r) => [r.get<HStr>('name')?.value, r.get<HStr>('role')?.value]),
    [
      ['admin', 'admin'],
      ['olivia', 'operator'],
      ['victor', 'viewer'],
    ],
  );
  assert.ok(grid.getRows()[0]?.get('createdAt') instanceof HDateTime);
  const admin = await server.runtime.options.store.getUser('admin');
  for (const secret of [admin?.salt, admin?.storedKey, admin?.serverKey])
    assert.ok(secret && !text.includes(secret));
});

test('only admins may list, add or remove users', async () => {
  for (const user of ['olivia', 'victor']) {
    const { fetch } = await server.login(user);
    for (const [op, body] of [
      ['users', ''],
      ['userAdd', `ver:"3.0"\nname,password\n"mallory","${NEW_PASSWORD}"\n`],
      ['userRemove', 'ver:"3.0"\nname\n"victor"\n'],
    ] as const) {
      const denied = await call(op, body, fetch);
      assert.equal(denied.status, 200, `${user} ${op}`);
      assert.match(denied.error ?? '', new RegExp(`may not ${op}`));
    }
  }
  assert.equal(await server.runtime.options.store.getUser('mallory'), null);
  assert.ok(await server.runtime.options.store.getUser('victor'));
});

test('userAdd creates a user who can log in with that role', async () => {
  const added = await call('userAdd', `ver:"3.0"\nname,password,role\n"nina","${NEW_PASSWORD}","operator"\n`);
  assert.equal(added.error, null);
  assert.deepEqual(
    added.grid.getRows().map((r) => [r.get<HStr>('name')?.value, r.get<HStr>('role')?.value]),
    [['nina', 'operator']],
  );
  assert.ok(!added.text.includes(NEW_PASSWORD));
  const nina = await haystackLogin(server.url, 'nina', NEW_PASSWORD);
  const write = await call(
    'pointWrite',
    'ver:"3.0"\nid,level,val\n@lyon-confluence.dhw-tank.temperature-setpoint,8,60°C\n',
    nina.fetch,
  );
  assert.equal(write.error, null);
  assert.match((await call('users', '', nina.fetch)).error ?? '', /nina \(operator\) may not users/);
  const viewer = await call('userAdd', `ver:"3.0"\nname,password\n"otto","${NEW_PASSWORD}"\n`);
  assert.equal(viewer.grid.getRows()[0]?.get<HStr>('role')?.value, 'viewer', 'viewer by default');
});

test('userAdd refuses what pointyard user refuses, and GET', async () => {
  const cases: Array<[string, RegExp]> = [
    [`"nina","${NEW_PASSWORD}","viewer"`, /user nina already exists/],
    ['"zoe","short","viewer"', /the password is too short: use at least 8 characters/],
    ['"zoe","","viewer"', /the password is empty/],
    [`"zoe","${NEW_PASSWORD}","root"`, /role must be one of viewer, operator, admin/],
    [`"-zoe","${NEW_PASSWORD}","viewer"`, /is not a valid user name/],
    [`"","${NEW_PASSWORD}","viewer"`, /the user name is empty/],
    [`"zoe",42,"viewer"`, /password must be a Str/],
  ];
  for (const [row, message] of cases) {
    const answer = await call('userAdd', `ver:"3.0"\nname,password,role\n${row}\n`);
    assert.match(answer.error ?? '', message, row);
    assert.ok(!(answer.error ?? '').includes(NEW_PASSWORD), 'no password in a message');
  }
  assert.equal(await server.runtime.options.store.getUser('zoe'), null);
  assert.equal((await call('userAdd', { query: { name: 'zoe', password: NEW_PASSWORD } })).status, 405);
});

test('userRemove removes a user and ends their session; never the last admin', async () => {
  const nina = await haystackLogin(server.url, 'nina', NEW_PASSWORD);
  assert.equal((await call('about', '', nina.fetch)).status, 200);
  const removed = await call('userRemove', 'ver:"3.0"\nname\n"nina"\n');
  assert.equal(removed.error, null);
  assert.equal(removed.grid.getRows()[0]?.get<HStr>('name')?.value, 'nina');
  assert.equal((await call('about', '', nina.fetch)).status, 403, 'the session ended');
  assert.match((await call('userRemove', 'ver:"3.0"\nname\n"nina"\n')).error ?? '', /no user nina/);
  assert.match(
    (await call('userRemove', 'ver:"3.0"\nname\n"admin"\n')).error ?? '',
    /admin is the last admin/,
  );
  assert.match((await call('userRemove', 'ver:"3.0"\nempty\n')).error ?? '', /name the user/);
  assert.ok(await server.runtime.options.store.getUser('admin'));
});
