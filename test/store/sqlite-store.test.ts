// The SQLite store: history in chunks across a reopen, and clear messages for what SQLite and the file system
// refuse. What every engine does with each table is in the conformance suite.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { auditRecord } from '../../src/store/conformance/fixtures.js';
import { explainStoreError } from '../../src/store/sqlite/explain-error.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { AuditRecord } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);

const audit = (key: string, ts: number, who = 'alice'): AuditRecord => auditRecord(key, ts, { who });

describe('SQLite store', () => {
  test('history: chunks close, partial chunks flush, reads span chunks, memory and disk, after a reopen', async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir, { chunkSamples: 100 });
    const t0 = 1_767_571_200_000;
    for (let i = 0; i < 1050; i++)
      store.history.append('ev.active-power', t0 + i * 1000, Math.sin(i / 50) * 11 + 11);
    store.history.append('ev.active-power', t0 - 5, 1); // out of order: merged before the others
    assert.deepEqual((await store.history.read('ev.active-power', t0 - 10, t0 + 1))[0], { t: t0 - 5, v: 1 });
    const all = await store.history.read('ev.active-power', t0, t0 + 2_000_000);
    assert.equal(all.length, 1050);
    assert.deepEqual(all[1049], { t: t0 + 1049 * 1000, v: Math.sin(1049 / 50) * 11 + 11 });
    const window = await store.history.read('ev.active-power', t0 + 150_000, t0 + 250_000);
    assert.deepEqual(
      [window.length, window[0]?.t, window.at(-1)?.t],
      [100, t0 + 150_000, t0 + 249_000],
      'start inclusive, end exclusive, across a chunk boundary',
    );
    await store.history.flush();
    for (let i = 1050; i < 1060; i++) store.history.append('ev.active-power', t0 + i * 1000, i);
    await store.close();
    const again = new SqliteStore(dir, { chunkSamples: 100 });
    const back = await again.history.read('ev.active-power', 0, Number.MAX_SAFE_INTEGER);
    assert.equal(back.length, 1061, 'closed chunks, the flushed partial chunk and the rest written at close');
    assert.deepEqual(back.slice(1, 1051), all);
    assert.deepEqual(await again.history.read('no.such-point', 0, 1e15), []);
    // Appending after a reopen continues the series.
    again.history.append('ev.active-power', t0 + 2_000_000, 5);
    assert.equal((await again.history.read('ev.active-power', 0, Number.MAX_SAFE_INTEGER)).length, 1062);
    await again.close();
  });

  test(
    'a read-only data folder is a clear error',
    { skip: process.getuid?.() === 0 ? 'root ignores file permissions' : false },
    () => {
      const dir = freshDir();
      mkdirSync(dir);
      chmodSync(dir, 0o500);
      assert.throws(
        () => new SqliteStore(dir),
        (err: unknown) => err instanceof StoreError && /read-only/.test((err as Error).message),
      );
      chmodSync(dir, 0o700);
    },
  );

  test('a full database is a clear error, and the write is refused with nothing changed', async () => {
    const store = new SqliteStore(freshDir());
    store.database.pragma('max_page_count = 40'); // SQLite's own "database or disk is full" at 40 pages
    const big = 'x'.repeat(2000);
    let error: unknown = null;
    for (let i = 0; i < 200 && error === null; i++) {
      await store
        .commitWrites([{ key: `k${i}`, array: null, audit: { ...audit('k', i), who: big } }])
        .catch((err) => {
          error = err;
        });
    }
    assert.ok(error instanceof StoreError, 'the store fills up within 200 writes');
    assert.match((error as Error).message, /is full: free some space and restart/);
    const count = (await store.queryAudit()).length;
    // As large as the write that failed: a small one may still find room in a page.
    await store
      .commitWrites([{ key: 'k', array: null, audit: { ...audit('k', 999), who: big } }])
      .catch(() => {});
    assert.equal((await store.queryAudit()).length, count, 'the failed transaction left nothing behind');
    await store.close();
  });

  test('store errors are explained by cause', () => {
    const cases: Array<[object, RegExp]> = [
      [{ code: 'SQLITE_FULL', message: 'database or disk is full' }, /is full/],
      [{ code: 'ENOSPC', message: 'no space left on device' }, /is full/],
      [{ code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' }, /read-only/],
      [{ code: 'EACCES', message: 'permission denied' }, /read-only/],
      [{ code: 'EROFS', message: 'read-only file system' }, /read-only/],
      [{ code: 'SQLITE_CORRUPT', message: 'database disk image is malformed' }, /damaged/],
    ];
    for (const [err, message] of cases) assert.match(explainStoreError(err, '/data').message, message);
  });

  test('a data folder that is a file, or a damaged database, is a clear error', () => {
    const file = join(root, 'not-a-folder');
    writeFileSync(file, 'x');
    assert.throws(() => new SqliteStore(file), StoreError);
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pointyard.db'),
      'this is not a database, just text long enough to be read as a header',
    );
    assert.throws(
      () => new SqliteStore(dir, {}, { acceptNewDatabase: true }),
      (err: unknown) => err instanceof StoreError && /damaged/.test((err as Error).message),
    );
  });

  test('a database from a newer Pointyard is refused', async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir);
    store.database.pragma('user_version = 99');
    await store.close();
    assert.throws(() => new SqliteStore(dir), /newer than this Pointyard knows/);
  });
});
