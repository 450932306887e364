// Audit records' duration (a timed override) and note (a refusal's reason, an alarm acknowledged) in SQLite: a
// version-3 database keeps its records when it gains them. Their round trip is in the conformance suite.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { migrate, STATE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { AuditRecord } from '../../src/store/store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-audit-notes-'));
after(() => rmSync(root, { recursive: true, force: true }));

const record = (ts: number, more: Partial<AuditRecord> = {}): AuditRecord => ({
  ts,
  who: 'olivia',
  via: 'haystack',
  remote: '127.0.0.1:50000',
  key: 'dhw-tank.temperature-setpoint',
  level: 8,
  action: 'write',
  written: 62,
  before: 60,
  after: 62,
  ...more,
});

test('a version-3 database gains the columns and keeps its audit records', async () => {
  const dir = join(root, 'v3');
  mkdirSync(dir, { recursive: true });
  const v3 = new Database(join(dir, 'pointyard.db'));
  migrate(v3, STATE_MIGRATIONS.slice(0, 3), 'pointyard.db');
  v3.prepare(
    `INSERT INTO audit (ts, who, via, remote, key, level, action, written, before, after)
     VALUES (1, 'admin', 'cli', NULL, 'dhw-tank.temperature-setpoint', 16, 'write', '55', '60', '55')`,
  ).run();
  v3.close();
  const store = new SqliteStore(dir, {}, { acceptNewDatabase: true });
  assert.equal(store.database.pragma('user_version', { simple: true }), STATE_MIGRATIONS.at(-1)?.version);
  const [old] = await store.queryAudit();
  assert.deepEqual(old, {
    ...record(1),
    who: 'admin',
    via: 'cli',
    remote: null,
    level: 16,
    written: 55,
    after: 55,
  });
  await store.commitWrites([{ key: 'k', array: null, audit: record(2, { note: 'new' }) }]);
  assert.equal((await store.queryAudit())[0]?.note, 'new');
  await store.close();
});
