// The `owner-calls` part of the PostgreSQL schema: calls a node makes to the node that runs a device (an
// action, a fault, an alarm acknowledged…). The caller inserts a row with a deadline (the database's clock);
// the owner takes it (a fenced commit), runs it and records the answer; a row nobody took by its deadline is
// never taken again. Rows are deleted some minutes after their deadline (owner-call-retention.ts).

import type { PgDatabase } from '../store/postgres/pg-database.js';
import { migrateDatabase, type PgMigration } from '../store/postgres/pg-migrations.js';

/** The migration part these steps belong to. */
export const OWNER_CALLS_PART = 'owner-calls';

/** The channel that wakes the owners (`call <device>`) and the callers (`answer <id>`). */
export const OWNER_CALLS_CHANNEL = 'pointyard_calls';

export const OWNER_CALLS_PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      -- One row per call. taken_* say which node (with which lease token) took it to run it; answered_at, ok
      -- and result its answer (result: the handler's JSON result, or the reason as a JSON string). abandoned: the
      -- caller gave up before any node took it.
      CREATE TABLE owner_calls (
        id bigserial PRIMARY KEY,
        device text NOT NULL,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        caller text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        deadline timestamptz NOT NULL,
        taken_by text,
        taken_at timestamptz,
        answered_at timestamptz,
        ok boolean,
        result jsonb,
        abandoned boolean NOT NULL DEFAULT false);
      CREATE INDEX owner_calls_waiting ON owner_calls (device, id) WHERE taken_at IS NULL AND NOT abandoned;
      CREATE INDEX owner_calls_deadline ON owner_calls (deadline);
    `,
  },
];

/** Runs the `owner-calls` part's migrations (several nodes at once migrate it once). */
export function migrateOwnerCalls(db: PgDatabase): Promise<void> {
  return migrateDatabase(db, OWNER_CALLS_PART, OWNER_CALLS_PG_MIGRATIONS);
}
