// Retention of the change feed: changes older than `keepMs` by the database's clock (or beyond the newest
// `keepRows`) are deleted in bounded batches, oldest first, and the newest seq deleted is remembered as the
// horizon, so that a follower that had not read them knows to reload the snapshot. Any node may run it; several
// at once only share the work.

import type { Logger } from '../core/logger.js';
import type { PgDatabase } from '../store/postgres/pg-database.js';
import { migrateFeed } from './feed-schema.js';

export interface FeedRetentionOptions {
  /** Age after which a change is deleted, ms of the database's clock (default 10 minutes). */
  keepMs?: number;
  /** Changes kept at most, the newest (default 1,000,000). */
  keepRows?: number;
  /** Rows deleted per statement (default 5000). */
  batchRows?: number;
  /** Statements per run at most (default 100): the rest waits for the next run. */
  maxBatches?: number;
  /** Time between runs, ms (default 60,000). */
  everyMs?: number;
  logger?: Logger;
}

/** Deletes one batch of the oldest changes due; the count deleted. The horizon moves in the same statement. */
const PRUNE_SQL = `
  WITH cut AS (
    SELECT greatest(
      (SELECT seq FROM point_changes WHERE committed_at < clock_timestamp() - $1 * interval '1 millisecond'
       ORDER BY committed_at DESC LIMIT 1),
      (SELECT max(seq) FROM point_changes) - $2::bigint) AS seq),
  doomed AS (
    SELECT c.seq FROM point_changes c, cut WHERE c.seq <= cut.seq ORDER BY c.seq LIMIT $3),
  gone AS (
    DELETE FROM point_changes c USING doomed d WHERE c.seq = d.seq RETURNING c.seq)
  UPDATE feed_horizon SET pruned_through = greatest(pruned_through, (SELECT max(seq) FROM gone))
  RETURNING (SELECT count(*) FROM gone)::int AS n`;

export class FeedRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: PgDatabase,
    private readonly options: FeedRetentionOptions = {},
  ) {}

  /** Deletes what is due, in batches (at most `maxBatches`); the count deleted. */
  async prune(): Promise<number> {
    const batch = this.options.batchRows ?? 5000;
    let total = 0;
    for (let i = 0; i < (this.options.maxBatches ?? 100); i++) {
      const { rows } = await this.db.query<{ n: number }>(
        PRUNE_SQL,
        [this.options.keepMs ?? 600_000, this.options.keepRows ?? 1_000_000, batch],
        true,
      );
      const n = rows[0]?.n ?? 0;
      total += n;
      if (n < batch) break;
    }
    return total;
  }

  /** Prunes every `everyMs` until `stop` (the feed's tables made first). */
  async start(): Promise<void> {
    await migrateFeed(this.db);
    this.timer = setInterval(() => {
      if (this.running !== null) return;
      this.running = this.prune()
        .catch((err) => {
          this.options.logger?.warn({ err: (err as Error).message }, 'change feed: pruning failed');
          return 0;
        })
        .finally(() => {
          this.running = null;
        });
    }, this.options.everyMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
