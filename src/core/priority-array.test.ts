import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effective, emptyPriorityArray, nextExpiry, withLevel, withoutExpired } from './priority-array.js';

describe('priority array', () => {
  test('empty: the relinquish default, level 17', () => {
    assert.deepEqual(effective(emptyPriorityArray(), 21), { value: 21, level: 17 });
  });
  test('the highest (lowest-numbered) level wins', () => {
    let a = withLevel(emptyPriorityArray(), 16, 10);
    a = withLevel(a, 8, 20);
    a = withLevel(a, 12, 30);
    assert.deepEqual(effective(a, 0), { value: 20, level: 8 });
  });
  test('relinquishing a level falls back to the next one, then to the default', () => {
    let a = withLevel(withLevel(emptyPriorityArray(), 16, 10), 8, 20);
    a = withLevel(a, 8, null);
    assert.deepEqual(effective(a, 0), { value: 10, level: 16 });
    a = withLevel(a, 16, null);
    assert.deepEqual(effective(a, 0), { value: 0, level: 17 });
  });
  test('false and 0 are values, not empty levels', () => {
    assert.deepEqual(effective(withLevel(emptyPriorityArray(), 9, false), true), { value: false, level: 9 });
    assert.deepEqual(effective(withLevel(emptyPriorityArray(), 9, 0), 5), { value: 0, level: 9 });
  });
  test('arrays are values: a change leaves the original as it was', () => {
    const a = emptyPriorityArray();
    withLevel(a, 1, 5);
    assert.equal(a.values[0], null);
  });
  test('timed levels expire; relinquishing clears the expiry', () => {
    let a = withLevel(emptyPriorityArray(), 8, 20, 1000);
    a = withLevel(a, 16, 10);
    assert.equal(nextExpiry(a), 1000);
    assert.deepEqual(withoutExpired(a, 999).expired, []);
    const after = withoutExpired(a, 1000);
    assert.deepEqual(after.expired, [8]);
    assert.deepEqual(effective(after.array, 0), { value: 10, level: 16 });
    assert.equal(nextExpiry(after.array), null);
    assert.equal(withLevel(a, 8, null).expiries[7], null);
  });
});
