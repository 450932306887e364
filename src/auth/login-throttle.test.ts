// Brute-force throttle: free below the thresholds, doubling waits after, fair to the names and addresses not
// attacked, reported once per wait, forgotten after the window, bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_THROTTLE, LoginThrottle } from './login-throttle.js';

const policy = {
  ...DEFAULT_THROTTLE,
  threshold: 3,
  spread: 3,
  baseDelayMs: 1000,
  maxDelayMs: 5000,
  windowMs: 60_000,
};
const at = (name: string, address: string) => ({ name, address });
const wait = (t: LoginThrottle, name: string, address: string, now: number) =>
  t.check(at(name, address), now).waitMs;

test('one name from one address: no wait below the threshold, then 1 s, 2 s, 4 s, capped', () => {
  const t = new LoginThrottle(policy);
  const u = at('u', 'a');
  assert.equal(t.fail(u, 0), false);
  assert.equal(t.fail(u, 0), false);
  assert.equal(t.check(u, 0).waitMs, 0);
  assert.equal(t.fail(u, 100), true, 'the third failure is an incident');
  assert.equal(t.check(u, 100).waitMs, 1000);
  assert.equal(t.check(u, 600).waitMs, 500);
  assert.equal(t.check(u, 1100).waitMs, 0);
  assert.equal(t.fail(u, 1100), true);
  assert.equal(t.check(u, 1100).waitMs, 2000);
  t.fail(u, 3100);
  assert.equal(t.check(u, 3100).waitMs, 4000);
  t.fail(u, 7100);
  assert.equal(t.check(u, 7100).waitMs, 5000, 'capped');
});

test('fair: an attack on one name from one address slows neither another name there nor that name elsewhere', () => {
  const t = new LoginThrottle(policy);
  for (let i = 0; i < 10; i++) t.fail(at('admin-guess', 'a'), i * 10_000);
  assert.ok(wait(t, 'admin-guess', 'a', 90_000) > 0);
  assert.equal(wait(t, 'admin', 'a', 90_000), 0, 'another name from the attacked address');
  assert.equal(wait(t, 'admin-guess', 'b', 90_000), 0, 'the attacked name from another address');
});

test('one address spraying many names: once `spread` names failed, every name from it waits, doubling', () => {
  const t = new LoginThrottle(policy);
  t.fail(at('n0', 'a'), 0);
  t.fail(at('n1', 'a'), 0);
  assert.equal(wait(t, 'admin', 'a', 0), 0);
  assert.equal(t.fail(at('n2', 'a'), 0), true, 'the third name is an incident');
  assert.equal(wait(t, 'admin', 'a', 0), 1000);
  assert.equal(wait(t, 'admin', 'b', 0), 0, 'other addresses go ahead');
  t.fail(at('n3', 'a'), 1000);
  assert.equal(wait(t, 'admin', 'a', 1000), 2000);
  t.fail(at('n3', 'a'), 3000);
  assert.equal(wait(t, 'admin', 'a', 3000), 2000, 'the same name again is no new name');
});

test('one name from many addresses: once `spread` addresses failed, it waits from everywhere, doubling', () => {
  const t = new LoginThrottle(policy);
  for (const address of ['a', 'b', 'c']) t.fail(at('u', address), 0);
  assert.equal(wait(t, 'u', 'z', 0), 1000);
  assert.equal(wait(t, 'v', 'a', 0), 0, 'other names go ahead');
  t.fail(at('u', 'd'), 1000);
  assert.equal(wait(t, 'u', 'z', 1000), 2000);
});

test('a success forgets the failures of that name from that address only', () => {
  const t = new LoginThrottle(policy);
  t.fail(at('u', 'a'), 0);
  t.fail(at('u', 'a'), 0);
  t.fail(at('v', 'a'), 0);
  t.succeed(at('u', 'a'));
  assert.equal(t.count(at('u', 'a'), 0), 0);
  assert.equal(t.count(at('v', 'a'), 0), 1);
  t.fail(at('w', 'a'), 0);
  assert.equal(wait(t, 'x', 'a', 0), 0, 'u no longer counts among the names address a failed on');
});

test('a wait is reported once, and again after each further failure', () => {
  const t = new LoginThrottle(policy);
  for (let i = 0; i < 3; i++) t.fail(at('u', 'a'), 0);
  assert.deepEqual(t.check(at('u', 'a'), 10), { waitMs: 990, report: true });
  assert.deepEqual(t.check(at('u', 'a'), 20), { waitMs: 980, report: false });
  t.fail(at('u', 'a'), 1000);
  assert.equal(t.check(at('u', 'a'), 1000).report, true);
  assert.deepEqual(t.check(at('v', 'b'), 1000), { waitMs: 0, report: false });
});

test('failures are forgotten once none has come for the window', () => {
  const t = new LoginThrottle(policy);
  for (let i = 0; i < 5; i++) t.fail(at('u', 'a'), i * 1000);
  assert.ok(wait(t, 'u', 'a', 4000) > 0);
  assert.equal(t.count(at('u', 'a'), 4000 + 59_999), 5);
  assert.equal(wait(t, 'u', 'a', 4000 + 60_000), 0);
  assert.equal(t.count(at('u', 'a'), 4000 + 60_000), 0);
});

test('bounded: the least recently failed keys are forgotten first', () => {
  const t = new LoginThrottle({ ...policy, maxEntries: 100 });
  t.fail(at('u', 'a'), 0);
  t.fail(at('u', 'a'), 0);
  // Each failure of a new name from a new address adds three keys (the pair, the name, the address).
  for (let i = 0; i < 30; i++) t.fail(at(`n${i}`, `x${i}`), 1);
  t.fail(at('u', 'a'), 2);
  for (let i = 30; i < 60; i++) t.fail(at(`n${i}`, `x${i}`), 3);
  assert.equal(t.count(at('n0', 'x0'), 3), 0);
  assert.equal(t.count(at('u', 'a'), 3), 3, 'refreshed by its last failure');
  assert.equal(t.count(at('n59', 'x59'), 3), 1);
});
