// The rules of managing users on a real SQLite store: a changed password has a new salt and keys that match
// only it; the last admin is the only one that cannot go.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { newUser } from './credentials.js';
import { passwordMatches } from './password-check.js';
import { isLastAdmin, withPassword } from './users.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-auth-users-'));
const store = new SqliteStore(join(root, 'data'));
after(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

test('a new password: a fresh salt, keys that match it and not the old one, the time of the change', async () => {
  const before = newUser('ops', 'operator', 'first-password', 1000);
  await store.saveUser(before);
  await store.saveUser(withPassword(before, 'second-password', 2000));
  const after = await store.getUser('ops');
  assert.ok(after);
  assert.notEqual(after.salt, before.salt);
  assert.deepEqual([after.role, after.createdAt, after.updatedAt], ['operator', 1000, 2000]);
  assert.equal(await passwordMatches(after, 'second-password'), true);
  assert.equal(await passwordMatches(after, 'first-password'), false);
});

test('only the last admin is the last admin; a second admin frees the first', async () => {
  const first = newUser('root1', 'admin', 'admin-password', 0);
  await store.saveUser(first);
  assert.equal(await isLastAdmin(store, first), true);
  const operator = await store.getUser('ops');
  assert.ok(operator);
  assert.equal(await isLastAdmin(store, operator), false, 'not an admin');
  await store.saveUser(newUser('root2', 'admin', 'admin-password', 0));
  assert.equal(await isLastAdmin(store, first), false);
});
