// Alarm reports' retention: received reports and delivery records older than the site's retention are
// deleted a small batch at a time, as the audit's are (audit-retention.ts). Reports still waiting in a
// transmitter's queue are never deleted, whatever their age.

import type { AlarmReportsHolder } from '../store/store.js';
import type { PruneLimits } from './audit-retention.js';

/** How long alarm reports are kept when the site file does not say (`store.alarmReportRetentionDays`). */
export const DEFAULT_ALARM_REPORT_RETENTION_DAYS = 365;

const DAY_MS = 86_400_000;

/** Deletes the received reports and delivery records older than `retentionDays` before `now`; returns how many. */
export async function pruneAlarmReports(
  store: AlarmReportsHolder,
  now: number,
  retentionDays: number,
  limits: PruneLimits = {},
): Promise<number> {
  const batch = limits.batch ?? 1000;
  const cut = { before: now - retentionDays * DAY_MS };
  let deleted = 0;
  for (const prune of [
    (max: number) => store.alarmReports.pruneReceived(cut, max),
    (max: number) => store.alarmReports.pruneDelivered(cut, max),
  ]) {
    for (let i = 0; i < (limits.maxBatches ?? 50) && (limits.active?.() ?? true); i++) {
      const n = await prune(batch);
      deleted += n;
      if (n < batch) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return deleted;
}
