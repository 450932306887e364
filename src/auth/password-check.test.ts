// The password check against stored SCRAM credentials: the password the keys were made from matches, any other
// does not, and the fake credentials of a name that is no user match nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { createCredentials, fakeCredentials } from './credentials.js';
import { passwordMatches } from './password-check.js';

test('the password the credentials were made from matches; another does not', async () => {
  const credentials = createCredentials('correct horse battery', 256);
  assert.equal(await passwordMatches(credentials, 'correct horse battery'), true);
  assert.equal(await passwordMatches(credentials, 'correct horse batterY'), false);
  assert.equal(await passwordMatches(credentials, ''), false);
});

test('credentials at the default iteration count match their password', async () => {
  const credentials = createCredentials('s3cret-passw0rd');
  assert.equal(await passwordMatches(credentials, 's3cret-passw0rd'), true);
});

test('fake credentials of an unknown name match no password', async () => {
  const fake = fakeCredentials(randomBytes(32), 'nobody');
  assert.equal(await passwordMatches(fake, 'nobody'), false);
  assert.equal(await passwordMatches(fake, ''), false);
});

test('any two passwords: the credentials of one match the other only when they are the same', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (a, b) => {
      const credentials = createCredentials(a, 16);
      assert.equal(await passwordMatches(credentials, b), a === b);
      assert.equal(await passwordMatches(credentials, a), true);
    }),
    { numRuns: 50 },
  );
});
