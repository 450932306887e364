// The PostgreSQL history on a cluster of its own: the history conformance suite (reopened, and crashed by
// dropping the pool with nothing flushed), a database stopped in the middle of a flush (the flush and a merge
// reject, nothing buffered is lost, the next flush after the restart writes it), and a property test: any
// sequence of appends, merges, journals, flushes, restarts and crashes reads back as the SQLite engine's does.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { historyConformance } from '../../src/store/conformance/history.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { PgHistory, type PgHistoryOptions } from '../../src/store/postgres/pg-history.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Sample, Store } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

/** Small chunks, so that a few samples span several of them. */
const CHUNKS: PgHistoryOptions = { chunkSamples: 4, chunkSpanMs: 10_000 };
const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster | undefined;
const root = mkdtempSync(join(tmpdir(), 'pointyard-pg-history-'));

before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** A history on its own pool, and what it needs to be reopened or crashed. */
interface Opened {
  history: PgHistory;
  db: PgDatabase;
  health: StoreHealth;
  url: string;
}

async function openHistory(url: string, options: PgHistoryOptions = CHUNKS): Promise<Opened> {
  const health = new StoreHealth();
  const db = new PgDatabase(url, health, 'postgres', { max: 4 });
  try {
    return { history: await PgHistory.open(db, options), db, health, url };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Flushes as a store's close does, then ends the pool. */
async function closeHistory(opened: Opened): Promise<void> {
  try {
    await opened.history.flush();
    await opened.history.close();
  } finally {
    await opened.db.close();
  }
}

// The full store is built elsewhere: the suite gets a store with only its history and a close.
const opened = new WeakMap<Store, Opened>();
function asStore(o: Opened): Store {
  const store = { history: o.history, close: () => closeHistory(o) } as unknown as Store;
  opened.set(store, o);
  return store;
}
const openedOf = (store: Store) => opened.get(store) as Opened;

describe('PostgreSQL history', { skip }, () => {
  historyConformance({
    open: async () =>
      asStore(await openHistory(await (cluster as PostgresCluster).createDatabase('history'))),
    reopen: async (store) => {
      await store.close();
      return asStore(await openHistory(openedOf(store).url));
    },
    crash: async (store) => {
      // As a killed process: the connections gone, nothing flushed.
      const old = openedOf(store);
      await old.db.close();
      return asStore(await openHistory(old.url));
    },
  });

  test('the database stopped during a flush: it rejects, nothing buffered is lost, the next flush writes it', async () => {
    const c = cluster as PostgresCluster;
    const url = await c.createDatabase('stopped');
    const first = await openHistory(url);
    const all = (h: PgHistory) => h.read('a.temp', -1e15, 1e15);
    let down = false;
    try {
      for (let i = 0; i < 6; i++) first.history.append('a.temp', 1000 * i, i);
      await first.history.flush();
      for (let i = 6; i < 12; i++) first.history.append('a.temp', 1000 * i, i);
      first.history.append('a.temp', 2500, 25); // late: merged by the flush
      first.history.append('b.new', 100, 1); // a series the database does not have yet
      const expected = [...(await all(first.history))];
      assert.equal(expected.length, 13);

      // Another session holds the journal table: the flush writes its chunks, then waits inside its transaction.
      const blocker = new pg.Client({ connectionString: url });
      blocker.on('error', () => {}); // terminated by the stop
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE history_pending IN ACCESS EXCLUSIVE MODE');
      const flushing = first.history.flush();
      const failure = flushing.then(
        () => null,
        (err: unknown) => err,
      );
      let waiting = false;
      for (let i = 0; i < 500 && !waiting; i++) {
        const rows = await c.sql<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM history_pending%'`,
        );
        waiting = Number(rows[0]?.n) > 0;
        if (!waiting) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(waiting, 'the flush reached the journal table inside its transaction');
      // While it waits: a live sample, a late one, one at the time of a late sample the flush is writing.
      first.history.append('a.temp', 12_000, 12);
      first.history.append('a.temp', 4500, 45);
      first.history.append('a.temp', 2500, 26);
      const byTime = new Map(expected.map((s) => [s.t, s.v]));
      byTime.set(12_000, 12).set(4500, 45).set(2500, 26);
      expected.splice(
        0,
        expected.length,
        ...[...byTime].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v })),
      );
      assert.deepEqual(await all(first.history), expected, 'read while the flush is under way');
      down = true;
      await c.stop();
      const err = await failure;
      assert.ok(err instanceof StoreError, `a StoreError: ${String(err)}`);
      assert.ok(first.health.failing('postgres'), "the store's health says so");
      await blocker.end().catch(() => {});

      await assert.rejects(all(first.history), StoreError, 'the stored chunks cannot be read meanwhile');
      await assert.rejects(
        first.history.merge([{ key: 'a.temp', samples: [{ t: 3000, v: 99 }] }]),
        StoreError,
        'a merge with the database gone',
      );
      await assert.rejects(first.history.journal(), StoreError);

      await c.resume();
      down = false;
      assert.deepEqual(await all(first.history), expected, 'nothing lost, the refused merge not kept');
      await first.history.flush();
      assert.equal(first.health.failing(), false, 'healed by the committed flush');
      await closeHistory(first);
      const second = await openHistory(url);
      try {
        assert.deepEqual(await all(second.history), expected, 'after the restart, from the database');
        assert.deepEqual(await second.history.read('b.new', 0, 1000), [{ t: 100, v: 1 }]);
      } finally {
        await closeHistory(second);
      }
    } finally {
      if (down) await c.resume();
      await first.db.close().catch(() => {});
    }
  });

  test('a flush writes its chunks in batches: many series, one transaction, read back after a reopen', async () => {
    const url = await (cluster as PostgresCluster).createDatabase('batches');
    const first = await openHistory(url, {});
    const SERIES = 12_000; // more rows than one statement takes
    for (let s = 0; s < SERIES; s++)
      for (let i = 0; i < 3; i++) first.history.append(`d${s}.v`, 1000 * i, s + i);
    await first.history.journal();
    await closeHistory(first);
    const second = await openHistory(url, {});
    try {
      const rows = await (cluster as PostgresCluster).sql<{ n: string; pending: string }>(
        'SELECT (SELECT count(*) FROM history_chunks) AS n, (SELECT count(*) FROM history_pending) AS pending',
        new URL(url).pathname.slice(1),
      );
      assert.deepEqual(rows[0], { n: String(SERIES), pending: '0' });
      for (const s of [0, 5001, SERIES - 1])
        assert.deepEqual(
          await second.history.read(`d${s}.v`, 0, 1e6),
          [0, 1, 2].map((i) => ({ t: 1000 * i, v: s + i })),
        );
    } finally {
      await closeHistory(second);
    }
  });
});

