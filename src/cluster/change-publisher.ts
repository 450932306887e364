// The owner's side of the change feed: publishes its points' changes to PostgreSQL, each batch in one
// transaction — the caller's fence first (the lease check), then every change appended to `point_changes`
// and the values upserted into `point_values` in one statement, and a notification of the newest seq.
//
// Group commit: changes published while a batch is committing are coalesced (the newest per key and kind) and
// go out together in the next one. A publish resolves only once its changes (or newer ones for the same
// points) committed. When the database refuses, the calls of that batch reject with the StoreError and the
// changes are kept (newest wins) and retried with a bounded backoff; a fence's refusal drops what it guarded.
//
// Commit order is seq order: publishers take one advisory lock before inserting, held to the commit, so that a
// follower that sees a seq committed has every lower seq committed too (or rolled back for good).

import type pg from 'pg';
import type { Logger } from '../core/logger.js';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { FEED_CHANNEL, FEED_COMMIT_LOCK } from '../store/postgres/pg-feed-wire.js';
import { StoreError } from '../store/store-error.js';
import { Backoff } from './feed-backoff.js';
import { type FeedChange, invalidChange } from './feed-change.js';
import { type Fence, fromDatabase, type LeaseFence, type LeaseRefusals } from './feed-fence.js';
import { PendingChanges, type PendingEntry } from './feed-pending.js';
import { migrateFeed } from './feed-schema.js';

export type { Fence, LeaseFence } from './feed-fence.js';

export interface ChangePublisherOptions {
  /** This node's name, recorded with each change. */
  node: string;
  /** Changes per transaction at most (default 20,000); more wait for the next one. */
  maxBatch?: number;
  /** First delay before retrying kept changes after a failure, ms (default 100). */
  retryMs?: number;
  /** Longest delay between retries, ms (default 5000). */
  maxRetryMs?: number;
  logger?: Logger;
  /** Checks the lease fences of a batch (needed when a publish has a lease fence). */
  leaseRefusals?: LeaseRefusals;
}

/** Appends the batch to the changes, upserts the values, notifies; the newest seq. One statement. */
const PUBLISH_SQL = `
  WITH added AS (
    INSERT INTO point_changes (key, value, status, ts, node, kind)
    SELECT b.key, b.value, b.status, b.ts, $6, b.kind
    FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::float8[], $5::text[])
      WITH ORDINALITY AS b(key, value, status, ts, kind, n)
    ORDER BY b.n
    RETURNING seq, key, value, status, ts, kind),
  upserted AS (
    INSERT INTO point_values (key, value, status, ts, seq)
    SELECT key, value, status, ts, seq FROM added WHERE kind = 'value'
    ON CONFLICT (key) DO UPDATE
      SET value = excluded.value, status = excluded.status, ts = excluded.ts, seq = excluded.seq
    RETURNING 1)
  SELECT m.seq, pg_notify('${FEED_CHANNEL}', m.seq::text) FROM (SELECT max(seq) AS seq FROM added) m`;

const isLeaseFence = (fence: Fence): fence is LeaseFence => typeof fence !== 'function';

export class ChangePublisher {
  private readonly pending = new PendingChanges();
  private readonly backoff: Backoff;
  private readonly maxBatch: number;
  private draining: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastSeq = 0;

  private constructor(
    private readonly db: PgDatabase,
    private readonly options: ChangePublisherOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 20_000;
    this.backoff = new Backoff(options.retryMs ?? 100, options.maxRetryMs ?? 5000);
  }

  /** A publisher on `db` (its feed tables made or brought up to date first). */
  static async open(db: PgDatabase, options: ChangePublisherOptions): Promise<ChangePublisher> {
    await migrateFeed(db);
    return new ChangePublisher(db, options);
  }

  /**
   * Publishes `changes`, with `fence` run first in the transaction; resolves once they (or newer changes of
   * the same points) committed; rejects with the StoreError of a refused commit (the changes are then kept and
   * retried) or with the fence's error (its changes are dropped); a call with a change that is not valid (no
   * key, a number that is not finite…) rejects with a TypeError and queues nothing.
   */
  publish(changes: readonly FeedChange[], fence?: Fence): Promise<void> {
    if (this.stopped) return Promise.reject(new StoreError('the change publisher is stopped'));
    // A call with one change that cannot be published is refused whole, before anything is queued.
    for (const change of changes) {
      const why = invalidChange(change);
      if (why !== null) return Promise.reject(new TypeError(`cannot publish ${why}`));
    }
    const done = this.pending.add(changes, fence);
    this.kick();
    return done;
  }

  /** Changes given and not yet committed (coalesced: one per point and kind). */
  get waiting(): number {
    return this.pending.size;
  }

