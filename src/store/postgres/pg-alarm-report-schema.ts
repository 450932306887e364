// The alarm reports' tables in PostgreSQL (schema part `alarm-reports`), as SQLite keeps them: the
// transmitter's queue in order of an identity seq (never reused), failed attempts per receiver (gone with their
// queued report), delivery records, the receiver's log and each account's last-seen time.

import type { PgMigration } from './pg-migrations.js';

/** The schema part these migrations version. */
export const ALARM_REPORTS_PART = 'alarm-reports';

export const ALARM_REPORTS_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE alarm_report_queue (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account text NOT NULL, report text NOT NULL);
      CREATE INDEX alarm_report_queue_account ON alarm_report_queue (account, seq);
      CREATE TABLE alarm_report_attempts (
        seq bigint NOT NULL REFERENCES alarm_report_queue (seq) ON DELETE CASCADE, receiver text NOT NULL,
        nak integer NOT NULL DEFAULT 0, duh integer NOT NULL DEFAULT 0, timeout integer NOT NULL DEFAULT 0,
        unreachable integer NOT NULL DEFAULT 0, last_error text, last_at double precision NOT NULL,
        PRIMARY KEY (seq, receiver));
      CREATE TABLE alarm_report_delivered (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seq bigint NOT NULL UNIQUE, account text NOT NULL,
        report text NOT NULL, attempts text NOT NULL, receiver text NOT NULL, acked_at double precision NOT NULL);
      CREATE INDEX alarm_report_delivered_account ON alarm_report_delivered (account, id);
      CREATE INDEX alarm_report_delivered_acked_at ON alarm_report_delivered (acked_at, id);
      CREATE TABLE alarm_report_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, received_at double precision NOT NULL,
        account text NOT NULL, receiver text, line text NOT NULL, sequence integer NOT NULL, code text NOT NULL,
        zone text NOT NULL, text text NOT NULL, event_time double precision, remote text NOT NULL,
        transport text NOT NULL, encrypted boolean NOT NULL, frame text NOT NULL);
      CREATE INDEX alarm_report_log_received_at ON alarm_report_log (received_at, id);
      CREATE INDEX alarm_report_log_account ON alarm_report_log (account, received_at, id);
      CREATE INDEX alarm_report_log_code ON alarm_report_log (code, received_at, id);
      CREATE INDEX alarm_report_log_sequence ON alarm_report_log (account, sequence, received_at, id);
      CREATE TABLE alarm_report_accounts (account text PRIMARY KEY, last_seen double precision NOT NULL);
    `,
  },
];
