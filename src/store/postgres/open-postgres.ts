// Opening the PostgreSQL engine: one bounded pool for the database, its schema parts migrated (state,
// history, alarm reports: once, whoever else opens the same database at the same time), and the store built
// on it. The URL is libpq's (`postgres://user@host:5432/db?sslmode=verify-full&sslrootcert=ca.pem`): TLS
// options and certificates go in it (pg_dump reads the same); a user or password it leaves out comes from the
// environment (PGUSER, PGPASSWORD), as for every PostgreSQL client.

import type { Store } from '../store.js';
import { StoreHealth } from '../store-health.js';
import { PgAlarmReports } from './pg-alarm-reports.js';
import { explainPgError, PgDatabase } from './pg-database.js';
import { PgHistory, type PgHistoryOptions } from './pg-history.js';
import { PostgresStore } from './postgres-store.js';

export interface PostgresEngineOptions {
  /** Connections at most (default 10). */
  poolSize?: number;
  /** How long a call waits for a connection before it is refused, ms (default 5000). */
  connectTimeoutMs?: number;
  history?: PgHistoryOptions;
  /** The pg_dump program of a backup (default `pg_dump` on PATH). */
  pgDump?: string;
}

/** Opens the store in the database of `url`; a StoreError a person can act on when it cannot. */
export async function openPostgresStore(url: string, options: PostgresEngineOptions = {}): Promise<Store> {
  const db = new PgDatabase(url, new StoreHealth(), 'postgres', {
    ...(options.poolSize === undefined ? {} : { max: options.poolSize }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
  let history: PgHistory | null = null;
  try {
    history = await PgHistory.open(db, options.history);
    const alarmReports = await PgAlarmReports.open(db);
    return await PostgresStore.open(db, { history, alarmReports }, { pgDump: options.pgDump });
  } catch (err) {
    await history?.close();
    await db.close().catch(() => {});
    throw explainPgError(err, db.where);
  }
}
