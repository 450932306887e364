// History merges, never drops: out-of-order samples and samples at a stored time merge into the history
// (one value per time, the last written wins), in memory and on disk, across chunks and restarts; reads
// always come back in time order. The same rules for the SQLite and the in-memory engines, and a property
// test of any sequence of appends, merges, flushes and restarts against a plain map.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Sample, Store } from '../../src/store/store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-merge-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);
const all = (store: Store, key = 'a.temp') => store.history.read(key, -1e15, 1e15);
const times = (samples: Sample[]) => samples.map((s) => s.t);

/** Small chunks, so a few samples span several of them. */
const CHUNKS = { chunkSamples: 4, chunkSpanMs: 10_000 };

describe('history merges (SQLite)', () => {
  test('an older sample merges into the open chunk, a closed one in memory and one on disk', async () => {
    const store = new SqliteStore(freshDir(), CHUNKS);
    for (let i = 0; i < 10; i++) store.history.append('a.temp', i * 1000, i);
    await store.history.flush();
    for (let i = 10; i < 14; i++) store.history.append('a.temp', i * 1000, i);
    store.history.append('a.temp', 13_500 - 1000, 99); // inside the open chunk
    store.history.append('a.temp', 1_500, 98); // inside a chunk on disk
    store.history.append('a.temp', -500, 97); // before every chunk
    store.history.append('a.temp', 5_000, 55); // at a stored time: replaces it
    const expected = [
      -500, 0, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 11_000, 12_000, 12_500,
      13_000,
    ];
    assert.deepEqual(times(await all(store)), expected, 'before the flush: late samples overlaid');
    await store.history.flush();
    const flushed = await all(store);
    assert.deepEqual(times(flushed), expected, 'after the flush');
    assert.deepEqual(
      [1500, 5000, -500, 12_500].map((t) => flushed.find((s) => s.t === t)?.v),
      [98, 55, 97, 99],
    );
    await store.close();
  });

  test('after a restart, samples at or before the stored ones merge: time order, one per time', async () => {
    const dir = freshDir();
    const first = new SqliteStore(dir, CHUNKS);
    for (let i = 0; i < 6; i++) first.history.append('a.temp', i * 1000, i);
    await first.close();
    // A clock behind the stored history (a virtual clock restarted at the same time, a clock set back).
    const second = new SqliteStore(dir, CHUNKS);
    for (let i = 0; i < 6; i++) second.history.append('a.temp', i * 1000 + 500, 10 + i);
    second.history.append('a.temp', 2000, 42);
    await second.close();
    const third = new SqliteStore(dir, CHUNKS);
    const back = await all(third);
    assert.deepEqual(times(back), [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500]);
    assert.equal(back.find((s) => s.t === 2000)?.v, 42, 'the last written wins');
    assert.equal(back.find((s) => s.t === 0)?.v, 0, 'the first chunk kept');
    await third.close();
  });

  test('merge: durable when it resolves; live samples before and after a merged one are kept', async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, CHUNKS);
    for (let i = 0; i < 10; i++) store.history.append('a.temp', i * 1000, i);
    await store.history.merge([
      {
        key: 'a.temp',
        samples: [
          { t: 2500, v: 25 },
          { t: 3000, v: 30 },
          { t: 20_000, v: 200 },
        ],
      },
    ]);
    // Live samples after a merged one later than them still arrive (merged, not refused).
    store.history.append('a.temp', 10_000, 10);
    store.history.append('a.temp', 21_000, 21);
    assert.deepEqual(times(await all(store)).slice(-3), [10_000, 20_000, 21_000]);
    (store.history as unknown as { close(): void }).close(); // a crash: nothing flushed after the merge
    store.database.close();
    const again = new SqliteStore(dir, CHUNKS);
    const back = await all(again);
    assert.deepEqual(times(back), [0, 1000, 2000, 2500, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 20_000]);
    assert.equal(back.find((s) => s.t === 3000)?.v, 30);
    await again.close();
  });

  test('a merge of many samples older than everything is split into chunks of the set size', async () => {
    const store = new SqliteStore(freshDir(), CHUNKS);
    store.history.append('a.temp', 1_000_000, 1);
    const old = Array.from({ length: 50 }, (_, i) => ({ t: i * 100, v: i }));
    await store.history.merge([{ key: 'a.temp', samples: old }]);
    const sizes = (store.history as unknown as { db: { prepare(sql: string): { all(): unknown[] } } }).db
      .prepare('SELECT count FROM chunks ORDER BY start')
      .all()
      .map((r) => (r as { count: number }).count);
    assert.ok(sizes.length >= 13 && sizes.every((c) => c <= 4), `chunk sizes ${sizes}`);
    const back = await all(store);
    assert.equal(back.length, 51);
    assert.deepEqual(back.slice(0, 50), old);
    await store.close();
  });
});

