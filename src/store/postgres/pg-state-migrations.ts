// The PostgreSQL engine's `state` part of the schema: the same tables as SQLite's pointyard.db (priority
// arrays, audit, events, alarms, counters, users, the charging back end, the charge points' outbox), without
// the alarm reports (their own part). Times are epoch ms as double precision, values JSON text, ids identity
// columns that order rows of the same time. Keys and names compare byte by byte (COLLATE "C"), as in SQLite,
// whatever the database's locale: a device's range of keys and lists by name depend on it.
// Never edit a released step; add the next one.

import type { PgMigration } from './pg-migrations.js';

/** The schema part these steps belong to (`pointyard_schema.part`). */
export const STATE_PART = 'state';

export const STATE_PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE priority (key TEXT COLLATE "C" PRIMARY KEY, vals TEXT NOT NULL, expiries TEXT NOT NULL);
      CREATE TABLE audit (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ts DOUBLE PRECISION NOT NULL,
        who TEXT COLLATE "C" NOT NULL, via TEXT NOT NULL, remote TEXT, key TEXT COLLATE "C" NOT NULL,
        level INTEGER, action TEXT NOT NULL, written TEXT, before TEXT, after TEXT,
        duration_ms DOUBLE PRECISION, note TEXT);
      CREATE INDEX audit_ts ON audit (ts, id);
      CREATE INDEX audit_key ON audit (key, ts, id);
      CREATE INDEX audit_who ON audit (who, ts, id);
      CREATE TABLE events (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ts DOUBLE PRECISION NOT NULL, device TEXT NOT NULL,
        point TEXT, kind TEXT NOT NULL, message TEXT NOT NULL, data TEXT);
      CREATE INDEX events_ts ON events (ts);
      CREATE INDEX events_device ON events (device, id);
      CREATE TABLE alarms (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL, device TEXT NOT NULL,
        point TEXT NOT NULL, value TEXT NOT NULL, severity TEXT NOT NULL, state TEXT NOT NULL,
        raised_at DOUBLE PRECISION NOT NULL, acked_at DOUBLE PRECISION, acked_by TEXT,
        cleared_at DOUBLE PRECISION, reported TEXT);
      CREATE INDEX alarms_state ON alarms (state, raised_at);
      CREATE INDEX alarms_key ON alarms (key, raised_at);
      CREATE TABLE counters (key TEXT PRIMARY KEY, value DOUBLE PRECISION NOT NULL);
      -- Users of the HTTP API: SCRAM-SHA-256 keys only, never a password.
      CREATE TABLE users (
        name TEXT COLLATE "C" PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        salt TEXT NOT NULL, iterations INTEGER NOT NULL, stored_key TEXT NOT NULL, server_key TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL);
      -- The charging back end: id tags it authorizes, and the transactions it numbers (the stop's meter values as JSON).
      CREATE TABLE id_tags (
        id_tag TEXT COLLATE "C" PRIMARY KEY, status TEXT NOT NULL, expires_at DOUBLE PRECISION,
        parent_id_tag TEXT);
      CREATE TABLE charging_transactions (
        id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, charge_point TEXT NOT NULL,
        connector INTEGER NOT NULL, id_tag TEXT NOT NULL, meter_start DOUBLE PRECISION NOT NULL,
        started_at DOUBLE PRECISION NOT NULL, reservation_id INTEGER, meter_stop DOUBLE PRECISION,
        stopped_at DOUBLE PRECISION, stop_reason TEXT, stop_id_tag TEXT, meter_values TEXT NOT NULL);
      CREATE INDEX charging_transactions_charge_point ON charging_transactions (charge_point, id);
      -- Charge points' transaction messages waiting for their charging back end, in order of seq, never reused;
      -- and each charge point's small state (configuration keys, transaction ids, profiles, local list).
      CREATE TABLE charge_point_outbox (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, charge_point TEXT NOT NULL, action TEXT NOT NULL,
        payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX charge_point_outbox_cp ON charge_point_outbox (charge_point, seq);
      CREATE TABLE charge_point_state (
        charge_point TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (charge_point, key));
    `,
  },
];
