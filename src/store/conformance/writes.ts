// Conformance: priority arrays and their audit records, committed together, read back newest first through
// every filter, and pruned oldest first.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyPriorityArray, withLevel } from '../../core/priority-array.js';
import type { AuditRecord, Store } from '../store.js';
import { type EngineUnderTest, withSession } from './engine.js';
import { auditRecord } from './fixtures.js';

/** Records over 3 points of 2 devices and 2 users, committed out of time order, some sharing a time. */
const MIXED: AuditRecord[] = [
  auditRecord('a.sp', 30),
  auditRecord('a.run', 10, { who: 'bob', action: 'run', level: null, written: 'RESET' }),
  auditRecord('b.sp', 20, { who: 'bob' }),
  auditRecord('a.sp', 20, { durationMs: 1_800_000 }),
  auditRecord('login', 25, { who: 'mallory', action: 'login-failed', level: null, remote: '127.0.0.1:5' }),
  auditRecord('ab.sp', 40, { action: 'refused', note: 'out-of-range: 95 is outside 0…90' }),
];

/** MIXED as a query must return it: newest first by time, then the later committed first. */
const newestFirst = (keep: (r: AuditRecord) => boolean = () => true) =>
  MIXED.map((r, i) => ({ r, i }))
    .filter(({ r }) => keep(r))
    .sort((x, y) => y.r.ts - x.r.ts || y.i - x.i)
    .map(({ r }) => r);

export function writeConformance(engine: EngineUnderTest): void {
  describe('writes and audit', () => {
    test('priority arrays and their audit records commit together and read back, after a reopen too', async () => {
      await withSession(engine, async (session) => {
        const array = withLevel(withLevel(emptyPriorityArray(), 16, 21.5), 8, 'NORMAL', 1_700_000_000_000);
        const run = auditRecord('a.run', 2, { action: 'run', level: null, written: 'RESET' });
        await session.store.commitWrites([
          { key: 'a.sp', array, audit: auditRecord('a.sp', 1) },
          { key: 'a.run', array: null, audit: run },
        ]);
        const readBack = async (store: Store) => {
          assert.deepEqual(await store.loadPriorities(), new Map([['a.sp', array]]));
          assert.deepEqual(await store.queryAudit(), [run, auditRecord('a.sp', 1)]);
        };
        await readBack(session.store);
        await readBack(await session.reopen());
        const relinquished = emptyPriorityArray();
        await session.store.commitWrites([
          { key: 'a.sp', array: relinquished, audit: auditRecord('a.sp', 3, { action: 'relinquish' }) },
        ]);
        assert.deepEqual(await session.store.loadPriorities(), new Map([['a.sp', relinquished]]));
      });
    });

    test('optional fields come back as written: present when given, absent when not', async () => {
      await withSession(engine, async (session) => {
        await session.store.commitWrites(MIXED.map((audit) => ({ key: audit.key, array: null, audit })));
        assert.deepEqual(await (await session.reopen()).queryAudit(), newestFirst());
      });
    });

    test('audit filters: point, device, user, time range, limit, key left out; newest first', async () => {
      await withSession(engine, async ({ store }) => {
        await store.commitWrites(MIXED.map((audit) => ({ key: audit.key, array: null, audit })));
        assert.deepEqual(
          await store.queryAudit({ key: 'a.sp' }),
          newestFirst((r) => r.key === 'a.sp'),
        );
        assert.deepEqual(
          await store.queryAudit({ device: 'a' }),
          newestFirst((r) => r.key.startsWith('a.')),
          "a device's points only (not `ab`)",
        );
        assert.deepEqual(
          await store.queryAudit({ key: 'b.sp', device: 'a' }),
          newestFirst((r) => r.key === 'b.sp'),
          'the key wins over the device',
        );
        assert.deepEqual(
          await store.queryAudit({ who: 'bob' }),
          newestFirst((r) => r.who === 'bob'),
        );
        assert.deepEqual(
          await store.queryAudit({ from: 20, to: 30 }),
          newestFirst((r) => r.ts >= 20 && r.ts < 30),
          'from included, to excluded',
        );
        assert.deepEqual(await store.queryAudit({ limit: 2 }), newestFirst().slice(0, 2));
        assert.deepEqual(
          await store.queryAudit({ notKey: 'login' }),
          newestFirst((r) => r.key !== 'login'),
        );
        assert.deepEqual(
          await store.queryAudit({ device: 'a', who: 'alice', from: 0, to: 100, limit: 1 }),
          newestFirst((r) => r.key.startsWith('a.') && r.who === 'alice').slice(0, 1),
        );
        assert.deepEqual(await store.queryAudit({ who: 'nobody' }), []);
      });
    });

    test('the store keeps copies: changing a record given or read back changes nothing stored', async () => {
      await withSession(engine, async ({ store }) => {
        const audit = auditRecord('a.sp', 1);
        await store.commitWrites([{ key: 'a.sp', array: null, audit }]);
        audit.who = 'mallory';
        const [got] = await store.queryAudit();
        (got as AuditRecord).who = 'eve';
        assert.equal((await store.queryAudit())[0]?.who, 'alice');
      });
    });

    test('pruning deletes at most a batch of the oldest records before the cut, and they stay deleted', async () => {
      await withSession(engine, async (session) => {
        // Committed newest first: the oldest are the last committed.
        const records = Array.from({ length: 12 }, (_, i) => auditRecord('a.sp', 120 - i * 10));
        await session.store.commitWrites(records.map((audit) => ({ key: audit.key, array: null, audit })));
        assert.equal(await session.store.pruneAudit(60, 2), 2);
        assert.deepEqual(
          (await session.store.queryAudit()).map((r) => r.ts).slice(-3),
          [50, 40, 30],
          'the two oldest went first',
        );
        assert.equal(await session.store.pruneAudit(60, 100), 3);
        assert.equal(await session.store.pruneAudit(60, 100), 0);
        const left = await (await session.reopen()).queryAudit();
        assert.deepEqual(
          left.map((r) => r.ts),
          [120, 110, 100, 90, 80, 70, 60],
        );
      });
    });
  });
}
