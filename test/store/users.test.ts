// Users in SQLite: the roles its schema allows, and the migration of a version-1 database (made before users
// existed) that keeps everything it had. What every engine does with users is in the conformance suite.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { storedUser } from '../../src/store/conformance/fixtures.js';
import { migrate, STATE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { User } from '../../src/store/store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-users-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);

const user = storedUser;

describe('users in SQLite', () => {
  test('a role outside viewer/operator/admin is refused by the database', async () => {
    const store = new SqliteStore(freshDir());
    await assert.rejects(store.saveUser({ ...user('x'), role: 'root' as User['role'] }), /CHECK constraint/);
    await store.close();
  });

  test('a version-1 database is migrated (users since version 2) and keeps its data', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const v1 = new Database(join(dir, 'pointyard.db'));
    migrate(v1, STATE_MIGRATIONS.slice(0, 1), 'pointyard.db');
    v1.prepare('INSERT INTO counters (key, value) VALUES (?, ?)').run('pir-1.detection-count', 7);
    assert.equal(v1.pragma('user_version', { simple: true }), 1);
    const tables = () => v1.prepare("SELECT name FROM sqlite_master WHERE name = 'users'").all();
    assert.deepEqual(tables(), [], 'no users table before the migration');
    v1.close();

    // Only pointyard.db is made here: history.db is created beside it on purpose.
    const store = new SqliteStore(dir, {}, { acceptNewDatabase: true });
    assert.equal(store.database.pragma('user_version', { simple: true }), STATE_MIGRATIONS.at(-1)?.version);
    assert.deepEqual(await store.loadCounters(), new Map([['pir-1.detection-count', 7]]));
    assert.deepEqual(await store.listUsers(), []);
    await store.saveUser(user('admin', 'admin'));
    await store.close();
    const again = new SqliteStore(dir);
    assert.equal((await again.getUser('admin'))?.role, 'admin');
    await again.close();
  });
});
