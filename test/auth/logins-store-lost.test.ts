// A session's user while the store cannot be read (a networked database lost): the user as last read stands
// in, so that sessions opened before go on; a name never read gets the store's error (a new login needs the
// store); once the store answers again, what it says wins (a user removed meanwhile is gone).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCredentials } from '../../src/auth/credentials.js';
import { Logins } from '../../src/auth/logins.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { StoreError } from '../../src/store/store-error.js';

test('the user as last read stands in while the store cannot be read', async () => {
  const store = new MemoryStore();
  const alice = {
    name: 'alice',
    role: 'operator' as const,
    ...createCredentials('alice-password', 256),
    createdAt: 0,
    updatedAt: 0,
  };
  await store.saveUser(alice);
  const logins = new Logins({ store });
  assert.deepEqual(await logins.user('alice'), alice);
  const getUser = store.getUser.bind(store);
  store.getUser = () => Promise.reject(new StoreError('lost the database'));
  assert.deepEqual(await logins.user('alice'), alice, 'her session goes on');
  await assert.rejects(logins.user('bob'), /lost the database/);
  store.getUser = getUser;
  await store.deleteUser('alice');
  assert.equal(await logins.user('alice'), null, 'the store answers again: it wins');
});
