// Conformance: users saved, read, replaced, listed by name and deleted; copies in and out.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { User } from '../store.js';
import { type EngineUnderTest, withSession } from './engine.js';
import { storedUser as user } from './fixtures.js';

export function userConformance(engine: EngineUnderTest): void {
  describe('users', () => {
    test('save, get, replace, list by name, delete; after a reopen too', async () => {
      await withSession(engine, async (session) => {
        const { store } = session;
        assert.equal(await store.getUser('alice'), null);
        assert.deepEqual(await store.listUsers(), []);
        await store.saveUser(user('carol', 'admin'));
        await store.saveUser(user('alice', 'operator'));
        await store.saveUser(user('bob'));
        assert.deepEqual(await store.getUser('alice'), user('alice', 'operator'));
        const changed = {
          ...user('alice', 'admin'),
          storedKey: Buffer.alloc(32, 9).toString('base64'),
          updatedAt: 5,
        };
        await store.saveUser(changed);
        assert.deepEqual(await store.getUser('alice'), changed);
        assert.deepEqual(
          (await store.listUsers()).map((u) => [u.name, u.role]),
          [
            ['alice', 'admin'],
            ['bob', 'viewer'],
            ['carol', 'admin'],
          ],
        );
        assert.equal(await store.deleteUser('bob'), true);
        assert.equal(await store.deleteUser('bob'), false);
        assert.equal(await store.getUser('bob'), null);
        assert.equal(await store.getUser('Alice'), null, 'names are case-sensitive');
        assert.deepEqual(await (await session.reopen()).listUsers(), [changed, user('carol', 'admin')]);
      });
    });

    test('the store keeps copies: changing a user given or read back changes nothing stored', async () => {
      await withSession(engine, async ({ store }) => {
        const given = user('alice');
        await store.saveUser(given);
        given.role = 'admin';
        const got = (await store.getUser('alice')) as User;
        got.role = 'operator';
        ((await store.listUsers())[0] as User).role = 'operator';
        assert.equal((await store.getUser('alice'))?.role, 'viewer');
      });
    });
  });
}
