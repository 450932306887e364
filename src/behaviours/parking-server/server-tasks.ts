// The commands that do real work: each momentary action becomes an effect the runtime carries out (an
// online backup, a report file, a notification, a resynchronisation); each result comes back as an event,
// and a backup's result sets Backup Status and Last Backup Time.

import type { BehaviourEvent, Effect, EffectResult } from '../behaviour.js';

export type BackupWord = 'OK' | 'IN_PROGRESS' | 'FAILED';

export interface TaskState {
  backup: BackupWord;
  /** Last successful backup, epoch ms; 0 for never. */
  lastBackupAt: number;
  lastBackupText: string;
}

/** What an action needs to know about the server at the step it runs. */
export interface TaskContext {
  now: number;
  /** The database answers (Database Status CONNECTED). */
  databaseUp: boolean;
  /** The `backup-failure` fault is in force. */
  backupBroken: boolean;
  deviceName: string;
  /** Today's figures for the report, with its local date. */
  report: Record<string, unknown> & { date: string };
}

export function restoreTasks(saved: Record<string, number>): TaskState {
  const at = saved.lastBackupAt ?? 0;
  return {
    backup: saved.backupFailed === 1 ? 'FAILED' : 'OK',
    lastBackupAt: at,
    lastBackupText: new Date(at).toISOString(),
  };
}

export function runAction(
  id: string,
  t: TaskState,
  c: TaskContext,
  effects: Effect[],
  events: BehaviourEvent[],
): void {
  switch (id) {
    case 'database-backup':
      if (t.backup === 'IN_PROGRESS') {
        events.push({ kind: 'backup', point: id, message: 'Database backup already in progress' });
      } else if (!c.databaseUp || c.backupBroken) {
        t.backup = 'FAILED';
        const why = c.databaseUp ? 'backup storage unavailable' : 'database not connected';
        events.push({ kind: 'backup-failed', point: id, message: `Database backup failed: ${why}` });
      } else {
        t.backup = 'IN_PROGRESS';
        effects.push({ kind: 'backup' });
        events.push({ kind: 'backup-started', point: id, message: 'Database backup started' });
      }
      return;
    case 'report-generation':
      if (!c.databaseUp) {
        const message = `Report for ${c.report.date} not generated: database not connected`;
        events.push({ kind: 'report-failed', point: id, message });
      } else {
        effects.push({ kind: 'report', data: c.report });
      }
      return;
    case 'notification-send':
      effects.push({
        kind: 'notify',
        data: { message: `Test notification from ${c.deviceName} at ${new Date(c.now).toISOString()}` },
      });
      return;
    case 'integration-sync':
      effects.push({ kind: 'sync' });
      return;
  }
}

const EVENT_OF: Record<string, [ok: string, failed: string, what: string]> = {
  backup: ['backup', 'backup-failed', 'Database backup'],
  report: ['report', 'report-failed', 'Report'],
  notify: ['notification', 'notification-failed', 'Notification'],
  sync: ['sync', 'sync-failed', 'Integration sync'],
};

const POINT_OF: Record<string, string> = {
  backup: 'database-backup',
  report: 'report-generation',
  notify: 'notification-send',
  sync: 'integration-sync',
};

export function takeResult(r: EffectResult, t: TaskState, events: BehaviourEvent[]): void {
  const [ok, failed, what] = EVENT_OF[r.kind] ?? ['effect', 'effect-failed', r.kind];
  if (r.kind === 'backup') {
    t.backup = r.ok ? 'OK' : 'FAILED';
    if (r.ok) {
      t.lastBackupAt = r.at;
      t.lastBackupText = new Date(r.at).toISOString();
    }
  }
  events.push({
    kind: r.ok ? ok : failed,
    point: POINT_OF[r.kind] ?? null,
    message: `${what} ${r.ok ? 'done' : 'failed'}: ${r.message}`,
    ...(r.data ? { data: r.data } : {}),
  });
}
