// The SQLite audit at scale: every filter is served by an index that also gives the newest-first order,
// a large read gives the event loop a turn between pages, and pages never lose or repeat a record. Pruning,
// and the filters on every engine, are in the conformance suite.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { auditRecord } from '../../src/store/conformance/fixtures.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { AuditFilter, AuditRecord } from '../../src/store/store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-audit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshStore = () => new SqliteStore(join(root, `data-${++n}`));

const record = (key: string, ts: number, who = 'alice'): AuditRecord => auditRecord(key, ts, { who });

/** `count` records over 3 points of 2 devices and 2 users, `perTime` sharing each time. */
async function fill(store: SqliteStore, count: number, perTime = 3): Promise<AuditRecord[]> {
  const keys = ['a.sp', 'a.run', 'b.sp'];
  const all = Array.from({ length: count }, (_, i) =>
    record(keys[i % 3] as string, 1000 + Math.floor(i / perTime), i % 2 === 0 ? 'alice' : 'bob'),
  );
  for (let i = 0; i < all.length; i += 500)
    await store.commitWrites(all.slice(i, i + 500).map((audit) => ({ key: audit.key, array: null, audit })));
  return all;
}

/** The query plans of the SQL the store runs for `filter` (captured from the real query). */
async function plansOf(store: SqliteStore, filter: AuditFilter): Promise<string[]> {
  const db = store.database;
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    if (/FROM audit/.test(sql)) seen.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  try {
    await store.queryAudit(filter);
  } finally {
    db.prepare = prepare;
  }
  const params = { key: 'a.sp', who: 'bob', from: 0, to: 1e15, limit: 10, afterTs: 0, afterId: 0 };
  return seen.map((sql) => {
    const used = Object.fromEntries(Object.entries(params).filter(([name]) => sql.includes(`@${name}`)));
    const withDevice = sql.includes('@keyFrom') ? { ...used, keyFrom: 'a.', keyTo: 'a/' } : used;
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(withDevice) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
  });
}

describe('SQLite audit', () => {
  test('each filter uses an index that gives the order: no table scan, no sort', async () => {
    const store = freshStore();
    await fill(store, 50);
    const filters: AuditFilter[] = [
      { limit: 10 },
      { key: 'a.sp', limit: 10 },
      { who: 'bob', limit: 10 },
      { from: 0, to: 1e15, limit: 10 },
      { key: 'a.sp', from: 0, limit: 10 },
      { who: 'bob', to: 1e15, limit: 10 },
      { key: 'a.sp', who: 'bob', limit: 10 },
    ];
    for (const filter of filters) {
      const plans = await plansOf(store, filter);
      assert.ok(plans.length > 0, `a query ran for ${JSON.stringify(filter)}`);
      for (const plan of plans) {
        assert.doesNotMatch(plan, /TEMP B-TREE/, `${JSON.stringify(filter)}: ${plan}`);
        assert.match(plan, /USING (COVERING )?INDEX/, `${JSON.stringify(filter)}: ${plan}`);
        if (filter.key || filter.who) assert.match(plan, /SEARCH/, `${JSON.stringify(filter)}: ${plan}`);
        if (filter.key) assert.match(plan, /INDEX audit_key/, `${JSON.stringify(filter)}: ${plan}`);
      }
    }
    await store.close();
  });

  test('a large read lets the event loop run between pages', async () => {
    const store = freshStore();
    await fill(store, 3000);
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const rows = await store.queryAudit({ limit: 3000 });
    assert.equal(rows.length, 3000);
    assert.ok(turned, 'a callback queued before the read ran before the read answered');
    await store.close();
  });

  test('pages across equal times return each record once, newest first, with every filter', async () => {
    const store = freshStore();
    const all = await fill(store, 2600); // 3 a time: page boundaries (every 1,000) fall inside a time
    // Newest first: by time, then by order of commit (the later committed first).
    const expected = (keep: (r: AuditRecord) => boolean) =>
      all
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => keep(r))
        .sort((x, y) => y.r.ts - x.r.ts || y.i - x.i)
        .map(({ r }) => r);
    assert.deepEqual(
      await store.queryAudit(),
      expected(() => true),
    );
    assert.deepEqual(
      await store.queryAudit({ key: 'a.sp', limit: 1500 }),
      expected((r) => r.key === 'a.sp').slice(0, 1500),
    );
    assert.deepEqual(
      await store.queryAudit({ device: 'a' }),
      expected((r) => r.key.startsWith('a.')),
    );
    assert.deepEqual(
      await store.queryAudit({ who: 'bob', from: 1100, to: 1500 }),
      expected((r) => r.who === 'bob' && r.ts >= 1100 && r.ts < 1500),
    );
    await store.close();
  });
});
