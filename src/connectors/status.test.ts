// How a point's status combines with its connector's, and when a point is stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStale, shownStatus, staleAt } from './status.js';

test("a point shows its connector's status unless that is ok, then its own, aged to stale", () => {
  for (const conn of ['unknown', 'down', 'disabled', 'fault'] as const)
    for (const own of ['ok', 'fault', 'unknown'] as const) assert.equal(shownStatus(conn, own, true), conn);
  assert.equal(shownStatus('ok', 'ok', false), 'ok');
  assert.equal(shownStatus('ok', 'ok', true), 'stale');
  assert.equal(shownStatus('ok', 'fault', true), 'fault', 'a fault is not hidden by age');
  assert.equal(shownStatus('ok', 'unknown', false), 'unknown');
});

test('stale once older than the age; never with age 0 or before a first read', () => {
  assert.equal(isStale(1000, 6000, 5000), false);
  assert.equal(isStale(1000, 6001, 5000), true);
  assert.equal(staleAt(1000, 5000), 6001);
  assert.equal(isStale(1000, 1e12, 0), false);
  assert.equal(staleAt(1000, 0), null);
  assert.equal(isStale(null, 1e12, 5000), false);
});
