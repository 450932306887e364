// Links in virtual time: one per host:port, counted by reference, one request at a time, and back-off
// between tries after a failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeTransport } from '../../test/support/fake-remote.js';
import { VirtualClock } from '../core/clock.js';
import { LinkPool } from './link.js';

const T0 = Date.UTC(2026, 0, 5);

function endpoint(clock: VirtualClock) {
  const opened: FakeTransport[] = [];
  let reachable = true;
  return {
    opened,
    setReachable: (yes: boolean) => {
      reachable = yes;
    },
    open: async () => {
      if (!reachable) throw new Error(`refused at ${clock.now() - T0}`);
      const t = new FakeTransport();
      opened.push(t);
      return t;
    },
  };
}

test('one link per host:port, closed when its last holder lets go', async () => {
  const clock = new VirtualClock(T0);
  const pool = new LinkPool<FakeTransport>(clock);
  const remote = endpoint(clock);
  const a = pool.acquire('10.0.0.7', 502, remote.open);
  const b = pool.acquire('10.0.0.7', 502, remote.open);
  const other = pool.acquire('10.0.0.7', 503, remote.open);
  assert.equal(a, b);
  assert.notEqual(a, other);
  await a.run(async () => 1);
  await b.run(async () => 2);
  assert.equal(remote.opened.length, 1);
  await pool.release(a);
  assert.equal(remote.opened[0]?.closed, false, 'still held');
  await pool.release(b);
  assert.equal(remote.opened[0]?.closed, true, 'closed with the last holder');
  await assert.rejects(
    b.run(async () => 3),
    /closed/,
  );
  assert.equal(pool.size, 1);
  await pool.release(other);
  assert.equal(pool.size, 0);
});

test('requests run one at a time, in order', async () => {
  const clock = new VirtualClock(T0);
  const pool = new LinkPool<FakeTransport>(clock);
  const link = pool.acquire('h', 1, endpoint(clock).open);
  const order: string[] = [];
  let release: () => void = () => {};
  const first = link.run(async () => {
    order.push('first begins');
    await new Promise<void>((go) => {
      release = go;
    });
    order.push('first ends');
  });
  const second = link.run(async () => {
    order.push('second');
  });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['first begins']);
  release();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['first begins', 'first ends', 'second']);
  await pool.release(link);
});

test('after a failure the link waits 1 s, doubling to 30 s, and tells every holder', async () => {
  const clock = new VirtualClock(T0);
  const pool = new LinkPool<FakeTransport>(clock);
  const remote = endpoint(clock);
  const link = pool.acquire('h', 1, remote.open);
  const told: string[] = [];
  const unwatch = link.watch((why) => told.push(why));
  remote.setReachable(false);
  const waits: number[] = [];
  for (let i = 0; i < 8; i++) {
    await assert.rejects(link.run(async () => 0));
    assert.ok(link.waiting);
    waits.push(link.nextTry - clock.now());
    await assert.rejects(
      link.run(async () => 0),
      /unreachable; next try in/,
    );
    clock.advanceTo(link.nextTry);
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  assert.equal(told.length, 8, 'each loss told');
  remote.setReachable(true);
  assert.equal(await link.run(async () => 'back'), 'back');
  assert.equal(link.nextTry, 0);
  // The back-off starts again from 1 s after a success.
  remote.opened[0]?.close();
  remote.setReachable(false);
  await assert.rejects(link.run(async () => 0));
  assert.equal(link.nextTry - clock.now(), 1000);
  unwatch();
  await pool.release(link);
});
