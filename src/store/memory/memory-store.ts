// A store that keeps everything in memory: for `simulate` (whose output is files, not a database) and for
// tests of the runtime. Same interface and same semantics as the SQLite engine, nothing survives the process.

import type { PriorityArray } from '../../core/priority-array.js';
import { getOrCreate } from '../../util/maps.js';
import {
  type Bucket,
  bucketStart,
  bucketsOf,
  HOUR_MS,
  MINUTE_MS,
  type RollupLevel,
  type RollupRow,
  rollupRows,
  unpackBuckets,
} from '../history/rollup-buckets.js';
import type {
  Alarm,
  AlarmFilter,
  AuditFilter,
  AuditRecord,
  CommittedWrite,
  EventFilter,
  HistoryStore,
  Sample,
  SiteEvent,
  Store,
  User,
} from '../store.js';
import { StoreError } from '../store-error.js';
import { StoreHealth } from '../store-health.js';
import { MemoryAlarmReports } from './memory-alarm-reports.js';
import { MemoryCharging } from './memory-charging.js';
import { MemoryOutbox } from './memory-outbox.js';

const within = (ts: number, f: { from?: number; to?: number }) =>
  ts >= (f.from ?? -Infinity) && ts < (f.to ?? Infinity);
/** The first `limit` rows, all of them when it is absent or negative (as SQLite's LIMIT -1). */
const limited = <T>(rows: T[], limit?: number): T[] =>
  limit === undefined || limit < 0 ? rows : rows.slice(0, limit);
/** Rows by order of appending, newest first, as copies. */
const newestFirst = <T>(rows: T[], limit?: number): T[] =>
  limited(rows.slice().reverse(), limit).map((r) => structuredClone(r));
/** Audit records newest first: by time, then the later committed first (`rows` is in order of commit). */
const byTimeNewestFirst = (rows: AuditRecord[]): AuditRecord[] =>
  rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => y.r.ts - x.r.ts || y.i - x.i)
    .map(({ r }) => r);

class MemoryHistory implements HistoryStore {
  private readonly series = new Map<string, Sample[]>();
  /** The roll-ups of hours whose samples retention deleted (some or all), by key and hour. */
  private readonly kept = new Map<string, Map<number, RollupRow>>();

  append(key: string, time: number, v: number): void {
    const t = Math.round(time); // whole ms, as every engine keeps them
    this.kept.get(key)?.delete(bucketStart(t, HOUR_MS)); // its hour's roll-ups are computed again
    const samples = getOrCreate(this.series, key, () => [] as Sample[]);
    const last = samples.at(-1);
    if (!last || t > last.t) {
      samples.push({ t, v });
      return;
    }
    // Older than the last: its place in time, replacing a sample at the same time.
    let lo = 0;
    let hi = samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((samples[mid] as Sample).t < t) lo = mid + 1;
      else hi = mid;
    }
    if (samples[lo]?.t === t) samples[lo] = { t, v };
    else samples.splice(lo, 0, { t, v });
  }

  merge(writes: ReadonlyArray<{ key: string; samples: Sample[] }>): Promise<void> {
    for (const { key, samples } of writes) for (const s of samples) this.append(key, s.t, s.v);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  journal(): Promise<void> {
    return Promise.resolve();
  }

  read(key: string, from: number, to: number): Promise<Sample[]> {
    return Promise.resolve((this.series.get(key) ?? []).filter((s) => s.t >= from && s.t < to));
  }

  /**
   * Computed from the samples, but an hour retention deleted samples of keeps the roll-ups it had then (as the
   * SQL engines keep the stored ones), until a sample written into it makes them computed again.
   */
  async readRollups(key: string, level: RollupLevel, from: number, to: number): Promise<Bucket[]> {
    const kept = this.kept.get(key);
    const computed = bucketsOf(await this.read(key, from, to), level);
    if (!kept || kept.size === 0) return computed;
    const size = level === 'hour' ? HOUR_MS : 60_000;
    const old: Bucket[] = [];
    for (const [hour, row] of kept) {
      if (hour + HOUR_MS <= from || hour >= to) continue;
      const buckets =
        level === 'hour' ? unpackBuckets(row.total, HOUR_MS) : unpackBuckets(row.minutes, MINUTE_MS);
      // Whole buckets only, as the stored ones are read.
      old.push(...buckets.filter((b) => b.start >= from && b.start + size <= to));
    }
    const fresh = computed.filter((b) => !kept.has(bucketStart(b.start, HOUR_MS)));
    return [...old, ...fresh].sort((a, b) => a.start - b.start);
  }

  /** Deletes samples before `before` (at most `max`), keeping the roll-ups of their hours. */
  pruneSamples(before: number, max: number): Promise<number> {
    let deleted = 0;
    for (const [key, samples] of this.series) {
      let n = 0;
      while (n < samples.length && (samples[n] as Sample).t < before && deleted + n < max) n++;
      if (n === 0) continue;
      const hours = new Set(samples.slice(0, n).map((s) => bucketStart(s.t, HOUR_MS)));
      const kept = getOrCreate(this.kept, key, () => new Map<number, RollupRow>());
      // An hour kept by an earlier batch keeps what it had then (its samples were all there).
      for (const row of rollupRows(samples, hours)) if (!kept.has(row.hour)) kept.set(row.hour, row);
      samples.splice(0, n);
      deleted += n;
    }
    return Promise.resolve(deleted);
  }

  pruneRollups(before: number, max: number): Promise<number> {
    let deleted = 0;
    for (const kept of this.kept.values())
      for (const hour of [...kept.keys()])
        if (hour + HOUR_MS <= before && deleted < max) {
          kept.delete(hour);
          deleted++;
        }
    return Promise.resolve(deleted);
  }
}

