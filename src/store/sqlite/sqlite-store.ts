// The SQLite engine of the store: `<data>/pointyard.db` (state, synced at every commit) and
// `<data>/history.db` (compressed history chunks). Calls are synchronous inside; the interface is async so
// that a networked engine (PostgreSQL) fits the same shape.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { PriorityArray } from '../../core/priority-array.js';
import type { Value } from '../../core/value.js';
import { type AlarmRow, alarmOf, fromJson, toJson, type UserRow, userOf } from '../rows.js';
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
import { StoreHealth } from '../store-health.js';
import { AuditReader } from './audit-reader.js';
import { BUSY_WAIT_MS, BusyQueue, retryWhileBusy } from './busy-wait.js';
import {
  HISTORY_DATABASE,
  type OnTightened,
  privateDataFolder,
  privateFile,
  privateFolder,
  refuseInconsistentFolder,
  STATE_DATABASE,
} from './data-folder.js';
import { explainStoreError } from './explain-error.js';
import { checkIntegrity, type IntegrityCheck } from './integrity.js';
import { HISTORY_MIGRATIONS, migrate, STATE_MIGRATIONS } from './migrations.js';
import { openDatabase, stopWaitingForLocks } from './open.js';
import { SqliteAlarmReports } from './sqlite-alarm-reports.js';
import { SqliteCharging } from './sqlite-charging.js';
import { SqliteHistory, type SqliteHistoryOptions } from './sqlite-history.js';
import { SqliteOutbox } from './sqlite-outbox.js';

export interface SqliteStoreOptions {
  /** SQLite's integrity check of both databases when they open (default `quick`). */
  check?: IntegrityCheck;
  /** Creates a missing or empty database beside existing data instead of refusing the folder. */
  acceptNewDatabase?: boolean;
  /** Told about each data file or folder that others could read and that was made owner-only. */
  onTightened?: OnTightened;
  /** How long a call waits for another connection's lock before it fails, ms (default 5000). */
  busyWaitMs?: number;
}

/** Errors that say the database refused the work itself (not a bad argument): the store is not healthy. */
function refusedByStorage(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN|BUSY|LOCKED)/.test(code) ||
    ['ENOSPC', 'EIO', 'EROFS', 'EACCES', 'EPERM'].includes(code)
  );
}

/** Rows changed by every statement of the connection since it opened. */
const changesOf = (db: Database.Database) => db.prepare('SELECT total_changes()').pluck().get() as number;

export class SqliteStore implements Store {
  readonly history: HistoryStore & { close(): void; backup(file: string): Promise<unknown> };
  /** Refused writes, for `/healthz` and Database Status. */
  readonly health = new StoreHealth();
  readonly outbox: SqliteOutbox;
  readonly charging: SqliteCharging;
  readonly alarmReports: SqliteAlarmReports;
  private readonly db: Database.Database;
  /** Calls to the state database, in order, waiting for another connection's lock without blocking. */
  private readonly queue: BusyQueue;
  private readonly busyWaitMs: number;
  private readonly insertAudit: Database.Statement;
  private readonly upsertPriority: Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly auditReader: AuditReader;
  private closed = false;

