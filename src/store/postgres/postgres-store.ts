// The PostgreSQL engine of the store: every concern in one database reached through a bounded pool
// (PgDatabase). The state (priority arrays, audit, events, alarms, counters, users, charging, outbox) is kept
// here, one helper per concern; history and alarm reports are built on the same pool by their own classes
// and handed in. Every call that changes something is committed before its promise resolves; a database lost
// marks the health failing and refuses writes until a later write commits (the pool connects again by itself).

import type { PriorityArray } from '../../core/priority-array.js';
import type { AlarmReportsStore } from '../alarm-reports.js';
import { privateFolder } from '../sqlite/data-folder.js';
import type {
  Alarm,
  AlarmFilter,
  AuditFilter,
  AuditRecord,
  CommittedWrite,
  EventFilter,
  HistoryStore,
  SiteEvent,
  Store,
  User,
} from '../store.js';
import { StoreError } from '../store-error.js';
import type { StoreHealth } from '../store-health.js';
import { pgDump } from './pg-backup.js';
import { PgCharging } from './pg-charging.js';
import type { PgDatabase } from './pg-database.js';
import { migrateDatabase } from './pg-migrations.js';
import { PgOutbox } from './pg-outbox.js';
import { PgAlarms } from './pg-state-alarms.js';
import { PgCounters } from './pg-state-counters.js';
import { PgEvents } from './pg-state-events.js';
import { STATE_PART, STATE_PG_MIGRATIONS } from './pg-state-migrations.js';
import { PgUsers } from './pg-state-users.js';
import { PgWrites } from './pg-state-writes.js';

/** What the store is handed, built on the same database by their own classes. */
export interface PostgresStoreParts {
  history: HistoryStore & { close(): Promise<void> | void };
  /** Closed by the store's close when it has a close of its own. */
  alarmReports: AlarmReportsStore & { close?(): Promise<void> | void };
}

export interface PostgresStoreOptions {
  /** The pg_dump program of a backup (default `pg_dump`, found on PATH). */
  pgDump?: string;
}

/** Brings the `state` part of the schema of `db` up to date (once, whoever else opens it at the same time). */
export function migrateState(db: PgDatabase): Promise<void> {
  return migrateDatabase(db, STATE_PART, STATE_PG_MIGRATIONS);
}

export class PostgresStore implements Store {
  readonly health: StoreHealth;
  readonly history: HistoryStore & { close(): Promise<void> | void };
  readonly alarmReports: AlarmReportsStore & { close?(): Promise<void> | void };
  readonly charging: PgCharging;
  readonly outbox: PgOutbox;
  private readonly writes: PgWrites;
  private readonly events: PgEvents;
  private readonly alarms: PgAlarms;
  private readonly counters: PgCounters;
  private readonly users: PgUsers;
  private closed = false;

  /** A store on `db`, whose `state` schema is up to date (see `open`). */
  constructor(
    readonly db: PgDatabase,
    parts: PostgresStoreParts,
    private readonly options: PostgresStoreOptions = {},
  ) {
    this.health = db.health;
    this.history = parts.history;
    this.alarmReports = parts.alarmReports;
    this.charging = new PgCharging(db);
    this.outbox = new PgOutbox(db);
    this.writes = new PgWrites(db);
    this.events = new PgEvents(db);
    this.alarms = new PgAlarms(db);
    this.counters = new PgCounters(db);
    this.users = new PgUsers(db);
  }

  /** Migrates the `state` part of the schema, then opens the store; `db` and the parts stay the caller's if it fails. */
  static async open(
    db: PgDatabase,
    parts: PostgresStoreParts,
    options: PostgresStoreOptions = {},
  ): Promise<PostgresStore> {
    await migrateState(db);
    return new PostgresStore(db, parts, options);
  }

  /**
   * Makes this store a node's of a cluster (before any write): each commit of writes compares and sets the
   * stored priority arrays and appends the new ones to the cluster's change feed, in the same transaction.
   */
  joinCluster(node: string): void {
    this.writes.clusterNode = node;
  }

  loadPriorities(): Promise<Map<string, PriorityArray>> {
    return this.writes.loadPriorities();
  }

  commitWrites(writes: CommittedWrite[]): Promise<void> {
    return this.writes.commitWrites(writes);
  }

  queryAudit(filter?: AuditFilter): Promise<AuditRecord[]> {
    return this.writes.queryAudit(filter);
  }

  pruneAudit(before: number, max: number): Promise<number> {
    return this.writes.pruneAudit(before, max);
  }

  appendEvents(events: SiteEvent[]): Promise<void> {
    return this.events.appendEvents(events);
  }

  queryEvents(filter?: EventFilter): Promise<SiteEvent[]> {
    return this.events.queryEvents(filter);
  }

  saveAlarm(alarm: Alarm): Promise<number> {
    return this.alarms.saveAlarm(alarm);
  }

  saveAlarms(alarms: readonly Alarm[]): Promise<number[]> {
    return this.alarms.saveAlarms(alarms);
  }

  queryAlarms(filter?: AlarmFilter): Promise<Alarm[]> {
    return this.alarms.queryAlarms(filter);
  }

  loadCounters(): Promise<Map<string, number>> {
    return this.counters.loadCounters();
  }

  saveCounters(counters: Map<string, number>): Promise<void> {
    return this.counters.saveCounters(counters);
  }

  getUser(name: string): Promise<User | null> {
    return this.users.getUser(name);
  }

  saveUser(user: User): Promise<void> {
    return this.users.saveUser(user);
  }

  deleteUser(name: string): Promise<boolean> {
    return this.users.deleteUser(name);
  }

  listUsers(): Promise<User[]> {
    return this.users.listUsers();
  }

  /** Time of `SELECT 1`, ms; rejects (and the health fails) when the database cannot be reached. */
  async probe(): Promise<number> {
    const t = performance.now();
    await this.db.query('SELECT 1');
    return performance.now() - t;
  }

  /** Flushes the history, then dumps the whole database (every part) into `dir/pointyard.dump`. */
  async backup(dir: string): Promise<string[]> {
    const url = this.db.pool.options.connectionString;
    if (url === undefined) throw new StoreError(`cannot back up ${this.db.where}: no connection URL`);
    try {
      privateFolder(dir);
    } catch (err) {
      throw new StoreError(`cannot make the backup folder ${dir}: ${(err as Error).message}`, err);
    }
    await this.history.flush();
    return pgDump(url, dir, this.options.pgDump);
  }

  /**
   * Flushes and closes the history, closes the alarm reports, then the pool (even when one of them fails); the
   * store is unusable afterwards.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.history.flush();
    } finally {
      try {
        await this.history.close();
        await this.alarmReports.close?.();
      } finally {
        await this.db.close();
      }
    }
  }
}
