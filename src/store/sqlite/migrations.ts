// Schema migrations: numbered steps applied in order, each in a transaction, tracked by `user_version`.
// Never edit a released step; add the next one.

import type Database from 'better-sqlite3';
import { StoreError } from '../store-error.js';

export type Migration = { version: number; sql: string };

/** Applies every migration above the database's version; refuses a database newer than this code. */
export function migrate(db: Database.Database, migrations: Migration[], name: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      `${name} has schema version ${current}, newer than this Pointyard knows (${latest}): upgrade Pointyard`,
    );
  }
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
}

/**
 * The main database: priority arrays, audit, events, alarms, counters; users since version 2; audit by user
 * since 3; audit durations and notes since 4; the charging back end's id tags and transactions since 5;
 * charge points' outbox and state since 6; alarm reports (sent and received) since 7.
 */
export const STATE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE priority (key TEXT PRIMARY KEY, vals TEXT NOT NULL, expiries TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL, who TEXT NOT NULL, via TEXT NOT NULL, remote TEXT,
        key TEXT NOT NULL, level INTEGER, action TEXT NOT NULL, written TEXT, before TEXT, after TEXT);
      CREATE INDEX audit_ts ON audit (ts);
      CREATE INDEX audit_key ON audit (key, ts);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL, device TEXT NOT NULL, point TEXT, kind TEXT NOT NULL,
        message TEXT NOT NULL, data TEXT);
      CREATE INDEX events_ts ON events (ts);
      CREATE INDEX events_device ON events (device, ts);
      CREATE TABLE alarms (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL, device TEXT NOT NULL, point TEXT NOT NULL, value TEXT NOT NULL,
        severity TEXT NOT NULL, state TEXT NOT NULL, raised_at REAL NOT NULL, acked_at REAL, acked_by TEXT,
        cleared_at REAL);
      CREATE INDEX alarms_state ON alarms (state, raised_at);
      CREATE INDEX alarms_key ON alarms (key, raised_at);
      CREATE TABLE counters (key TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    sql: `
      -- Users of the HTTP API: SCRAM-SHA-256 keys only, never a password.
      CREATE TABLE users (
        name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        salt TEXT NOT NULL, iterations INTEGER NOT NULL, stored_key TEXT NOT NULL, server_key TEXT NOT NULL,
        created_at REAL NOT NULL, updated_at REAL NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    sql: `
      -- The audit filtered by user, newest first (audit_key and audit_ts serve the point and time filters).
      CREATE INDEX audit_who ON audit (who, ts);
    `,
  },
  {
    version: 4,
    sql: `
      -- A timed override's duration (ms), and why a write was refused or which alarm was acknowledged.
      ALTER TABLE audit ADD COLUMN duration_ms REAL;
      ALTER TABLE audit ADD COLUMN note TEXT;
    `,
  },
  {
    version: 5,
    sql: `
      -- The charging back end: id tags it authorizes, and the transactions it numbers (the stop's meter values as JSON).
      CREATE TABLE id_tags (
        id_tag TEXT PRIMARY KEY, status TEXT NOT NULL, expires_at REAL, parent_id_tag TEXT) WITHOUT ROWID;
      CREATE TABLE charging_transactions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, charge_point TEXT NOT NULL, connector INTEGER NOT NULL,
        id_tag TEXT NOT NULL, meter_start REAL NOT NULL, started_at REAL NOT NULL, reservation_id INTEGER,
        meter_stop REAL, stopped_at REAL, stop_reason TEXT, stop_id_tag TEXT, meter_values TEXT NOT NULL);
      CREATE INDEX charging_transactions_charge_point ON charging_transactions (charge_point, id);
    `,
  },
  {
    version: 6,
    sql: `
      -- Charge points' transaction messages waiting for their charging back end, in order of seq, never reused;
      -- and each charge point's small state (configuration keys, transaction ids, profiles, local list).
      CREATE TABLE charge_point_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, charge_point TEXT NOT NULL, action TEXT NOT NULL,
        payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX charge_point_outbox_cp ON charge_point_outbox (charge_point, seq);
      CREATE TABLE charge_point_state (
        charge_point TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (charge_point, key)) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    sql: `
      -- Alarm reports a transmitter sends: queued per account in order of seq (never reused), failed attempts
      -- per receiver, and once acknowledged a delivery record (report and attempts as JSON).
      CREATE TABLE alarm_report_queue (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, report TEXT NOT NULL);
      CREATE INDEX alarm_report_queue_account ON alarm_report_queue (account, seq);
      CREATE TABLE alarm_report_attempts (
        seq INTEGER NOT NULL, receiver TEXT NOT NULL, nak INTEGER NOT NULL DEFAULT 0,
        duh INTEGER NOT NULL DEFAULT 0, timeout INTEGER NOT NULL DEFAULT 0,
        unreachable INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_at REAL NOT NULL,
        PRIMARY KEY (seq, receiver)) WITHOUT ROWID;
      CREATE TABLE alarm_report_delivered (
        id INTEGER PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, account TEXT NOT NULL, report TEXT NOT NULL,
        attempts TEXT NOT NULL, receiver TEXT NOT NULL, acked_at REAL NOT NULL);
      CREATE INDEX alarm_report_delivered_account ON alarm_report_delivered (account, id);
      CREATE INDEX alarm_report_delivered_acked_at ON alarm_report_delivered (acked_at);
      -- Alarm reports a receiver takes, one row per event, and the last time each account was heard from.
      CREATE TABLE alarm_report_log (
        id INTEGER PRIMARY KEY, received_at REAL NOT NULL, account TEXT NOT NULL, receiver TEXT,
        line TEXT NOT NULL, sequence INTEGER NOT NULL, code TEXT NOT NULL, zone TEXT NOT NULL,
        text TEXT NOT NULL, event_time REAL, remote TEXT NOT NULL, transport TEXT NOT NULL,
        encrypted INTEGER NOT NULL, frame TEXT NOT NULL);
      CREATE INDEX alarm_report_log_received_at ON alarm_report_log (received_at);
      CREATE INDEX alarm_report_log_account ON alarm_report_log (account, received_at);
      CREATE INDEX alarm_report_log_code ON alarm_report_log (code, received_at);
      CREATE INDEX alarm_report_log_sequence ON alarm_report_log (account, sequence, received_at);
      CREATE TABLE alarm_report_accounts (account TEXT PRIMARY KEY, last_seen REAL NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    sql: `
      -- Alarms raised by a report from outside (no point of the site): what was reported, in words.
      ALTER TABLE alarms ADD COLUMN reported TEXT;
    `,
  },
];

/**
 * The history database: compressed chunks of samples per series; the journal of samples since version 2;
 * stored 1-minute and 1-hour roll-ups since 3 (filled at the first open of an earlier database, from the
 * series listed in `rollup_fill`).
 */
export const HISTORY_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      -- A rowid table: chunk blobs are large rows, which WITHOUT ROWID tables store poorly.
      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY, series INTEGER NOT NULL REFERENCES series (id), start REAL NOT NULL,
        end REAL NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE UNIQUE INDEX chunks_series_start ON chunks (series, start);
    `,
  },
  {
    version: 2,
    sql: `
      -- Samples made durable between two flushes: one row per journal, (series, t, v) as float64 triplets.
      -- A flush folds them into chunks and empties the table in the same transaction; a start replays it.
      CREATE TABLE pending (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
    `,
  },
  {
    version: 3,
    sql: `
      -- Roll-ups per series and UTC hour: the hour's bucket and its minutes' buckets (count, sum, min, max,
      -- first and last with their times, as float64s), recomputed for the hours each flush touches.
      CREATE TABLE rollups (
        id INTEGER PRIMARY KEY, series INTEGER NOT NULL REFERENCES series (id), hour REAL NOT NULL,
        total BLOB NOT NULL, minutes BLOB NOT NULL);
      CREATE UNIQUE INDEX rollups_series_hour ON rollups (series, hour);
      -- Hour buckets read from the index alone: an hourly read skips the rows' larger minute buckets.
      CREATE INDEX rollups_series_hour_total ON rollups (series, hour, total);
      -- Retention deletes the oldest chunks and roll-ups first.
      CREATE INDEX rollups_hour ON rollups (hour);
      CREATE INDEX chunks_end ON chunks (end);
      -- The series whose roll-ups are still to be computed from their chunks (the data of an earlier version).
      CREATE TABLE rollup_fill (series INTEGER PRIMARY KEY);
      INSERT INTO rollup_fill SELECT id FROM series;
    `,
  },
];
