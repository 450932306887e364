// Stored roll-ups are packed (history/rollup-codec.ts) on SQLite and on PostgreSQL, and rows of the float64
// format an earlier version wrote are still read: a database whose rows are all float64, or mixed after a
// merge rewrote some of its hours, answers the buckets of its samples.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  bucketsOf,
  HOUR_MS,
  MINUTE_MS,
  type RollupLevel,
  unpackBuckets,
} from '../../src/store/history/rollup-buckets.js';
import { PACKED_ROLLUPS } from '../../src/store/history/rollup-codec.js';
import { packFloat64Buckets } from '../../src/store/history/rollup-float64-format.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { PgHistory } from '../../src/store/postgres/pg-history.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { HistoryStore } from '../../src/store/store.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-rollup-format-'));
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
const HOURS = 6;
const KEYS = ['a.temp', 'b.count'];

/** A sample a minute (a.temp, 2 decimals) and one every 20 s (b.count, with a NaN now and then). */
async function record(history: HistoryStore): Promise<void> {
  await history.merge([
    {
      key: 'a.temp',
      samples: Array.from({ length: HOURS * 60 }, (_, i) => ({
        t: T0 + i * MINUTE_MS,
        v: Math.round(2000 + 300 * Math.sin(i / 40)) / 100,
      })),
    },
    {
      key: 'b.count',
      samples: Array.from({ length: HOURS * 180 }, (_, i) => ({
        t: T0 + i * 20_000 + 7,
        v: i % 101 === 0 ? Number.NaN : i,
      })),
    },
  ]);
}

/** A merge into the third hour only: that hour's row is written again, the others are left as they are. */
const lateSample = { key: 'a.temp', samples: [{ t: T0 + 2 * HOUR_MS + 30_000, v: -0 }] };

async function assertRollupsOfSamples(history: HistoryStore, note: string): Promise<void> {
  for (const key of KEYS) {
    const samples = await history.read(key, T0, T0 + HOURS * HOUR_MS);
    for (const level of ['minute', 'hour'] as RollupLevel[])
      assert.deepEqual(
        await history.readRollups(key, level, T0, T0 + HOURS * HOUR_MS),
        bucketsOf(samples, level),
        `${note}: ${key} ${level}`,
      );
  }
}

interface StoredRow {
  total: Uint8Array;
  minutes: Uint8Array;
}

/** The row in the float64 format that an earlier version wrote for the same buckets. */
function asFloat64(row: StoredRow): StoredRow {
  return {
    total: packFloat64Buckets(unpackBuckets(row.total, HOUR_MS)),
    minutes: packFloat64Buckets(unpackBuckets(row.minutes, MINUTE_MS)),
  };
}

/** Checks rows are packed, and take less than a quarter of the float64 format's bytes. */
function assertPacked(rows: StoredRow[]): void {
  assert.equal(rows.length, KEYS.length * HOURS);
  for (const r of rows) {
    assert.equal(r.total[0], PACKED_ROLLUPS);
    assert.equal(r.minutes[0], PACKED_ROLLUPS);
    const old = asFloat64(r).minutes.length;
    assert.ok(
      r.minutes.length * 4 < old,
      `${r.minutes.length} bytes for an hour's minutes (float64: ${old})`,
    );
  }
}

test('SQLite stores packed roll-ups and reads rows of the float64 format, alone or mixed', async () => {
  const dir = join(root, 'sqlite');
  const first = new SqliteStore(dir);
  await record(first.history);
  await first.close();
  const db = new Database(join(dir, 'history.db'));
  const rows = db.prepare('SELECT id, total, minutes FROM rollups').all() as Array<
    StoredRow & { id: number }
  >;
  assertPacked(rows);
  const update = db.prepare('UPDATE rollups SET total = ?, minutes = ? WHERE id = ?');
  for (const r of rows) {
    const old = asFloat64(r);
    update.run(old.total, old.minutes, r.id);
  }
  db.close();
  const store = new SqliteStore(dir);
  try {
    await assertRollupsOfSamples(store.history, 'float64 rows');
    await store.history.merge([lateSample]);
    await assertRollupsOfSamples(store.history, 'mixed rows');
  } finally {
    await store.close();
  }
  const inspect = new Database(join(dir, 'history.db'), { readonly: true });
  const firsts = inspect
    .prepare('SELECT hour, substr(minutes, 1, 1) AS head FROM rollups ORDER BY series, hour')
    .all() as Array<{
    hour: number;
    head: Uint8Array;
  }>;
  inspect.close();
  const packed = firsts.filter((r) => r.head[0] === PACKED_ROLLUPS).map((r) => r.hour);
  assert.deepEqual(packed, [T0 + 2 * HOUR_MS], 'only the merged hour was written again');
});

test(
  'PostgreSQL stores packed roll-ups and reads rows of the float64 format, alone or mixed',
  { skip: pgSkip },
  async () => {
    const url = await (cluster as PostgresCluster).createDatabase('format');
    const open = async () => {
      const db = new PgDatabase(url, new StoreHealth(), 'postgres', { max: 4 });
      return { db, history: await PgHistory.open(db) };
    };
    const first = await open();
    await record(first.history);
    await first.history.close();
    await first.db.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<StoredRow & { series: number; hour: number }>(
        'SELECT series, hour, total, minutes FROM history_rollups',
      );
      assertPacked(rows);
      for (const r of rows) {
        const old = asFloat64(r);
        await client.query(
          'UPDATE history_rollups SET total = $1, minutes = $2 WHERE series = $3 AND hour = $4',
          [Buffer.from(old.total), Buffer.from(old.minutes), r.series, r.hour],
        );
      }
      const second = await open();
      try {
        await assertRollupsOfSamples(second.history, 'float64 rows');
        await second.history.merge([lateSample]);
        await assertRollupsOfSamples(second.history, 'mixed rows');
      } finally {
        await second.history.close();
        await second.db.close();
      }
      const heads = await client.query<{ hour: number }>(
        'SELECT hour FROM history_rollups WHERE get_byte(minutes, 0) = $1 ORDER BY hour',
        [PACKED_ROLLUPS],
      );
      assert.deepEqual(
        heads.rows.map((r) => r.hour),
        [T0 + 2 * HOUR_MS],
        'only the merged hour was written again',
      );
    } finally {
      await client.end();
    }
  },
);
