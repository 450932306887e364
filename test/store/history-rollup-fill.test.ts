// A history of an earlier version (no stored roll-ups) gets its roll-ups filled at the first open, series by
// series with progress, on SQLite and on PostgreSQL; once filled, what is stored is the buckets of the samples.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { bucketsOf, type RollupLevel } from '../../src/store/history/rollup-buckets.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { PgHistory, type PgHistoryOptions } from '../../src/store/postgres/pg-history.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { HistoryStore } from '../../src/store/store.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-rollup-fill-'));
const pgSkip = peerSkip(postgresMissing());
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!pgSkip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 5);
const KEYS = ['a.temp', 'b.flow', 'c.level'];
const CHUNKS = { chunkSamples: 50, chunkSpanMs: 3_600_000 };

/** Three points, two days of a sample a minute each (NaN now and then), merged and flushed. */
async function record(history: HistoryStore): Promise<void> {
  await history.merge(
    KEYS.map((key, k) => ({
      key,
      samples: Array.from({ length: 2 * 1440 }, (_, i) => ({
        t: T0 + i * 60_000 + k * 1000,
        v: i % 97 === 0 ? Number.NaN : Math.sin(i / 50) * 10 + k,
      })),
    })),
  );
}

async function assertFilled(history: HistoryStore): Promise<void> {
  for (const key of KEYS) {
    const samples = await history.read(key, -1e15, 1e15);
    assert.equal(samples.length, 2 * 1440);
    for (const level of ['minute', 'hour'] as RollupLevel[])
      assert.deepEqual(await history.readRollups(key, level, -1e15, 1e15), bucketsOf(samples, level), key);
  }
}

test('SQLite: the first open of a history.db of version 2 fills its roll-ups, with progress', async () => {
  const dir = join(root, 'sqlite');
  const old = new SqliteStore(dir, CHUNKS);
  await record(old.history);
  await old.close();
  // What version 2 had: no roll-ups, no list of series to fill.
  const db = new Database(join(dir, 'history.db'));
  db.exec('DROP TABLE rollups; DROP TABLE rollup_fill; DROP INDEX chunks_end; PRAGMA user_version = 2');
  db.close();
  const progress: Array<[number, number]> = [];
  const store = new SqliteStore(dir, {
    ...CHUNKS,
    onRollupFill: (done, total) => progress.push([done, total]),
  });
  try {
    assert.deepEqual(progress, [
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const inspect = new Database(join(dir, 'history.db'), { readonly: true });
    const rows = inspect.prepare('SELECT count(*) AS n FROM rollups').get() as { n: number };
    const left = inspect.prepare('SELECT count(*) AS n FROM rollup_fill').get() as { n: number };
    inspect.close();
    assert.equal(rows.n, 3 * 48, 'one row per point and hour');
    assert.equal(left.n, 0);
    await assertFilled(store.history);
  } finally {
    await store.close();
  }
  const again: number[] = [];
  const reopened = new SqliteStore(dir, { ...CHUNKS, onRollupFill: (done) => again.push(done) });
  await reopened.close();
  assert.deepEqual(again, [], 'filled once');
});

test(
  'PostgreSQL: the first open of a history of schema version 1 fills its roll-ups, with progress',
  {
    skip: pgSkip,
  },
  async () => {
    const url = await (cluster as PostgresCluster).createDatabase('fill');
    const open = async (options: PgHistoryOptions) => {
      const db = new PgDatabase(url, new StoreHealth(), 'postgres', { max: 4 });
      return { db, history: await PgHistory.open(db, { ...CHUNKS, ...options }) };
    };
    const first = await open({});
    await record(first.history);
    await first.history.close();
    await first.db.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP TABLE history_rollups; DROP TABLE history_rollup_fill; DROP INDEX history_chunks_end;
    UPDATE pointyard_schema SET version = 1 WHERE part = 'history'`);
    await client.end();
    const progress: Array<[number, number]> = [];
    const second = await open({ onRollupFill: (done, total) => progress.push([done, total]) });
    try {
      assert.deepEqual(progress, [
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      await assertFilled(second.history);
    } finally {
      await second.history.close();
      await second.db.close();
    }
  },
);