  /** The newest seq this publisher committed (0 before its first commit). */
  get committedSeq(): number {
    return this.lastSeq;
  }

  /** Starts a batch now unless one is committing (which takes what waits when it is done). */
  private kick(): void {
    if (this.stopped || this.draining !== null || this.pending.size === 0) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.retryTimer === undefined) this.kick();
    });
  }

  /** Commits batches while changes wait; after a refused commit, schedules the retry and returns. */
  private async drain(): Promise<void> {
    while (!this.stopped && this.pending.size > 0) {
      const batch = this.pending.take(this.maxBatch);
      let refusedBy: Fence | undefined;
      try {
        const { seq, dropped } = await this.commit(batch, (fence) => {
          refusedBy = fence;
        });
        this.lastSeq = seq;
        this.backoff.reset();
        // The lease fences refused: their changes are dropped; the rest committed.
        const refused = (e: PendingEntry) => e.fence !== undefined && dropped.has(e.fence);
        for (const entry of batch.filter(refused))
          this.pending.failed([entry], dropped.get(entry.fence as Fence), false);
        this.pending.committed(batch.filter((e) => !refused(e)));
      } catch (err) {
        const refusal = refusedBy !== undefined && !fromDatabase((err as StoreError).cause ?? err);
        if (refusal) {
          // The fence refused: what it guarded is dropped; the rest of the batch goes again at once.
          const cause = (err as StoreError).cause ?? err;
          this.pending.failed(
            batch.filter((e) => e.fence === refusedBy),
            cause,
            false,
          );
          this.pending.requeue(batch.filter((e) => e.fence !== refusedBy));
          continue;
        }
        this.pending.failed(batch, err, true);
        const delay = this.backoff.delay();
        this.options.logger?.warn(
          { err: (err as Error).message, kept: this.pending.size, retryMs: delay },
          'change feed: publish failed, changes kept for a retry',
        );
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, delay);
        this.retryTimer.unref();
        return;
      }
    }
  }

  /**
   * One transaction: the lease fences (one statement) and the other fences, the ordering lock, the changes of
   * the fences not refused, the values, the notification. Resolves with the newest seq and the lease fences
   * refused (their changes left out); a fence of its own that refuses throws (`refused` says which).
   */
  private commit(
    batch: readonly PendingEntry[],
    refused: (fence: Fence) => void,
  ): Promise<{ seq: number; dropped: Map<Fence, Error> }> {
    const fences = [...new Set(batch.map((e) => e.fence))].filter((f): f is Fence => f !== undefined);
    return this.db.transaction(async (client) => {
      const dropped = await this.checkLeases(client, fences.filter(isLeaseFence));
      for (const fence of fences) {
        if (isLeaseFence(fence)) continue;
        try {
          await fence(client);
        } catch (err) {
          refused(fence);
          throw err;
        }
      }
      const changes = batch
        .filter((e) => e.fence === undefined || !dropped.has(e.fence))
        .map((e) => e.change);
      if (changes.length === 0) return { seq: this.lastSeq, dropped };
      // JIT compiling the statement of a large batch costs more than it saves (~100 ms per 20,000 rows).
      await client.query("SELECT pg_advisory_xact_lock($1), set_config('jit', 'off', true)", [
        FEED_COMMIT_LOCK,
      ]);
      const { rows } = await client.query<{ seq: string }>(PUBLISH_SQL, [
        changes.map((c) => c.key),
        changes.map((c) => JSON.stringify(c.value)),
        changes.map((c) => c.status),
        changes.map((c) => c.ts),
        changes.map((c) => c.kind),
        this.options.node,
      ]);
      return { seq: Number(rows[0]?.seq), dropped };
    });
  }

  /** The lease fences of a batch checked in one statement: those refused, with the first refusal of each. */
  private async checkLeases(client: pg.ClientBase, fences: LeaseFence[]): Promise<Map<Fence, Error>> {
    const dropped = new Map<Fence, Error>();
    if (fences.length === 0) return dropped;
    const check = this.options.leaseRefusals;
    if (!check) throw new TypeError("a lease fence needs the publisher's leaseRefusals");
    const refusals = await check(client, [...new Set(fences.flatMap((f) => f.devices))]);
    for (const fence of fences) {
      const err = fence.devices.map((d) => refusals.get(d)).find((e) => e !== undefined);
      if (err) dropped.set(fence, err);
    }
    return dropped;
  }

  /**
   * Stops: waits for the batch committing, cancels retries; changes not committed by then are not published
   * (their calls reject).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.draining;
    this.pending.clear(new StoreError('the change publisher stopped before these changes were published'));
  }
}