export class MemoryStore implements Store {
  readonly history = new MemoryHistory();
  readonly charging = new MemoryCharging();
  /** Memory never refuses a write: always healthy. */
  readonly health = new StoreHealth();
  readonly outbox = new MemoryOutbox();
  readonly alarmReports = new MemoryAlarmReports();
  private readonly priorities = new Map<string, PriorityArray>();
  private readonly audit: AuditRecord[] = [];
  private readonly events: SiteEvent[] = [];
  private readonly alarms: Alarm[] = [];
  private counters = new Map<string, number>();
  private readonly users = new Map<string, User>();

  loadPriorities(): Promise<Map<string, PriorityArray>> {
    return Promise.resolve(new Map(this.priorities));
  }

  commitWrites(writes: CommittedWrite[]): Promise<void> {
    for (const w of writes) {
      if (w.array) this.priorities.set(w.key, structuredClone(w.array));
      this.audit.push(structuredClone(w.audit));
    }
    return Promise.resolve();
  }

  queryAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const rows = this.audit.filter(
      (a) =>
        within(a.ts, filter) &&
        (filter.key ? a.key === filter.key : !filter.device || a.key.startsWith(`${filter.device}.`)) &&
        (!filter.who || a.who === filter.who) &&
        a.key !== filter.notKey,
    );
    return Promise.resolve(limited(byTimeNewestFirst(rows), filter.limit).map((r) => structuredClone(r)));
  }

  pruneAudit(before: number, max: number): Promise<number> {
    // The oldest first: by time, then by order of commit.
    const doomed = new Set(
      byTimeNewestFirst(this.audit.filter((a) => a.ts < before))
        .reverse()
        .slice(0, Math.max(0, max)),
    );
    const kept = this.audit.filter((a) => !doomed.has(a));
    this.audit.length = 0;
    this.audit.push(...kept);
    return Promise.resolve(doomed.size);
  }

  appendEvents(events: SiteEvent[]): Promise<void> {
    this.events.push(...events.map((e) => structuredClone(e)));
    return Promise.resolve();
  }

  queryEvents(filter: EventFilter = {}): Promise<SiteEvent[]> {
    const rows = this.events.filter(
      (e) =>
        within(e.ts, filter) &&
        (!filter.device || e.device === filter.device) &&
        (!filter.kind || e.kind === filter.kind),
    );
    return Promise.resolve(newestFirst(rows, filter.limit));
  }

  async saveAlarms(alarms: readonly Alarm[]): Promise<number[]> {
    const ids: number[] = [];
    for (const alarm of alarms) ids.push(await this.saveAlarm(alarm));
    return ids;
  }

  saveAlarm(alarm: Alarm): Promise<number> {
    if (alarm.id === 0) {
      const id = this.alarms.length + 1;
      this.alarms.push({ ...structuredClone(alarm), id });
      return Promise.resolve(id);
    }
    // An update changes what an alarm goes through (value, state, times), not what it is, as in SQLite.
    const stored = this.alarms.find((a) => a.id === alarm.id);
    if (stored) {
      const { value, state, ackedAt, ackedBy, clearedAt } = structuredClone(alarm);
      Object.assign(stored, { value, state, ackedAt, ackedBy, clearedAt });
    }
    return Promise.resolve(alarm.id);
  }

  queryAlarms(filter: AlarmFilter = {}): Promise<Alarm[]> {
    const open = (a: Alarm) => !(a.state === 'cleared' && a.ackedAt !== null);
    const rows = this.alarms.filter(
      (a) =>
        (!filter.state || (filter.state === 'open' ? open(a) : a.state === filter.state)) &&
        (!filter.key || a.key === filter.key),
    );
    const sorted = rows.sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
    return Promise.resolve(limited(sorted, filter.limit).map((a) => structuredClone(a)));
  }

  loadCounters(): Promise<Map<string, number>> {
    return Promise.resolve(new Map(this.counters));
  }

  saveCounters(counters: Map<string, number>): Promise<void> {
    this.counters = new Map([...this.counters, ...counters]);
    return Promise.resolve();
  }

  getUser(name: string): Promise<User | null> {
    const user = this.users.get(name);
    return Promise.resolve(user ? { ...user } : null);
  }

  saveUser(user: User): Promise<void> {
    this.users.set(user.name, { ...user });
    return Promise.resolve();
  }

  deleteUser(name: string): Promise<boolean> {
    return Promise.resolve(this.users.delete(name));
  }

  listUsers(): Promise<User[]> {
    const names = [...this.users.keys()].sort();
    return Promise.resolve(names.map((n) => ({ ...(this.users.get(n) as User) })));
  }

  probe(): Promise<number> {
    return Promise.resolve(0);
  }

  backup(_dir: string): Promise<string[]> {
    return Promise.reject(new StoreError('the in-memory store keeps nothing on disk to back up'));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