  /**
   * Opens (creating and migrating when needed) the store in the folder `dir`: refuses a folder where one
   * database holds data and the other is missing or empty, checks both databases' integrity before anything
   * writes, and keeps the folder and its files owner-only.
   */
  constructor(
    readonly dir: string,
    historyOptions: SqliteHistoryOptions = {},
    options: SqliteStoreOptions = {},
  ) {
    const check = options.check ?? 'quick';
    this.busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS;
    this.queue = new BusyQueue(this.busyWaitMs);
    try {
      if (existsSync(dir)) refuseInconsistentFolder(dir, options.acceptNewDatabase ?? false);
      privateDataFolder(dir, options.onTightened ?? (() => {}));
    } catch (err) {
      throw explainStoreError(err, dir);
    }
    this.db = openDatabase(join(dir, STATE_DATABASE), 'full');
    let historyDb: Database.Database | null = null;
    try {
      historyDb = openDatabase(join(dir, HISTORY_DATABASE), 'normal');
      checkIntegrity(this.db, STATE_DATABASE, dir, check);
      checkIntegrity(historyDb, HISTORY_DATABASE, dir, check);
      migrate(this.db, STATE_MIGRATIONS, STATE_DATABASE);
      migrate(historyDb, HISTORY_MIGRATIONS, HISTORY_DATABASE);
      stopWaitingForLocks(this.db);
      stopWaitingForLocks(historyDb);
      this.history = this.trackedHistory(new SqliteHistory(historyDb, historyOptions), historyDb);
    } catch (err) {
      historyDb?.close();
      this.db.close();
      throw explainStoreError(err, dir);
    }
    this.insertAudit = this.db.prepare(
      `INSERT INTO audit (ts, who, via, remote, key, level, action, written, before, after, duration_ms, note)
       VALUES (@ts, @who, @via, @remote, @key, @level, @action, @written, @before, @after, @durationMs, @note)`,
    );
    this.upsertPriority = this.db.prepare(
      'INSERT INTO priority (key, vals, expiries) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET vals = excluded.vals, expiries = excluded.expiries',
    );
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (ts, device, point, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.auditReader = new AuditReader(this.db);
    this.outbox = new SqliteOutbox(this.db, (fn) => this.guard(fn));
    this.charging = new SqliteCharging(this.db, (fn) => this.guard(fn));
    this.alarmReports = new SqliteAlarmReports(this.db, (fn) => this.guard(fn));
  }

  /**
   * The history whose writes (flush, journal, retention; merge writes through flush) wait for locks without
   * blocking and count in the store's health.
   */
  private trackedHistory(history: SqliteHistory, db: Database.Database): SqliteHistory {
    const flush = history.flush.bind(history);
    const journal = history.journal.bind(history);
    const pruneSamples = history.pruneSamples.bind(history);
    const pruneRollups = history.pruneRollups.bind(history);
    const tracked = <T>(fn: () => Promise<T>) =>
      this.track(db, HISTORY_DATABASE, () => retryWhileBusy(fn, this.busyWaitMs));
    history.flush = () => tracked(flush);
    history.journal = () => tracked(journal);
    history.pruneSamples = (before, max) => tracked(() => pruneSamples(before, max));
    history.pruneRollups = (before, max) => tracked(() => pruneRollups(before, max));
    return history;
  }

  /**
   * Runs `run` on the database `name`, turning failures into StoreErrors a person understands and keeping
   * `health` true to them: a call the storage refuses marks the database failing; while it fails, a call that
   * changed rows (a write that reached the disk) marks it healthy again.
   */
  private track<T>(db: Database.Database, name: string, run: () => Promise<T>): Promise<T> {
    const failing = this.health.failing(name);
    const before = failing ? changesOf(db) : 0;
    return run().then(
      (result) => {
        if (failing && db.open && changesOf(db) > before) this.health.wrote(name);
        return result;
      },
      (err: unknown) => {
        const explained = explainStoreError(err, this.dir);
        if (refusedByStorage(err)) this.health.failed(name, explained.message);
        throw explained;
      },
    );
  }

  /** Runs `fn` on the state database in order, waiting for locks without blocking; see `track`. */
  private guard<T>(fn: () => T): Promise<T> {
    return this.track(this.db, STATE_DATABASE, () => this.queue.run(fn));
  }

  loadPriorities(): Promise<Map<string, PriorityArray>> {
    return this.guard(() => {
      const rows = this.db.prepare('SELECT key, vals, expiries FROM priority').all() as Array<{
        key: string;
        vals: string;
        expiries: string;
      }>;
      return new Map(
        rows.map((r) => [r.key, { values: JSON.parse(r.vals), expiries: JSON.parse(r.expiries) }]),
      );
    });
  }

  commitWrites(writes: CommittedWrite[]): Promise<void> {
    return this.guard(() =>
      this.db.transaction(() => {
        for (const w of writes) {
          if (w.array)
            this.upsertPriority.run(w.key, JSON.stringify(w.array.values), JSON.stringify(w.array.expiries));
          const a = w.audit;
          this.insertAudit.run({
            ...a,
            written: toJson(a.written),
            before: toJson(a.before),
            after: toJson(a.after),
            durationMs: a.durationMs ?? null,
            note: a.note ?? null,
          });
        }
      })(),
    );
  }

  async queryAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    try {
      const rows = await this.auditReader.read(filter);
      return rows.map(({ id: _id, durationMs, note, ...r }) => ({
        ...r,
        written: fromJson<Value>(r.written),
        before: fromJson<Value>(r.before),
        after: fromJson<Value>(r.after),
        // Absent rather than null, as the records were written.
        ...(durationMs !== null ? { durationMs } : {}),
        ...(note !== null ? { note } : {}),
      }));
    } catch (err) {
      throw explainStoreError(err, this.dir);
    }
  }

