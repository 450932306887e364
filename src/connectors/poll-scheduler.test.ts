// Buckets by rate: each due one period after it was read, from now when it fell behind; all due at once
// after a recovery.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PollScheduler } from './poll-scheduler.js';

test('batches of one rate share a bucket; each bucket keeps its own period', () => {
  const s = new PollScheduler(['a', 'b', 'c'], (b) => (b === 'c' ? 10_000 : 1000));
  assert.deepEqual(
    s.buckets.map((b) => [b.periodMs, b.batches]),
    [
      [1000, ['a', 'b']],
      [10_000, ['c']],
    ],
  );
  const [fast, slow] = s.buckets;
  assert.ok(fast && slow);
  assert.ok(s.isDue(fast, 0) && s.isDue(slow, 0), 'everything due at start');
  s.taken(fast, 5000);
  s.taken(slow, 5000);
  assert.equal(fast.due, 6000, 'one period from the first read');
  assert.equal(slow.due, 15_000);
  assert.equal(s.nextDue(), 6000);
  s.taken(fast, 6000);
  assert.equal(fast.due, 7000, 'on its period');
  s.taken(fast, 9500);
  assert.equal(fast.due, 10_500, 'fell behind: from now');
  s.allDue(9600);
  assert.ok(s.isDue(slow, 9600), 'after a recovery every bucket at once');
  s.taken(slow, 9600);
  assert.equal(slow.due, 19_600);
});

test('no batches: nothing is ever due', () => {
  assert.equal(new PollScheduler([], () => 1000).nextDue(), Number.POSITIVE_INFINITY);
});
