// What a node believes it holds, by its own clock (src/cluster/leases-local.ts): each lease is reported
// expired once, when its own deadline passes, whatever order the leases were taken, renewed and dropped in;
// renewing thousands costs no rescan each (the timer is re-armed only to bring it forward).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalLeases } from '../../src/cluster/leases-local.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('each lease expires once at its own deadline; a renewal moves it, a drop cancels it', async () => {
  const expired: string[] = [];
  const leases = new LocalLeases((device) => expired.push(device));
  const now = performance.now();
  leases.set('a', 1, now + 40);
  leases.set('b', 2, now + 80);
  leases.set('c', 3, now + 120);
  leases.set('a', 1, now + 200); // renewed past the others
  assert.equal(leases.drop('b'), true);
  assert.equal(leases.drop('b'), false);
  await pause(150);
  assert.deepEqual(expired, ['c']);
  assert.deepEqual([...leases.tokens()], [['a', 1]]);
  await pause(100);
  assert.deepEqual(expired, ['c', 'a']);
  assert.equal(leases.tokens().size, 0);
  assert.equal(leases.holds('a'), false);
});

test('a lease taken with an earlier deadline than the armed one still expires on time', async () => {
  const expired: string[] = [];
  const leases = new LocalLeases((device) => expired.push(device));
  const now = performance.now();
  leases.set('late', 1, now + 300);
  leases.set('early', 2, now + 30);
  await pause(100);
  assert.deepEqual(expired, ['early']);
  assert.deepEqual(leases.dropAll(), ['late']);
  await pause(250);
  assert.deepEqual(expired, ['early'], 'a lease dropped is never reported expired');
});

test('holds and tokens go by the clock even before the timer runs', () => {
  let clock = 0;
  const expired: string[] = [];
  const leases = new LocalLeases(
    (device) => expired.push(device),
    () => clock,
  );
  for (let i = 0; i < 5000; i++) leases.set(`d${i}`, i, 100 + i);
  clock = 100 + 2500;
  assert.equal(leases.holds('d2499'), false);
  assert.equal(leases.holds('d2501'), true);
  assert.equal(leases.tokens().size, 2499);
  leases.expireDue();
  assert.equal(expired.length, 2501);
  leases.dropAll();
});
