// Brute-force throttle: free below the threshold, doubling waits after, forgotten after the window, bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_THROTTLE, LoginThrottle } from './login-throttle.js';

const policy = { ...DEFAULT_THROTTLE, threshold: 3, baseDelayMs: 1000, maxDelayMs: 5000, windowMs: 60_000 };

test('no wait below the threshold, then 1 s, 2 s, 4 s, capped, counted from the last failure', () => {
  const t = new LoginThrottle(policy);
  const keys = ['address:a', 'user:u'];
  assert.equal(t.fail(keys, 0), false);
  assert.equal(t.fail(keys, 0), false);
  assert.equal(t.waitMs(keys, 0), 0);
  assert.equal(t.fail(keys, 100), true, 'the third failure is an incident');
  assert.equal(t.waitMs(keys, 100), 1000);
  assert.equal(t.waitMs(keys, 600), 500);
  assert.equal(t.waitMs(keys, 1100), 0);
  assert.equal(t.fail(keys, 1100), true);
  assert.equal(t.waitMs(keys, 1100), 2000);
  t.fail(keys, 3100);
  assert.equal(t.waitMs(keys, 3100), 4000);
  t.fail(keys, 7100);
  assert.equal(t.waitMs(keys, 7100), 5000, 'capped');
});

test('one key past the threshold is enough to wait; success clears only the keys named', () => {
  const t = new LoginThrottle(policy);
  for (let i = 0; i < 3; i++) t.fail(['address:a', `user:u${i}`], 0);
  assert.equal(t.waitMs(['address:a', 'user:new'], 0), 1000, 'one address trying many names');
  assert.equal(t.waitMs(['address:b', 'user:u0'], 0), 0);
  t.succeed(['user:u0']);
  assert.equal(t.count('user:u0', 0), 0);
  assert.equal(t.count('address:a', 0), 3);
});

test('failures are forgotten once none has come for the window', () => {
  const t = new LoginThrottle(policy);
  for (let i = 0; i < 5; i++) t.fail(['user:u'], i * 1000);
  assert.ok(t.waitMs(['user:u'], 4000) > 0);
  assert.equal(t.count('user:u', 4000 + 59_999), 5);
  assert.equal(t.waitMs(['user:u'], 4000 + 60_000), 0);
  assert.equal(t.count('user:u', 4000 + 60_000), 0);
});

test('bounded: the least recently failed keys are forgotten first', () => {
  const t = new LoginThrottle({ ...policy, maxEntries: 100 });
  t.fail(['address:a'], 0);
  t.fail(['address:a'], 0);
  for (let i = 0; i < 90; i++) t.fail([`user:${i}`], 1);
  t.fail(['address:a'], 2);
  for (let i = 90; i < 180; i++) t.fail([`user:${i}`], 3);
  assert.equal(t.count('user:0', 3), 0);
  assert.equal(t.count('address:a', 3), 3, 'refreshed by its last failure');
  assert.equal(t.count('user:179', 3), 1);
});
