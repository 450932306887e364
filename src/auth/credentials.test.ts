// Credentials: keys from a password (never the password), fake ones for strangers, name and password rules;
// and the first-start admin.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../store/memory/memory-store.js';
import {
  createCredentials,
  fakeCredentials,
  newUser,
  passwordProblem,
  userNameProblem,
} from './credentials.js';
import { ensureAdmin } from './first-admin.js';
import { deriveKeys } from './scram.js';

describe('credentials', () => {
  test('the stored keys are the RFC 5802 keys of the password, with a fresh salt each time', () => {
    const a = createCredentials('correct horse');
    const b = createCredentials('correct horse');
    assert.notEqual(a.salt, b.salt);
    assert.equal(Buffer.from(a.salt, 'base64').length, 32);
    assert.equal(a.iterations, 10_000);
    const keys = deriveKeys('correct horse', Buffer.from(a.salt, 'base64'), a.iterations);
    assert.equal(a.storedKey, keys.storedKey.toString('base64'));
    assert.equal(a.serverKey, keys.serverKey.toString('base64'));
    assert.ok(!JSON.stringify(newUser('u', 'viewer', 'correct horse', 1)).includes('correct horse'));
  });

  test('fake credentials are stable per name and secret, and differ between names', () => {
    const secret = Buffer.alloc(32, 7);
    assert.deepEqual(fakeCredentials(secret, 'mallory'), fakeCredentials(secret, 'mallory'));
    assert.notEqual(fakeCredentials(secret, 'mallory').salt, fakeCredentials(secret, 'eve').salt);
    assert.notEqual(
      fakeCredentials(secret, 'mallory').salt,
      fakeCredentials(Buffer.alloc(32, 8), 'mallory').salt,
    );
    assert.equal(
      Buffer.from(fakeCredentials(secret, 'x').salt, 'base64').length,
      32,
      'looks like a real salt',
    );
  });

  test('password and name rules', () => {
    assert.match(passwordProblem('') ?? '', /empty/);
    assert.match(passwordProblem('short12') ?? '', /at least 8/);
    assert.match(passwordProblem('with\ttab!') ?? '', /control/);
    assert.equal(passwordProblem('éééééééé'), null, '8 characters, more bytes');
    assert.equal(userNameProblem('ops.team-1@site'), null);
    for (const bad of ['', '-x', 'a b', 'a,b', 'x'.repeat(65), 'é']) assert.ok(userNameProblem(bad), bad);
  });
});

describe('first-start admin', () => {
  test('with no user: admin with a random password printed once, with how to change it', async () => {
    const store = new MemoryStore();
    const printed: string[] = [];
    assert.equal(
      await ensureAdmin(
        store,
        {},
        (t) => printed.push(t),
        () => 5,
      ),
      'created-random',
    );
    const admin = await store.getUser('admin');
    assert.equal(admin?.role, 'admin');
    assert.equal(admin?.createdAt, 5);
    assert.equal(printed.length, 1);
    const password = /^ {4}(\S+)$/m.exec(printed[0] ?? '')?.[1] ?? '';
    assert.ok(password.length >= 20);
    const keys = deriveKeys(password, Buffer.from(admin?.salt ?? '', 'base64'), admin?.iterations ?? 0);
    assert.equal(keys.storedKey.toString('base64'), admin?.storedKey, 'the printed password is the real one');
    assert.match(printed[0] ?? '', /pointyard user passwd admin/);
    assert.equal(await ensureAdmin(store, {}, (t) => printed.push(t)), 'exists');
    assert.equal(printed.length, 1, 'printed once only');
  });

  test('POINTYARD_ADMIN_PASSWORD is used, never printed, and refused when too short', async () => {
    const store = new MemoryStore();
    const printed: string[] = [];
    const env = { POINTYARD_ADMIN_PASSWORD: 'from-the-environment' };
    assert.equal(await ensureAdmin(store, env, (t) => printed.push(t)), 'created-from-env');
    assert.ok(!printed.join('').includes('from-the-environment'));
    const admin = await store.getUser('admin');
    const keys = deriveKeys(
      'from-the-environment',
      Buffer.from(admin?.salt ?? '', 'base64'),
      admin?.iterations ?? 0,
    );
    assert.equal(keys.storedKey.toString('base64'), admin?.storedKey);
    await assert.rejects(
      ensureAdmin(new MemoryStore(), { POINTYARD_ADMIN_PASSWORD: 'short' }, () => {}),
      /POINTYARD_ADMIN_PASSWORD: the password is too short/,
    );
  });

  test('any existing user, even not an admin, means no admin is created', async () => {
    const store = new MemoryStore();
    await store.saveUser(newUser('viewer1', 'viewer', 'password1', 0));
    assert.equal(await ensureAdmin(store, {}, () => assert.fail('nothing to print')), 'exists');
    assert.equal(await store.getUser('admin'), null);
  });
});
