import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BehaviourEvent, Effect } from '../behaviour.js';
import { restoreTasks, runAction, type TaskContext, takeResult } from './server-tasks.js';

const ctx = (over: Partial<TaskContext> = {}): TaskContext => ({
  now: Date.UTC(2026, 0, 5, 12),
  databaseUp: true,
  backupBroken: false,
  deviceName: 'Parking Server',
  report: { date: '2026-01-05', revenue: 12.5 },
  ...over,
});

test('backup: IN_PROGRESS with an effect, then OK with its time, or FAILED', () => {
  const t = restoreTasks({});
  assert.equal(t.backup, 'OK');
  assert.equal(t.lastBackupText, '1970-01-01T00:00:00.000Z');
  const effects: Effect[] = [];
  const events: BehaviourEvent[] = [];
  runAction('database-backup', t, ctx(), effects, events);
  assert.equal(t.backup, 'IN_PROGRESS');
  assert.deepEqual(effects, [{ kind: 'backup' }]);
  runAction('database-backup', t, ctx(), effects, events);
  assert.equal(effects.length, 1, 'one backup at a time');
  const at = Date.UTC(2026, 0, 5, 12, 1);
  takeResult({ kind: 'backup', ok: true, at, message: 'data/backup-1' }, t, events);
  assert.equal(t.backup, 'OK');
  assert.equal(t.lastBackupText, '2026-01-05T12:01:00.000Z');
  assert.equal(events.at(-1)?.message, 'Database backup done: data/backup-1');
  runAction('database-backup', t, ctx(), effects, events);
  takeResult({ kind: 'backup', ok: false, at: at + 1, message: 'disk full' }, t, events);
  assert.equal(t.backup, 'FAILED');
  assert.equal(t.lastBackupAt, at, 'a failed backup keeps the last good time');
  assert.equal(events.at(-1)?.kind, 'backup-failed');
});

test('backup and report fail at once while the database is down', () => {
  const t = restoreTasks({ lastBackupAt: 5, backupFailed: 0 });
  const effects: Effect[] = [];
  const events: BehaviourEvent[] = [];
  runAction('database-backup', t, ctx({ databaseUp: false }), effects, events);
  runAction('report-generation', t, ctx({ databaseUp: false }), effects, events);
  assert.equal(t.backup, 'FAILED');
  assert.deepEqual(effects, []);
  assert.deepEqual(
    events.map((e) => e.kind),
    ['backup-failed', 'report-failed'],
  );
});

test('report, notification and sync become effects; their results become events', () => {
  const t = restoreTasks({});
  const effects: Effect[] = [];
  const events: BehaviourEvent[] = [];
  for (const id of ['report-generation', 'notification-send', 'integration-sync'])
    runAction(id, t, ctx(), effects, events);
  assert.deepEqual(effects, [
    { kind: 'report', data: { date: '2026-01-05', revenue: 12.5 } },
    {
      kind: 'notify',
      data: { message: 'Test notification from Parking Server at 2026-01-05T12:00:00.000Z' },
    },
    { kind: 'sync' },
  ]);
  takeResult({ kind: 'report', ok: true, at: 1, message: 'reports/2026-01-05.json' }, t, events);
  takeResult({ kind: 'notify', ok: false, at: 1, message: 'webhook: 500' }, t, events);
  takeResult({ kind: 'sync', ok: true, at: 1, message: '246 points republished' }, t, events);
  assert.deepEqual(
    events.map((e) => [e.kind, e.message]),
    [
      ['report', 'Report done: reports/2026-01-05.json'],
      ['notification-failed', 'Notification failed: webhook: 500'],
      ['sync', 'Integration sync done: 246 points republished'],
    ],
  );
});