  pruneAudit(before: number, max: number): Promise<number> {
    // The oldest first through audit_ts; a small `max` keeps each synced delete short.
    return this.guard(
      () =>
        this.db
          .prepare('DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE ts < ? ORDER BY ts LIMIT ?)')
          .run(before, max).changes,
    );
  }

  appendEvents(events: SiteEvent[]): Promise<void> {
    return this.guard(() =>
      this.db.transaction(() => {
        for (const e of events)
          this.insertEvent.run(e.ts, e.device, e.point, e.kind, e.message, toJson(e.data));
      })(),
    );
  }

  queryEvents(filter: EventFilter = {}): Promise<SiteEvent[]> {
    return this.guard(() => {
      const rows = this.db
        .prepare(
          `SELECT ts, device, point, kind, message, data FROM events
           WHERE ts >= @from AND ts < @to AND (@device IS NULL OR device = @device) AND (@kind IS NULL OR kind = @kind)
           ORDER BY id DESC LIMIT @limit`,
        )
        .all(timeParams(filter, { device: filter.device ?? null, kind: filter.kind ?? null })) as Array<
        Omit<SiteEvent, 'data'> & { data: string | null }
      >;
      return rows.map((r) => ({ ...r, data: fromJson<Record<string, unknown>>(r.data) }));
    });
  }

  saveAlarm(alarm: Alarm): Promise<number> {
    return this.saveAlarms([alarm]).then((ids) => ids[0] as number);
  }

  saveAlarms(alarms: readonly Alarm[]): Promise<number[]> {
    return this.guard(() => this.db.transaction(() => alarms.map((alarm) => this.writeAlarm(alarm)))());
  }

  /** Inserts (id 0) or updates one alarm, inside the caller's transaction; its id. */
  private writeAlarm(alarm: Alarm): number {
    const row = {
      key: alarm.key,
      device: alarm.device,
      point: alarm.point,
      value: JSON.stringify(alarm.value),
      severity: alarm.severity,
      state: alarm.state,
      raised_at: alarm.raisedAt,
      acked_at: alarm.ackedAt,
      acked_by: alarm.ackedBy,
      cleared_at: alarm.clearedAt,
      reported: alarm.reported,
    };
    if (alarm.id === 0) {
      const result = this.db
        .prepare(
          `INSERT INTO alarms (key, device, point, value, severity, state, raised_at, acked_at, acked_by, cleared_at,
             reported)
           VALUES (@key, @device, @point, @value, @severity, @state, @raised_at, @acked_at, @acked_by, @cleared_at,
             @reported)`,
        )
        .run(row);
      return Number(result.lastInsertRowid);
    }
    this.db
      .prepare(
        `UPDATE alarms SET value = @value, state = @state, acked_at = @acked_at, acked_by = @acked_by,
         cleared_at = @cleared_at WHERE id = @id`,
      )
      .run({ ...row, id: alarm.id });
    return alarm.id;
  }

