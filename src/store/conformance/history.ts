// Conformance: history. Samples appended or merged in any order read back in time order, one per time, the
// last written; from ≤ t < to; buffered samples read like flushed ones; what a flush or a merge saved
// survives a reopen, and for an engine that journals, what a journal saved survives a crash.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sample, Store } from '../store.js';
import { type EngineUnderTest, withSession } from './engine.js';

const all = (store: Store, key = 'a.temp') => store.history.read(key, -1e15, 1e15);
const series = (...pairs: Array<[number, number]>): Sample[] => pairs.map(([t, v]) => ({ t, v }));

export function historyConformance(engine: EngineUnderTest): void {
  describe('history', () => {
    test('appends read back in time order, from included, to excluded, per point', async () => {
      await withSession(engine, async ({ store }) => {
        for (let i = 0; i < 10; i++) store.history.append('a.temp', 1000 * i, i);
        store.history.append('b.flow', 500, 5);
        assert.deepEqual(
          await store.history.read('a.temp', 2000, 5000),
          series([2000, 2], [3000, 3], [4000, 4]),
        );
        assert.deepEqual(await all(store, 'b.flow'), series([500, 5]));
        assert.deepEqual(await all(store, 'no.such-point'), []);
        assert.deepEqual(await store.history.read('a.temp', 5000, 5000), [], 'an empty range');
      });
    });

    test('out of order and at a stored time: merged in time order, the last written wins', async () => {
      await withSession(engine, async ({ store }) => {
        store.history.append('a.temp', 3000, 3);
        store.history.append('a.temp', 1000, 1);
        store.history.append('a.temp', 3000, 33);
        await store.history.merge([
          { key: 'a.temp', samples: series([2000, 2], [1000, 11], [4000, 4]) },
          { key: 'b.flow', samples: series([100, 1]) },
        ]);
        store.history.append('a.temp', 500, 0.5);
        const expected = series([500, 0.5], [1000, 11], [2000, 2], [3000, 33], [4000, 4]);
        assert.deepEqual(await all(store), expected, 'before a flush');
        await store.history.flush();
        assert.deepEqual(await all(store), expected, 'after a flush');
        assert.deepEqual(await all(store, 'b.flow'), series([100, 1]));
      });
    });

    test('times are whole milliseconds', async () => {
      await withSession(engine, async ({ store }) => {
        store.history.append('a.temp', 1000.4, 1);
        store.history.append('a.temp', 999.6, 2); // the same millisecond: replaces it
        assert.deepEqual(await all(store), series([1000, 2]));
      });
    });

    test('flushed and merged samples survive a reopen, and appends after it go on merging', async () => {
      await withSession(engine, async (session) => {
        for (let i = 0; i < 6; i++) session.store.history.append('a.temp', 1000 * i, i);
        await session.store.history.flush();
        await session.store.history.merge([{ key: 'a.temp', samples: series([2500, 25]) }]);
        session.store.history.append('a.temp', 6000, 6); // saved by the close
        const store = await session.reopen();
        store.history.append('a.temp', 2000, 20); // before the stored samples, at a stored time
        store.history.append('a.temp', 7000, 7);
        assert.deepEqual(
          await all(store),
          series(
            [0, 0],
            [1000, 1],
            [2000, 20],
            [2500, 25],
            [3000, 3],
            [4000, 4],
            [5000, 5],
            [6000, 6],
            [7000, 7],
          ),
        );
      });
    });

    test(
      'a journal makes buffered samples survive a crash, once',
      { skip: !engine.crash && 'the engine keeps no journal' },
      async () => {
        await withSession(engine, async (session) => {
          for (let i = 0; i < 4; i++) session.store.history.append('a.temp', 1000 * i, i);
          await session.store.history.flush();
          for (let i = 4; i < 7; i++) session.store.history.append('a.temp', 1000 * i, i);
          session.store.history.append('b.new', 500, 42); // a point first seen after the flush
          await session.store.history.journal();
          session.store.history.append('a.temp', 7000, 7); // never journaled: lost with the process
          const expected = series([0, 0], [1000, 1], [2000, 2], [3000, 3], [4000, 4], [5000, 5], [6000, 6]);
          assert.deepEqual(await all(await session.crash()), expected);
          assert.deepEqual(await all(await session.crash()), expected, 'a second crash replays it once');
          assert.deepEqual(await all(session.store, 'b.new'), series([500, 42]));
          await session.store.history.flush();
          assert.deepEqual(await all(await session.reopen()), expected, 'the flush folded it in');
        });
      },
    );
  });
}
