// The data folder at start-up: a database missing or emptied beside existing data, or damaged inside, is
// refused with what to do and nothing changed; everything in the folder is owner-only.
import assert from 'node:assert/strict';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { storedUser } from '../../src/store/conformance/fixtures.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { AuditRecord } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-folder-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);

const audit = (i: number): AuditRecord => ({
  ts: i,
  who: 'alice',
  via: 'test',
  remote: null,
  key: `device-${i % 50}.setpoint`,
  level: 16,
  action: 'write',
  written: i,
  before: null,
  after: i,
});

/** A data folder in use: audit rows, a user, history of 40 series over many chunks; closed (checkpointed). */
async function folderWithData(): Promise<string> {
  const dir = freshDir();
  const store = new SqliteStore(dir, { chunkSamples: 64 });
  for (let i = 0; i < 20; i++)
    await store.commitWrites(
      Array.from({ length: 100 }, (_, j) => ({ key: 'k', array: null, audit: audit(i * 100 + j) })),
    );
  await store.saveUser(storedUser('admin', 'admin'));
  for (let t = 0; t < 2000; t++)
    for (let s = 0; s < 40; s++) store.history.append(`dev-${s}.power`, t * 1000, Math.sin(t + s));
  await store.close();
  return dir;
}

/** Overwrites 4 KB in the middle of `file` with junk, as a bad sector or a stray write would. */
function garbage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
  writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
}

const refusedWith = (pattern: RegExp) => (err: unknown) =>
  err instanceof StoreError && pattern.test(err.message);

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('start-up checks of the data folder', () => {
  test('an empty pointyard.db beside a full history.db is refused, changes nothing, and opens when told to', async () => {
    const dir = await folderWithData();
    truncateSync(join(dir, 'pointyard.db'), 0);
    const historyBefore = readFileSync(join(dir, 'history.db'));
    assert.throws(
      () => new SqliteStore(dir),
      refusedWith(
        /pointyard\.db is empty \(0 bytes\) while history\.db holds data.*Restore both databases from the latest backup.*--accept-new-database/,
      ),
    );
    assert.equal(statSync(join(dir, 'pointyard.db')).size, 0, 'pointyard.db was left as it was');
    assert.deepEqual(readFileSync(join(dir, 'history.db')), historyBefore, 'history.db was left as it was');
    const store = new SqliteStore(dir, {}, { acceptNewDatabase: true });
    assert.deepEqual(await store.listUsers(), [], 'told to: a new state database');
    assert.equal((await store.history.read('dev-3.power', 0, Number.MAX_SAFE_INTEGER)).length, 2000);
    await store.close();
  });

  test('a missing history.db beside a full pointyard.db, or both gone beside backups, is refused', async () => {
    const dir = await folderWithData();
    rmSync(join(dir, 'history.db'));
    assert.throws(
      () => new SqliteStore(dir),
      refusedWith(/history\.db is missing while pointyard\.db holds data/),
    );
    assert.ok(!existsSync(join(dir, 'history.db')), 'no history.db was created');

    const emptied = freshDir();
    mkdirSync(join(emptied, 'backups', '2026-01-05T10-30-00Z'), { recursive: true });
    writeFileSync(join(emptied, 'backups', '2026-01-05T10-30-00Z', 'pointyard.db'), 'x');
    assert.throws(
      () => new SqliteStore(emptied),
      refusedWith(/missing or empty while backups\/ holds backups/),
    );
    assert.ok(!existsSync(join(emptied, 'pointyard.db')), 'no database was created');
  });

  test('a new folder, or one with both databases, opens without a word', async () => {
    const dir = freshDir();
    await new SqliteStore(dir).close();
    await new SqliteStore(dir).close();
  });

  for (const file of ['pointyard.db', 'history.db']) {
    test(`4 KB of garbage inside ${file} is refused by the quick check; a full check refuses it too; off opens`, async () => {
      const dir = await folderWithData();
      garbage(join(dir, file));
      const damaged = new RegExp(
        `${file.replace('.', '\\.')} in .* is damaged \\(quick check: .*restore .*backups/.*--check full`,
      );
      assert.throws(() => new SqliteStore(dir), refusedWith(damaged));
      assert.throws(
        () => new SqliteStore(dir, {}, { check: 'full' }),
        refusedWith(new RegExp(`${file.replace('.', '\\.')} in .* is damaged \\(full check: `)),
      );
      const unchecked = new SqliteStore(dir, {}, { check: 'off' });
      await unchecked.close().catch(() => {});
    });
  }
});

describe('file modes of the data folder', () => {
  test('a new folder is 0700 and its databases, their logs and backups 0600', async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir);
    await store.saveUser(storedUser('admin', 'admin'));
    assert.equal(modeOf(dir), 0o700);
    for (const file of [
      'pointyard.db',
      'pointyard.db-wal',
      'pointyard.db-shm',
      'history.db',
      'history.db-wal',
    ])
      assert.equal(modeOf(join(dir, file)), 0o600, file);
    const files = await store.backup(join(dir, 'backups', 'now'));
    assert.equal(modeOf(join(dir, 'backups')), 0o700);
    assert.equal(modeOf(join(dir, 'backups', 'now')), 0o700);
    for (const file of files) assert.equal(modeOf(file), 0o600, file);
    await store.close();
  });

  test('an existing folder readable by others is made owner-only, each change told', async () => {
    const dir = freshDir();
    const store = new SqliteStore(dir);
    await store.backup(join(dir, 'backups', 'then'));
    await store.close();
    for (const path of [dir, join(dir, 'backups'), join(dir, 'backups', 'then')]) chmodSync(path, 0o755);
    for (const file of ['pointyard.db', 'history.db', 'backups/then/pointyard.db'])
      chmodSync(join(dir, file), 0o644);
    const told: string[] = [];
    const again = new SqliteStore(
      dir,
      {},
      { onTightened: (path, from, to) => told.push(`${path} ${from.toString(8)}→${to.toString(8)}`) },
    );
    await again.close();
    assert.deepEqual(told.sort(), [
      `${dir} 755→700`,
      `${join(dir, 'backups')} 755→700`,
      `${join(dir, 'backups', 'then')} 755→700`,
      `${join(dir, 'backups', 'then', 'pointyard.db')} 644→600`,
      `${join(dir, 'history.db')} 644→600`,
      `${join(dir, 'pointyard.db')} 644→600`,
    ]);
    assert.equal(modeOf(dir), 0o700);
    assert.equal(modeOf(join(dir, 'pointyard.db')), 0o600);
  });
});
