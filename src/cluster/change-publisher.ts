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

import type { Logger } from '../core/logger.js';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { FEED_CHANNEL, FEED_COMMIT_LOCK } from '../store/postgres/pg-feed-wire.js';
import { StoreError } from '../store/store-error.js';
import { Backoff } from './feed-backoff.js';
import { type FeedChange, invalidChange } from './feed-change.js';
import { type Fence, fromDatabase } from './feed-fence.js';
import { PendingChanges, type PendingEntry } from './feed-pending.js';
import { migrateFeed } from './feed-schema.js';

export type { Fence } from './feed-fence.js';

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
        this.lastSeq = await this.commit(batch, (fence) => {
          refusedBy = fence;
        });
        this.backoff.reset();
        this.pending.committed(batch);
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

  /** One transaction: the fences, the ordering lock, the changes, the values, the notification. */
  private commit(batch: readonly PendingEntry[], refused: (fence: Fence) => void): Promise<number> {
    const fences = [...new Set(batch.map((e) => e.fence))].filter((f): f is Fence => f !== undefined);
    const changes = batch.map((e) => e.change);
    return this.db.transaction(async (client) => {
      for (const fence of fences) {
        try {
          await fence(client);
        } catch (err) {
          refused(fence);
          throw err;
        }
      }
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
      return Number(rows[0]?.seq);
    });
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
