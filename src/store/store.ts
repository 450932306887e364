// The store: everything Pointyard keeps across restarts, behind one interface with an engine per database
// (SQLite and memory now, PostgreSQL later), opened by `openStore` (open.ts). The interface is split by
// concern, so that a caller can ask for only what it uses; `Store` is all of them. The runtime never writes
// SQL; it calls these methods. Every engine passes the conformance suite in `conformance/`.

import type { PriorityArray } from '../core/priority-array.js';
import type { Value } from '../core/value.js';
import type { AlarmReportsStore } from './alarm-reports.js';
import type { ChargingStore } from './charging.js';
import type { Bucket, RollupLevel } from './history/rollup-types.js';
import type { OutboxStore } from './outbox.js';
import type { StoreHealth } from './store-health.js';

/** One record of the audit trail: who changed which point, how, from what to what. */
export interface AuditRecord {
  ts: number;
  /** User name, or `system` for expiries and internal writes. */
  who: string;
  /** The interface the write came through: a protocol's name, `cli`, `system`… */
  via: string;
  /** Client address when there is one (`127.0.0.1:50322`). */
  remote: string | null;
  /** `<device>.<point>` */
  key: string;
  /** Priority level written (1–16), or null for a momentary action. */
  level: number | null;
  /**
   * A point's change; a write refused (`refused`, nothing changed); an alarm of the point acknowledged
   * (`ack`); samples written into a point's history (`his-write`, how many and their span in `note`); or a
   * failed or refused (throttled) login (key `login`, who: the name tried).
   */
  action:
    | 'write'
    | 'relinquish'
    | 'expire'
    | 'run'
    | 'refused'
    | 'ack'
    | 'his-write'
    | 'login-failed'
    | 'login-throttled';
  /** The value written at that level (null when relinquishing). */
  written: Value | null;
  /** Effective value before and after. */
  before: Value | null;
  after: Value | null;
  /** A timed override's duration, ms (absent otherwise). */
  durationMs?: number;
  /**
   * Why a write was refused (its code and message), which alarm was acknowledged, or the samples a history
   * write wrote (absent otherwise).
   */
  note?: string;
}

/** A committed write: the point's new priority array and the audit record that explains it. */
export interface CommittedWrite {
  key: string;
  /** Null for a momentary action, which changes no priority array. */
  array: PriorityArray | null;
  /** The array `array` was computed from (an engine shared by several nodes refuses the write if it changed). */
  before?: PriorityArray;
  audit: AuditRecord;
}

/** Something that happened on a device: a momentary action ran, a session ended, a detector fired… */
export interface SiteEvent {
  ts: number;
  device: string;
  point: string | null;
  kind: string;
  message: string;
  data: Record<string, unknown> | null;
}

export type AlarmState = 'active' | 'acknowledged' | 'cleared';
export type AlarmSeverity = 'alarm' | 'warning';

export interface Alarm {
  id: number;
  key: string;
  device: string;
  point: string;
  /** The value that raised it. */
  value: Value;
  severity: AlarmSeverity;
  state: AlarmState;
  raisedAt: number;
  ackedAt: number | null;
  ackedBy: string | null;
  /** When the point returned to normal; an alarm is closed once cleared and acknowledged. */
  clearedAt: number | null;
  /**
   * Null for a point's alarm. For an alarm that no point of the site raised but a report from outside did (an
   * alarm receiver's event from an account that is no site device): what was reported, in words; `device` is
   * then who reported it and `point` the condition, names of the reporting interface, not of the site.
   */
  reported: string | null;
}

export interface TimeFilter {
  from?: number;
  to?: number;
  limit?: number;
}

export interface AuditFilter extends TimeFilter {
  /** One point, `<device>.<point>`. */
  key?: string;
  /** Every point of one device (ignored when `key` is given). */
  device?: string;
  who?: string;
  /** Leaves out the records of this key (the login rows, for anyone but an admin). */
  notKey?: string;
}

export interface EventFilter extends TimeFilter {
  device?: string;
  kind?: string;
}

export interface AlarmFilter {
  /** `open`: not yet both cleared and acknowledged. */
  state?: AlarmState | 'open';
  key?: string;
  limit?: number;
}

/** What a user may do: `viewer` reads, `operator` also writes at levels 8–16 and runs actions, `admin` all. */
export type Role = 'viewer' | 'operator' | 'admin';

/**
 * A user of the HTTP API. Only SCRAM-SHA-256 keys are kept (RFC 5802), never the password: with them the
 * server checks a login, but cannot log in as the user.
 */