  queryAlarms(filter: AlarmFilter = {}): Promise<Alarm[]> {
    return this.guard(() => {
      const state = filter.state ?? null;
      const rows = this.db
        .prepare(
          `SELECT * FROM alarms
           WHERE (@state IS NULL OR state = @state OR (@state = 'open' AND NOT (state = 'cleared' AND acked_at IS NOT NULL)))
             AND (@key IS NULL OR key = @key)
           ORDER BY raised_at DESC, id DESC LIMIT @limit`,
        )
        .all({ state, key: filter.key ?? null, limit: filter.limit ?? -1 }) as AlarmRow[];
      return rows.map(alarmOf);
    });
  }

  loadCounters(): Promise<Map<string, number>> {
    return this.guard(() => {
      const rows = this.db.prepare('SELECT key, value FROM counters').all() as Array<{
        key: string;
        value: number;
      }>;
      return new Map(rows.map((r) => [r.key, r.value]));
    });
  }

  saveCounters(counters: Map<string, number>): Promise<void> {
    return this.guard(() => {
      const upsert = this.db.prepare(
        'INSERT INTO counters (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      this.db.transaction(() => {
        for (const [key, value] of counters) upsert.run(key, value);
      })();
    });
  }

  getUser(name: string): Promise<User | null> {
    return this.guard(() => {
      const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
      return row ? userOf(row) : null;
    });
  }

  saveUser(user: User): Promise<void> {
    return this.guard(() => {
      this.db
        .prepare(
          `INSERT INTO users (name, role, salt, iterations, stored_key, server_key, created_at, updated_at)
           VALUES (@name, @role, @salt, @iterations, @storedKey, @serverKey, @createdAt, @updatedAt)
           ON CONFLICT (name) DO UPDATE SET role = excluded.role, salt = excluded.salt,
             iterations = excluded.iterations, stored_key = excluded.stored_key, server_key = excluded.server_key,
             created_at = excluded.created_at, updated_at = excluded.updated_at`,
        )
        .run(user);
    });
  }

  deleteUser(name: string): Promise<boolean> {
    return this.guard(() => this.db.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0);
  }

  listUsers(): Promise<User[]> {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(userOf),
    );
  }

  /** The state database (tests use it to reach SQLite settings). */
  get database(): Database.Database {
    return this.db;
  }

  probe(): Promise<number> {
    return this.guard(() => {
      const t = performance.now();
      this.db.prepare('SELECT count(*) FROM priority').get();
      return performance.now() - t;
    });
  }

  /** SQLite's online backup of both databases: consistent copies while writes go on, owner-only. */
  async backup(dir: string): Promise<string[]> {
    try {
      privateFolder(dir);
      await this.history.flush();
      const files = [join(dir, STATE_DATABASE), join(dir, HISTORY_DATABASE)];
      for (const file of files) privateFile(file); // SQLite keeps the mode of a file it writes into
      await this.db.backup(files[0] as string);
      await this.history.backup(files[1] as string);
      return files;
    } catch (err) {
      throw explainStoreError(err, dir);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.history.flush();
    } finally {
      this.history.close();
      this.db.close();
    }
  }
}

/** Named parameters of a time-bounded query: everything when unbounded, newest first, all rows unless limited. */
function timeParams(filter: { from?: number; to?: number; limit?: number }, extra: Record<string, unknown>) {
  return {
    from: filter.from ?? Number.NEGATIVE_INFINITY,
    to: filter.to ?? Number.POSITIVE_INFINITY,
    limit: filter.limit ?? -1,
    ...extra,
  };
}
