// The history journal: samples journaled but never flushed (the process died) come back at the next start,
// once; a flush folds them into chunks and empties the journal.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-journal-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);

/** Drops a store without flushing, as a killed process would: only what is on disk remains. */
function abandon(store: SqliteStore): void {
  (store.history as unknown as { close(): void }).close();
  store.database.close();
}

const pendingRows = (store: SqliteStore) =>
  (
    (store.history as unknown as { db: { prepare(sql: string): { get(): unknown } } }).db
      .prepare('SELECT count(*) AS n FROM pending')
      .get() as { n: number }
  ).n;

describe('history journal', () => {
  test('journaled samples survive a process that never flushed, once, beside flushed chunks', async () => {
    const dir = freshDir();
    const first = new SqliteStore(dir, { chunkSamples: 4 });
    for (let i = 0; i < 6; i++) first.history.append('a.temp', 1000 * i, i);
    await first.history.flush(); // one full chunk of 4 and a partial one of 2
    for (let i = 6; i < 11; i++) first.history.append('a.temp', 1000 * i, i);
    first.history.append('b.new', 500, 42); // a series born after the flush
    await first.history.journal();
    first.history.append('a.temp', 11_000, 11); // never journaled: lost with the process
    abandon(first);

    const second = new SqliteStore(dir, { chunkSamples: 4 });
    const values = (await second.history.read('a.temp', 0, 1e9)).map((s) => s.v);
    assert.deepEqual(values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(await second.history.read('b.new', 0, 1e9), [{ t: 500, v: 42 }]);
    // A second crash before any flush replays the same journal, still once.
    abandon(second);
    const third = new SqliteStore(dir, { chunkSamples: 4 });
    assert.equal((await third.history.read('a.temp', 0, 1e9)).length, 11);
    third.history.append('a.temp', 12_000, 12);
    await third.history.flush();
    assert.equal(pendingRows(third), 0, 'the flush emptied the journal');
    await third.close();

    const last = new SqliteStore(dir, { chunkSamples: 4 });
    assert.deepEqual(
      (await last.history.read('a.temp', 0, 1e9)).map((s) => s.v),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12],
    );
    assert.deepEqual(await last.history.read('b.new', 0, 1e9), [{ t: 500, v: 42 }]);
    await last.close();
  });

  test('a journal with nothing new writes nothing', async () => {
    const store = new SqliteStore(freshDir());
    store.history.append('a.temp', 1, 1);
    await store.history.journal();
    await store.history.journal();
    assert.equal(pendingRows(store), 1);
    await store.close();
  });
});
