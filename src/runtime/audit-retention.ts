// Audit retention: records older than the site's retention are deleted a small batch at a time, the event
// loop running between batches, so that neither writes nor reads wait long behind a big delete.

import type { WriteStore } from '../store/store.js';

/** How long audit records are kept when the site file does not say (`store.auditRetentionDays`). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

const DAY_MS = 86_400_000;

export interface PruneLimits {
  /** Records deleted by one synced transaction (default 1,000). */
  batch?: number;
  /** Batches in one round at most; the next round goes on (default 50). */
  maxBatches?: number;
  /** Checked before each batch: a round ends when it turns false (the site stopping). */
  active?: () => boolean;
}

/** Deletes the audit records older than `retentionDays` before `now`; returns how many it deleted. */
export async function pruneAudit(
  store: WriteStore,
  now: number,
  retentionDays: number,
  limits: PruneLimits = {},
): Promise<number> {
  const batch = limits.batch ?? 1000;
  const before = now - retentionDays * DAY_MS;
  let deleted = 0;
  for (let i = 0; i < (limits.maxBatches ?? 50) && (limits.active?.() ?? true); i++) {
    const n = await store.pruneAudit(before, batch);
    deleted += n;
    if (n < batch) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return deleted;
}
