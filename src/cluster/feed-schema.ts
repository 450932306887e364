// The `feed` part of the PostgreSQL schema: the current value of every point (`point_values`) and the changes
// that led there (`point_changes`, in commit order by `seq`), which nodes follow to know the values of devices
// other nodes run. `feed_horizon` remembers the newest change pruned, so that a follower that was away longer
// than the retention knows it missed changes (and reloads the values) even when no older row is left.

import type { PgDatabase } from '../store/postgres/pg-database.js';
import { migrateDatabase, type PgMigration } from '../store/postgres/pg-migrations.js';

/** The migration part these steps belong to. */
export const FEED_PART = 'feed';

export const FEED_PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      -- One row per point (key '<device>.<point>'): its value (a JSON number, boolean, string or null), status,
      -- time (epoch ms, the owner's) and the seq of the change that set it.
      CREATE TABLE point_values (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        status text NOT NULL,
        ts double precision NOT NULL,
        seq bigint NOT NULL);
      -- Every change published, in commit order (publishers commit one at a time under an advisory lock).
      -- kind 'value': a point's value and status; 'priority': a committed write's priority array (value = the
      -- array). committed_at is the database's clock, which retention goes by.
      CREATE TABLE point_changes (
        seq bigserial PRIMARY KEY,
        key text NOT NULL,
        value jsonb NOT NULL,
        status text NOT NULL,
        ts double precision NOT NULL,
        node text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('value', 'priority')),
        committed_at timestamptz NOT NULL DEFAULT clock_timestamp());
      CREATE INDEX point_changes_committed_at ON point_changes (committed_at);
      -- The newest seq retention has deleted (0: none): a follower whose last seq is below it missed changes.
      CREATE TABLE feed_horizon (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        pruned_through bigint NOT NULL);
      INSERT INTO feed_horizon (pruned_through) VALUES (0);
    `,
  },
];

/** Brings the feed's tables of `db` to this code's version (once, whichever node comes first). */
export function migrateFeed(db: PgDatabase): Promise<void> {
  return migrateDatabase(db, FEED_PART, FEED_PG_MIGRATIONS);
}
