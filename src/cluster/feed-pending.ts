// The changes a publisher has been given and not yet committed, coalesced: one entry per key and kind (a newer
// change replaces the older, which is then acknowledged when the newer one commits), each with the publish
// calls waiting for it. Bounded by the number of points, whatever the rate of changes.

import type { FeedChange } from './feed-change.js';
import type { Fence } from './feed-fence.js';

/** One publish call: settled once, when all its entries committed or the first of them failed. */
interface Waiter {
  remaining: number;
  settled: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface PendingEntry {
  change: FeedChange;
  fence: Fence | undefined;
  waiters: Set<Waiter>;
}

const idOf = (c: FeedChange) => `${c.kind}\u0000${c.key}`;

export class PendingChanges {
  private readonly entries = new Map<string, PendingEntry>();

  /** Changes not yet taken for a commit. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds `changes` (the newest per key and kind wins); resolves when every one of them (or a newer one) committed. */
  add(changes: readonly FeedChange[], fence: Fence | undefined): Promise<void> {
    const newest = new Map<string, FeedChange>();
    for (const change of changes) newest.set(idOf(change), change);
    if (newest.size === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { remaining: newest.size, settled: false, resolve, reject };
      for (const [id, change] of newest) {
        const entry: PendingEntry = { change, fence, waiters: new Set([waiter]) };
        const older = this.entries.get(id);
        if (older !== undefined) {
          for (const w of older.waiters) entry.waiters.add(w);
          this.entries.delete(id);
        }
        this.entries.set(id, entry);
      }
    });
  }

  /** Removes and returns at most `max` entries, oldest first. */
  take(max: number): PendingEntry[] {
    const taken: PendingEntry[] = [];
    for (const [id, entry] of this.entries) {
      if (taken.length >= max) break;
      taken.push(entry);
      this.entries.delete(id);
    }
    return taken;
  }

  /** `entries` committed: their waiters are one step nearer to done. */
  committed(entries: readonly PendingEntry[]): void {
    for (const entry of entries)
      for (const w of entry.waiters) {
        if (w.settled || --w.remaining > 0) continue;
        w.settled = true;
        w.resolve();
      }
  }

  /** `entries` failed with `err`: their waiters reject; when `keep`, each goes back (unless a newer one came). */
  failed(entries: readonly PendingEntry[], err: unknown, keep: boolean): void {
    for (const entry of entries) {
      for (const w of entry.waiters) {
        if (w.settled) continue;
        w.settled = true;
        w.reject(err);
      }
      const id = idOf(entry.change);
      if (keep && !this.entries.has(id))
        this.entries.set(id, { change: entry.change, fence: entry.fence, waiters: new Set() });
    }
  }

  /** `entries` go back untouched, waiters and all (into a newer entry of the same point when one came). */
  requeue(entries: readonly PendingEntry[]): void {
    for (const entry of entries) {
      const newer = this.entries.get(idOf(entry.change));
      if (newer === undefined) this.entries.set(idOf(entry.change), entry);
      else for (const w of entry.waiters) newer.waiters.add(w);
    }
  }

  /** Rejects every waiter with `err` and forgets every entry. */
  clear(err: unknown): void {
    this.failed([...this.entries.values()], err, false);
    this.entries.clear();
  }
}