describe('history merges refused by the store', () => {
  test('a merge the database refuses keeps none of its samples, in any point, and every live one', async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, CHUNKS, { busyWaitMs: 50 });
    const other = new Database(join(dir, 'history.db'));
    try {
      for (let i = 0; i < 6; i++) store.history.append('a.temp', i * 1000, i);
      store.history.append('b.flow', 500, 5);
      await store.history.flush();
      store.history.append('a.temp', 6000, 6); // live, not yet saved
      other.exec('BEGIN IMMEDIATE');
      await assert.rejects(
        store.history.merge([
          {
            key: 'a.temp',
            samples: [
              { t: 1000, v: 99 },
              { t: 9000, v: 9 },
            ],
          },
          { key: 'b.flow', samples: [{ t: 100, v: 1 }] },
        ]),
        /stayed locked by another program/,
      );
      other.exec('ROLLBACK');
      const expectedA = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ t: i * 1000, v: i }));
      assert.deepEqual(await all(store), expectedA, 'as before the merge');
      assert.deepEqual(await all(store, 'b.flow'), [{ t: 500, v: 5 }]);
      store.history.append('a.temp', 7000, 7); // the live path goes on
      await store.close();
      const again = new SqliteStore(dir, CHUNKS);
      assert.deepEqual(await all(again), [...expectedA, { t: 7000, v: 7 }]);
      assert.deepEqual(await all(again, 'b.flow'), [{ t: 500, v: 5 }]);
      await again.close();
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});

type Step =
  | { op: 'append'; t: number; v: number }
  | { op: 'merge'; samples: Array<{ t: number; v: number }> }
  | { op: 'flush' }
  | { op: 'reopen' };

const time = fc.integer({ min: 0, max: 60 }).map((s) => s * 500);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      t: time,
      v: fc.integer({ min: -99, max: 99 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('merge' as const),
      samples: fc.array(fc.record({ t: time, v: fc.integer({ min: -99, max: 99 }) }), { maxLength: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reopen' as const }) },
);

/** What a read must give: every time written once, by time, with the last value written at it. */
function expected(model: Map<number, number>): Sample[] {
  return [...model].map(([t, v]) => ({ t, v })).sort((a, b) => a.t - b.t);
}

describe('history merges: property', () => {
  test('any sequence of appends, merges, flushes and restarts reads back sorted, one per time, the last written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const dir = freshDir();
        let sqlite = new SqliteStore(dir, CHUNKS);
        const memory = new MemoryStore();
        const model = new Map<number, number>();
        try {
          for (const s of steps) {
            if (s.op === 'append') {
              sqlite.history.append('a.temp', s.t, s.v);
              memory.history.append('a.temp', s.t, s.v);
              model.set(s.t, s.v);
            } else if (s.op === 'merge') {
              // One value per time within a merge: the last sample at a time wins, as hisWrite's last row does.
              const byTime = new Map(s.samples.map((x) => [x.t, x.v]));
              const samples = [...byTime].map(([t, v]) => ({ t, v }));
              await sqlite.history.merge([{ key: 'a.temp', samples }]);
              await memory.history.merge([{ key: 'a.temp', samples }]);
              for (const [t, v] of byTime) model.set(t, v);
            } else if (s.op === 'flush') await sqlite.history.flush();
            else {
              await sqlite.close();
              sqlite = new SqliteStore(dir, CHUNKS);
            }
            assert.deepEqual(await all(sqlite), expected(model));
          }
          assert.deepEqual(await all(memory), expected(model));
          await sqlite.close();
          sqlite = new SqliteStore(dir, CHUNKS);
          assert.deepEqual(await all(sqlite), expected(model), 'after a final restart');
        } finally {
          await sqlite.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
