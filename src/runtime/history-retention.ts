// History retention: whole chunks of samples older than `store.historyRetentionDays`, then roll-up hours
// older than `store.rollupRetentionDays`, are deleted a small batch at a time, the event loop running between
// batches, as the audit's retention does (audit-retention.ts): a flush waits at most for one batch. Both keep
// everything when the site file does not say. Nodes of a cluster sharing a database may all run it: a batch
// deletes rows past retention only, whoever deletes them first, and skips rows another node holds.

import type { HistoryStore } from '../store/store.js';
import type { PruneLimits } from './audit-retention.js';

const DAY_MS = 86_400_000;

export interface HistoryRetention {
  /** Days raw samples are kept (absent: forever). */
  historyRetentionDays?: number;
  /** Days the 1-minute and 1-hour roll-ups are kept (absent: forever); at least the samples' days. */
  rollupRetentionDays?: number;
}

/** Deletes what is past retention before `now`; how many chunks and roll-up hours it deleted. */
export async function pruneHistory(
  history: HistoryStore,
  now: number,
  retention: HistoryRetention,
  limits: PruneLimits = {},
): Promise<{ chunks: number; rollupHours: number }> {
  const batch = limits.batch ?? 1000;
  const maxBatches = limits.maxBatches ?? 50;
  const active = () => limits.active?.() ?? true;
  const rounds = async (
    days: number | undefined,
    prune: (before: number, max: number) => Promise<number>,
  ) => {
    if (days === undefined) return 0;
    const before = now - days * DAY_MS;
    let deleted = 0;
    for (let i = 0; i < maxBatches && active(); i++) {
      const n = await prune(before, batch);
      deleted += n;
      if (n < batch) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return deleted;
  };
  const chunks = await rounds(retention.historyRetentionDays, (b, m) => history.pruneSamples(b, m));
  const rollupHours = await rounds(retention.rollupRetentionDays, (b, m) => history.pruneRollups(b, m));
  return { chunks, rollupHours };
}
