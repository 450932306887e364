// The `cluster` part of the PostgreSQL schema: the nodes sharing a site (their heartbeats, as the database's
// clock saw them) and one ownership lease per device, with a fencing token that grows at each claim so that a
// commit made under an older claim can be told apart (fencing.ts) from one made under the current claim.

import type { PgDatabase } from '../store/postgres/pg-database.js';
import { migrateDatabase, type PgMigration } from '../store/postgres/pg-migrations.js';

/** The migration part these steps belong to. */
export const CLUSTER_PART = 'cluster';

export const CLUSTER_PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      -- One row per node name; incarnation grows at each start, so that a second process started under the
      -- same name supersedes the first (whose heartbeat then finds another incarnation).
      CREATE TABLE cluster_nodes (
        name text PRIMARY KEY,
        incarnation bigint NOT NULL,
        started_at timestamptz NOT NULL,
        heartbeat_at timestamptz NOT NULL,
        draining boolean NOT NULL DEFAULT false,
        stopped boolean NOT NULL DEFAULT false);
      -- One row per device of the site: held by node with token until expires_at (the database's clock);
      -- a lease whose expires_at has passed is free, whatever node it names (its last holder).
      CREATE TABLE device_leases (
        device text PRIMARY KEY,
        node text,
        token bigint NOT NULL DEFAULT 0,
        acquired_at timestamptz,
        expires_at timestamptz NOT NULL DEFAULT '-infinity');
      CREATE INDEX device_leases_node ON device_leases (node);
    `,
  },
  {
    version: 2,
    sql: `
      -- The node-wide roles each node may play (leased as '@role:<name>' rows of device_leases).
      ALTER TABLE cluster_nodes ADD COLUMN roles text[] NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 3,
    sql: `
      -- The node that asks for a device (a real charge point of it connected there): its holder hands it over,
      -- and no other node claims it while that node is live.
      ALTER TABLE device_leases ADD COLUMN wanted_by text;
    `,
  },
];

/** Runs the `cluster` part's migrations (several nodes at once migrate it once). */
export function migrateCluster(db: PgDatabase): Promise<void> {
  return migrateDatabase(db, CLUSTER_PART, CLUSTER_PG_MIGRATIONS);
}
