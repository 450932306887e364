// Schema migrations of the PostgreSQL engine: numbered steps per part of the schema (`state`, `history`…),
// each applied in its own transaction and recorded in `pointyard_schema`. Several nodes opening the same
// database at once migrate it once: the steps run under a transaction-scoped advisory lock.

import type pg from 'pg';
import { StoreError } from '../store-error.js';
import { explainPgError, type PgDatabase } from './pg-database.js';

export type PgMigration = { version: number; sql: string };

/** The advisory lock every migration holds (an arbitrary constant: "PYRD"). */
const MIGRATION_LOCK = 0x50595244;

/** The version of `part` the database has (0 when none). */
export async function schemaVersion(client: pg.ClientBase, part: string): Promise<number> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS pointyard_schema (part TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  );
  const rows = (await client.query('SELECT version FROM pointyard_schema WHERE part = $1', [part])).rows;
  return rows.length === 0 ? 0 : Number(rows[0].version);
}

/**
 * Applies every step of `steps` above the version `part` has; refuses a database whose `part` is newer than
 * this code knows (a newer Pointyard wrote it).
 */
export async function migratePart(
  client: pg.ClientBase,
  part: string,
  steps: readonly PgMigration[],
): Promise<void> {
  const latest = steps.at(-1)?.version ?? 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const current = await schemaVersion(client, part);
    if (current > latest) {
      throw new StoreError(
        `the database's ${part} schema has version ${current}, newer than this Pointyard knows (${latest}): upgrade Pointyard`,
      );
    }
    for (const step of steps) {
      if (step.version <= current) continue;
      await client.query(step.sql);
      await client.query(
        `INSERT INTO pointyard_schema (part, version) VALUES ($1, $2)
         ON CONFLICT (part) DO UPDATE SET version = excluded.version`,
        [part, step.version],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/**
 * Brings the schema part `part` of `db` up to date on a connection of its pool (`migratePart`); failures as
 * StoreErrors. A connection that failed is dropped rather than lent again.
 */
export async function migrateDatabase(
  db: PgDatabase,
  part: string,
  steps: readonly PgMigration[],
): Promise<void> {
  try {
    const client = await db.pool.connect();
    let failed = false;
    try {
      await migratePart(client, part, steps);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      client.release(failed);
    }
  } catch (err) {
    throw explainPgError(err, db.where);
  }
}
