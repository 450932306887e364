// A database locked by another connection does not freeze the event loop: the store's calls wait for the
// lock from a timer instead of inside SQLite, keep their order, and fail with a clear message if it never
// lets go.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { emptyPriorityArray, withLevel } from '../../src/core/priority-array.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { CommittedWrite } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-locked-'));
after(() => rmSync(root, { recursive: true, force: true }));

const write = (value: number): CommittedWrite => ({
  key: 'ahu-1.setpoint',
  array: withLevel(emptyPriorityArray(), 16, value),
  audit: {
    ts: value,
    who: 'alice',
    via: 'test',
    remote: null,
    key: 'ahu-1.setpoint',
    level: 16,
    action: 'write',
    written: value,
    before: null,
    after: value,
  },
});

/** Counts event-loop turns (a 1 ms timer chain) and the longest gap between two of them, ms. */
function loopWatch() {
  let turns = 0;
  let longest = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return {
    get turns() {
      return turns;
    },
    get longest() {
      return longest;
    },
    stop: () => clearTimeout(timer),
  };
}

/** Resolves once `watch` has counted `n` more turns (bounded by the turns themselves). */
async function turns(watch: ReturnType<typeof loopWatch>, n: number): Promise<void> {
  const until = watch.turns + n;
  while (watch.turns < until) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('a database locked by another connection', () => {
  test('writes wait without stalling the event loop, keep their order, and land once the lock goes', async () => {
    const dir = join(root, 'data');
    const store = new SqliteStore(dir);
    const other = new Database(join(dir, 'pointyard.db'));
    try {
      // Baseline: the same writes and the same number of loop turns with nobody holding the lock.
      const baseline = loopWatch();
      await store.commitWrites([write(1)]);
      await turns(baseline, 100);
      baseline.stop();

      other.exec('BEGIN IMMEDIATE'); // the write lock, as another process's long transaction holds it
      const watch = loopWatch();
      const started = performance.now();
      const first = store.commitWrites([write(2)]);
      const second = store.commitWrites([write(3)]);
      const read = store.loadPriorities();
      await turns(watch, 100); // the loop turns while both writes wait
      other.exec('COMMIT');
      await Promise.all([first, second]);
      const waited = performance.now() - started;
      watch.stop();

      assert.ok(
        watch.longest < Math.max(waited / 2, baseline.longest * 10),
        `longest stall ${watch.longest.toFixed(1)} ms while waiting ${waited.toFixed(1)} ms for the lock ` +
          `(baseline stall ${baseline.longest.toFixed(1)} ms)`,
      );
      assert.deepEqual(
        (await read).get('ahu-1.setpoint')?.values[15],
        3,
        'a read asked after the writes sees them',
      );
      const onDisk = other.prepare("SELECT vals FROM priority WHERE key = 'ahu-1.setpoint'").get() as {
        vals: string;
      };
      assert.equal(JSON.parse(onDisk.vals)[15], 3, 'the last write asked is the last on disk');
      assert.deepEqual(
        (await store.queryAudit()).map((r) => r.written),
        [3, 2, 1],
      );
      assert.equal(store.health.failing(), false);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  test('a lock that never lets go fails the calls, in order, with a clear message; health follows', async () => {
    const dir = join(root, 'held');
    const store = new SqliteStore(dir, {}, { busyWaitMs: 50 }); // the 5 s default, shortened
    const other = new Database(join(dir, 'pointyard.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      const order: number[] = [];
      const refused = (n: number) =>
        store.commitWrites([write(n)]).then(
          () => order.push(-n),
          (err: unknown) => {
            order.push(n);
            throw err;
          },
        );
      const first = refused(1);
      const second = refused(2);
      const locked = (err: unknown) =>
        err instanceof StoreError && /stayed locked by another program/.test(err.message);
      await assert.rejects(first, locked);
      await assert.rejects(second, locked);
      assert.deepEqual(order, [1, 2]);
      assert.equal(store.health.failing('pointyard.db'), true);
      other.exec('ROLLBACK');
      await store.commitWrites([write(3)]);
      assert.equal(store.health.failing(), false, 'healthy again once a write lands');
      assert.deepEqual(
        (await store.queryAudit()).map((r) => r.written),
        [3],
      );
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  test('a history flush refused by a held lock keeps its samples and writes them once the lock goes', async () => {
    const dir = join(root, 'history');
    const store = new SqliteStore(dir, {}, { busyWaitMs: 50 });
    const other = new Database(join(dir, 'history.db'));
    try {
      for (let t = 0; t < 100; t++) store.history.append('pump-1.flow', t * 1000, t);
      other.exec('BEGIN IMMEDIATE');
      await assert.rejects(store.history.flush(), /stayed locked by another program/);
      assert.equal(store.health.failing('history.db'), true);
      assert.equal(store.health.failing('pointyard.db'), false);
      other.exec('ROLLBACK');
      await store.history.flush();
      assert.equal(store.health.failing(), false);
      const rows = other.prepare('SELECT sum(count) AS n FROM chunks').get() as { n: number };
      assert.equal(rows.n, 100, 'every sample on disk');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  test('a history journal waits for a lock held briefly, and one held too long fails with a clear message and marks health', async () => {
    const dir = join(root, 'journal');
    const store = new SqliteStore(dir, {}, { busyWaitMs: 200 });
    const other = new Database(join(dir, 'history.db'));
    try {
      for (let t = 0; t < 10; t++) store.history.append('pump-1.flow', t * 1000, t);
      other.exec('BEGIN IMMEDIATE');
      const waiting = store.history.journal();
      const watch = loopWatch();
      await turns(watch, 5); // the journal waits from a timer: the loop keeps turning
      watch.stop();
      other.exec('ROLLBACK');
      await waiting;
      const pending = other.prepare('SELECT count(*) AS n FROM pending').get() as { n: number };
      assert.equal(pending.n, 1, 'the journal row is on disk once the lock went');

      store.history.append('pump-1.flow', 20_000, 20);
      other.exec('BEGIN IMMEDIATE');
      await assert.rejects(store.history.journal(), /stayed locked by another program/);
      assert.equal(store.health.failing('history.db'), true);
      other.exec('ROLLBACK');
      await store.history.journal();
      assert.equal(store.health.failing(), false, 'a journal that reached the disk marks it healthy again');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });
});