type Step =
  | { op: 'append'; key: string; t: number; v: number }
  | { op: 'merge'; key: string; samples: Sample[] }
  | { op: 'flush' }
  | { op: 'flushUnawaited' }
  | { op: 'journal' }
  | { op: 'reopen' }
  | { op: 'crash' };

const time = fc.integer({ min: 0, max: 60 }).map((s) => s * 500);
const value = fc.integer({ min: -99, max: 99 });
const key = fc.constantFrom('a', 'b');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('append' as const), key, t: time, v: value }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('merge' as const),
      key,
      samples: fc.uniqueArray(fc.record({ t: time, v: value }), { maxLength: 8, selector: (s) => s.t }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'flushUnawaited' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'journal' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crash' as const }) },
);

describe('PostgreSQL history: property', { skip }, () => {
  test('any appends, merges, journals, flushes (awaited or not), restarts and crashes read back as on SQLite', async () => {
    const url = await (cluster as PostgresCluster).createDatabase('property');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        // One database for every run, a series name of its own per run.
        const prefix = `run${++run}-`;
        const dir = join(root, prefix);
        let sqlite = new SqliteStore(dir, CHUNKS);
        let postgres = await openHistory(url);
        const read = async (k: string) => {
          const [lite, pgs] = [
            await sqlite.history.read(k, -1e15, 1e15),
            await postgres.history.read(prefix + k, -1e15, 1e15),
          ];
          assert.deepEqual(pgs, lite, `series ${k}`);
        };
        const flushing: Array<Promise<void>> = [];
        try {
          for (const s of steps) {
            if (s.op === 'append') {
              sqlite.history.append(s.key, s.t, s.v);
              postgres.history.append(prefix + s.key, s.t, s.v);
            } else if (s.op === 'merge') {
              await sqlite.history.merge([{ key: s.key, samples: s.samples }]);
              await postgres.history.merge([{ key: prefix + s.key, samples: s.samples }]);
            } else if (s.op === 'flush') {
              await sqlite.history.flush();
              await postgres.history.flush();
            } else if (s.op === 'flushUnawaited') {
              // PostgreSQL's flush goes on while the next steps append, merge and read.
              await sqlite.history.flush();
              flushing.push(postgres.history.flush());
            } else if (s.op === 'journal') {
              await sqlite.history.journal();
              await postgres.history.journal();
            } else if (s.op === 'crash') {
              // A flush asked while another runs starts after it and takes what is buffered then (samples
              // appended after it was asked too), where SQLite's took what was buffered when asked: with
              // flushes in flight, what a crash keeps may differ, so those are settled (both flushed) first.
              if (flushing.length > 0) {
                await Promise.all(flushing.splice(0));
                await sqlite.history.flush();
                await postgres.history.flush();
              }
              // Both dropped with nothing flushed: each keeps what it journaled.
              (sqlite.history as unknown as { close(): void }).close();
              sqlite.database.close();
              sqlite = new SqliteStore(dir, CHUNKS);
              await postgres.db.close();
              postgres = await openHistory(url);
            } else {
              await sqlite.close();
              sqlite = new SqliteStore(dir, CHUNKS);
              await Promise.all(flushing.splice(0));
              await closeHistory(postgres);
              postgres = await openHistory(url);
            }
            await read('a');
            await read('b');
          }
          await Promise.all(flushing.splice(0));
        } finally {
          await Promise.allSettled(flushing);
          await sqlite.close();
          await closeHistory(postgres);
        }
      }),
      { numRuns: 40 },
    );
  });
});
