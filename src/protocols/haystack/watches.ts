// Haystack watches: a client subscribes to points and polls for what changed since its last poll. Each
// watch has a lease; one not polled within its lease is closed. Changes come from the point store, each watch
// filtering them with its own change-of-value increments, and from the write path (writeVal, writeLevel).
// Bounded per user and in all: a user at their bound loses their own least recently polled watch, and when the
// whole table is full the user holding the most watches gives one up; no user can make another's watchSub fail.

import { randomBytes } from 'node:crypto';
import {
  type ChangeSubscription,
  CovFilter,
  type PointChange,
  type PointsService,
} from '../../runtime/services/services.js';
import { getOrCreate } from '../../util/maps.js';

export interface Watch {
  id: string;
  /** The user who opened it. */
  owner: string;
  dis: string;
  leaseMs: number;
  lastSeen: number;
  /** Record ids watched, in subscription order. */
  ids: Set<string>;
  /** Watched record ids changed since the last poll. */
  changed: Set<string>;
  /** This watch's own change-of-value filter: what it last reported of each record. */
  cov: CovFilter<string>;
}

/** Longest lease a client may ask for, and the one it gets when it asks for none. */
export const MAX_LEASE_MS = 60 * 60_000;
export const DEFAULT_LEASE_MS = 5 * 60_000;

export interface WatchLimits {
  /** Most watches one user keeps open. */
  perUser: number;
  /** Most watches open, all users together. */
  total: number;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = { perUser: 100, total: 10_000 };

/** A lease of `asked` ms, at most MAX_LEASE_MS; `fallback` when none or not positive (NaN never ends). */
const leaseFor = (asked: number | null, fallback: number) =>
  asked !== null && asked > 0 ? Math.min(asked, MAX_LEASE_MS) : fallback;

export class Watches {
  private readonly watches = new Map<string, Watch>();
  /** Watches by watched record id, for the change feed. */
  private readonly byRecord = new Map<string, Set<Watch>>();
  /** Each user's open watches. */
  private readonly byOwner = new Map<string, Set<Watch>>();
  private readonly feed: ChangeSubscription;

  constructor(
    points: Pick<PointsService, 'subscribe'>,
    /** Record id of a point store index. */
    recordOf: (index: number) => string,
    /** Wall-clock epoch ms, not the site's clock (leases are a client's liveness); tests pass a fake one. */
    private readonly now: () => number = Date.now,
    private readonly limits: WatchLimits = DEFAULT_WATCH_LIMITS,
  ) {
    // Value and status changes, and writeVal and writeLevel (which change without the value when the same
    // value is written at another level).
    // Every change comes unfiltered: each watch filters with its own increments.
    this.feed = points.subscribe((index, change) => this.changed(recordOf(index), change), {
      increment: null,
    });
  }

  /** Marks `recordId` changed in every watch of it that passes the change. */
  private changed(recordId: string, change: PointChange | null): void {
    const watchers = this.byRecord.get(recordId);
    if (!watchers) return;
    for (const w of watchers) {
      const passes =
        !change ||
        w.cov.passes(
          recordId,
          change.entry.point,
          change.previous,
          change.previousStatus,
          change.value,
          change.status,
        );
      if (passes) w.changed.add(recordId);
    }
  }

  /** Opens a watch for `owner` (or, with `id`, finds an open one); null when `id` names none. */
  open(id: string | null, dis: string, leaseMs: number | null, owner: string): Watch | null {
    this.expire();
    if (id !== null) {
      const found = this.watches.get(id) ?? null;
      if (found) {
        found.lastSeen = this.now();
        found.leaseMs = leaseFor(leaseMs, found.leaseMs);
      }
      return found;
    }
    const own = this.byOwner.get(owner);
    while (own && own.size >= this.limits.perUser && this.closeOldest(own)) {}
    while (this.watches.size >= this.limits.total && this.closeOldest(this.largestHolder())) {}
    const watch: Watch = {
      id: `w-${randomBytes(8).toString('hex')}`,
      owner,
      dis,
      leaseMs: leaseFor(leaseMs, DEFAULT_LEASE_MS),
      lastSeen: this.now(),
      ids: new Set(),
      changed: new Set(),
      cov: new CovFilter(),
    };
    this.watches.set(watch.id, watch);
    getOrCreate(this.byOwner, owner, () => new Set<Watch>()).add(watch);
    return watch;
  }

  add(watch: Watch, ids: string[]): void {
    for (const id of ids) {
      watch.ids.add(id);
      watch.cov.forget(id);
      getOrCreate(this.byRecord, id, () => new Set<Watch>()).add(watch);
    }
  }

  remove(watch: Watch, ids: string[]): void {
    for (const id of ids) {
      watch.ids.delete(id);
      watch.changed.delete(id);
      this.byRecord.get(id)?.delete(watch);
    }
  }

  close(id: string): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    this.remove(watch, [...watch.ids]);
    this.watches.delete(id);
    const own = this.byOwner.get(watch.owner);
    own?.delete(watch);
    if (own?.size === 0) this.byOwner.delete(watch.owner);
  }

  /** Watches `owner` has open now. */
  countOf(owner: string): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }

  /** Closes the least recently polled watch of `own`; false when it has none. */
  private closeOldest(own: Set<Watch> | undefined): boolean {
    let oldest: Watch | undefined;
    for (const w of own ?? []) if (!oldest || w.lastSeen < oldest.lastSeen) oldest = w;
    if (!oldest) return false;
    this.close(oldest.id);
    return true;
  }

  /** The watches of the user who holds the most (the only ones a full table takes from). */
  private largestHolder(): Set<Watch> | undefined {
    let largest: Set<Watch> | undefined;
    for (const own of this.byOwner.values()) if (!largest || own.size > largest.size) largest = own;
    return largest;
  }

  /** The watch for a poll (renewing its lease), or null when it is closed or expired. */
  poll(id: string): Watch | null {
    this.expire();
    const watch = this.watches.get(id) ?? null;
    if (watch) watch.lastSeen = this.now();
    return watch;
  }

  /** Closes watches whose lease ran out. */
  expire(): void {
    const now = this.now();
    for (const watch of [...this.watches.values()])
      if (now - watch.lastSeen > watch.leaseMs) this.close(watch.id);
  }

  stop(): void {
    this.feed.close();
  }
}