export interface User {
  name: string;
  role: Role;
  /** PBKDF2 salt, standard base64. */
  salt: string;
  /** PBKDF2-HMAC-SHA-256 iterations. */
  iterations: number;
  /** SHA-256(HMAC(SaltedPassword, "Client Key")), standard base64. */
  storedKey: string;
  /** HMAC(SaltedPassword, "Server Key"), standard base64. */
  serverKey: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** A history sample of one point: epoch ms and the numeric form of its value. */
export interface Sample {
  t: number;
  v: number;
}

/**
 * A point's history: samples by time, one value per time. A sample at a time already stored replaces it (the
 * last write wins), whatever order samples come in; reads always come back in time order.
 */
export interface HistoryStore {
  /**
   * Buffers one live sample, cheaply: no I/O when it is later than the point's last one (the usual case; a
   * point's first sample after a start looks its last time up), an older one is merged by the next flush.
   */
  append(key: string, t: number, v: number): void;
  /**
   * Merges samples of any time into the history of one or more points (a client's history write), by key:
   * durable when the promise resolves, none of them kept when it rejects. Flushes the buffered samples with them.
   */
  merge(writes: ReadonlyArray<{ key: string; samples: Sample[] }>): Promise<void>;
  /** Writes buffered samples to disk. */
  flush(): Promise<void>;
  /**
   * Makes the samples buffered since the last journal or flush durable, cheaply (they are appended raw, not
   * encoded); the next flush folds them into chunks, and a start after a crash replays them.
   */
  journal(): Promise<void>;
  /** Samples of a point with from ≤ t < to, in time order, buffered ones included. */
  read(key: string, from: number, to: number): Promise<Sample[]>;
  /**
   * The 1-minute or 1-hour roll-up buckets (UTC) of a point's samples with from ≤ t < to, in time order, one
   * per bucket that has samples: the stored ones, computed from the samples at both partial ends and for
   * what is not flushed yet, so always those of `read`'s samples while they are kept (and the stored ones
   * once past the samples' retention). A bucket cut by `from` or `to` sums up only its samples inside.
   */
  readRollups(key: string, level: RollupLevel, from: number, to: number): Promise<Bucket[]>;
  /**
   * Deletes at most `max` whole chunks of samples (of any point) whose last sample is before `before`; how
   * many it deleted. Their roll-ups stay.
   */
  pruneSamples(before: number, max: number): Promise<number>;
  /** Deletes at most `max` stored hours of roll-ups (of any point) that end at or before `before`; how many. */
  pruneRollups(before: number, max: number): Promise<number>;
}

/** Priority arrays and the audit trail that explains each change of them. */
export interface WriteStore {
  /** Priority arrays of every point ever written, by key. */
  loadPriorities(): Promise<Map<string, PriorityArray>>;
  /** Commits the writes and their audit records in one transaction: durable when the promise resolves. */
  commitWrites(writes: CommittedWrite[]): Promise<void>;
  /** Audit records newest first (by time, then by order of commit), all of them unless limited. */
  queryAudit(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Deletes at most `max` of the oldest audit records older than `before`; returns how many it deleted. */
  pruneAudit(before: number, max: number): Promise<number>;
}

/** What happened on the devices, newest first. */
export interface EventStore {
  appendEvents(events: SiteEvent[]): Promise<void>;
  /** Events newest first (by order of appending), all of them unless limited. */
  queryEvents(filter?: EventFilter): Promise<SiteEvent[]>;
}

/** Alarms raised, acknowledged and cleared. */
export interface AlarmStore {
  /** Inserts (id 0) or updates an alarm; returns its id. */
  saveAlarm(alarm: Alarm): Promise<number>;
  /** Saves several alarms, in order, in one transaction (all or none); their ids in the same order. */
  saveAlarms(alarms: readonly Alarm[]): Promise<number[]>;
  /** Alarms newest raised first (then the latest inserted), all of them unless limited. */
  queryAlarms(filter?: AlarmFilter): Promise<Alarm[]>;
}

/** Device counters that survive restarts (detection counts, operating hours…), by `<device>.<name>`. */
export interface CounterStore {
  loadCounters(): Promise<Map<string, number>>;
  /** Sets the counters given; the others keep their values. */
  saveCounters(counters: Map<string, number>): Promise<void>;
}

/** The users of the HTTP API. */
export interface UserStore {
  /** The user of that name, or null. */
  getUser(name: string): Promise<User | null>;
  /** Creates or replaces the user of that name, stored as given. */
  saveUser(user: User): Promise<void>;
  /** Removes the user; false when there was none. */
  deleteUser(name: string): Promise<boolean>;
  /** Every user, by name. */
  listUsers(): Promise<User[]>;
}

/** The charging back end's id tags and transactions (charging.ts). */
export interface ChargingHolder {
  readonly charging: ChargingStore;
}

/** The charge points' outbox and state (outbox.ts). */
export interface OutboxHolder {
  readonly outbox: OutboxStore;
}

/** Intrusion-alarm reports sent to and received by alarm receivers (alarm-reports.ts). */
export interface AlarmReportsHolder {
  readonly alarmReports: AlarmReportsStore;
}

/** Where history lives: the history store of the engine. */
export interface HistoryHolder {
  readonly history: HistoryStore;
}

/** The engine's own state: health, a probe, backups and the close. */
export interface StoreLifecycle {
  /** Whether writes reach the disk: `/healthz` and Database Status follow it. */
  readonly health: StoreHealth;
  /** Time of a trivial query, ms: the Database Response Time the parking server shows. */
  probe(): Promise<number>;
  /** Copies the databases, online, into the folder `dir` (created); returns the files written. */
  backup(dir: string): Promise<string[]>;
  /** Flushes and closes; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Everything an engine keeps, every concern in one object. */
export interface Store
  extends WriteStore,
    EventStore,
    AlarmStore,
    CounterStore,
    UserStore,
    HistoryHolder,
    ChargingHolder,
    OutboxHolder,
    AlarmReportsHolder,
    StoreLifecycle {}
