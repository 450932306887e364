// Raises, clears and acknowledges alarms from status point changes (and from command points in `fault`: a
// real device that does not hold what was commanded). An alarm is `active` from the moment
// its point shows trouble, `acknowledged` once a user acknowledges it, and `cleared` when the point is
// normal again; it stays open until it is both cleared and acknowledged. A change the store refuses (a full
// disk) is not lost: the alarm stays in the open list, the failure is reported, and the save is tried again
// after 1 s, 2 s, 4 s… (at most a minute apart) of the clock, and once more at stop.
// An interface may also raise and clear alarms of conditions reported from outside, which no point of the
// site follows (an alarm receiver's event from an account that is no site device): `raiseReported` and
// `clearReported`, each resolving once its change is saved.

import type { Clock, TimerHandle } from '../core/clock.js';
import type { Value } from '../core/value.js';
import type { Alarm, AlarmSeverity, AlarmStore } from '../store/store.js';
import { troubleOf } from './alarm-rules.js';
import type { PointChange, PointStore } from './point-store.js';

/** First and longest pause before an unsaved alarm is tried again, ms of the clock. */
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 60_000;

/** A condition reported from outside, as an alarm shows it. */
export interface ReportedCondition {
  /** Names the condition among all alarms (no point's key: it must not hold a `.`-separated point id). */
  key: string;
  /** Who reported it (an account…): the alarm's `device`. */
  source: string;
  /** What is in trouble at the source (a zone…): the alarm's `point`. */
  subject: string;
  /** What was reported (an event code). */
  value: Value;
  severity: AlarmSeverity;
  /** What was reported, in words. */
  text: string;
}

/** A change waiting to be saved, and the promises of those who asked for it (its earlier changes' too). */
interface PendingSave {
  alarm: Alarm;
  serial: number;
  waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }>;
}

export class AlarmMonitor {
  /** Open alarms (not both cleared and acknowledged), by a token unique to each raise. */
  private readonly open = new Map<string, Alarm>();
  /** The alarm that follows each point's condition now (raised, not yet cleared): its token, by key. */
  private readonly current = new Map<string, string>();
  /** Store ids by token: an update queued before its insert finished finds the id here. */
  private readonly ids = new Map<string, number>();
  private serial = 0;
  private unsubscribe: (() => void) | null = null;
  /** Changes waiting for the next save, the newest of each alarm (by token), with who waits for them. */
  private readonly pending = new Map<string, PendingSave>();
  /** The saving under way, so that `settled` can wait for it; null when nothing is being saved. */
  private flushing: Promise<void> | null = null;
  /** The newest change of each alarm (by token) the store has not taken yet, with its order of asking. */
  private readonly unsaved = new Map<string, { alarm: Alarm; serial: number }>();
  private saves = 0;
  private retry: TimerHandle | null = null;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;

  constructor(
    private readonly points: PointStore,
    private readonly store: AlarmStore,
    private readonly clock: Clock,
    private readonly onAlarm: (alarm: Alarm) => void = () => {},
    /** A change the store refused; it is kept and tried again. */
    private readonly onError: (err: unknown, alarm: Alarm) => void = () => {},
    /**
     * Told of each acknowledgement of an alarm whose point is still in trouble (the runtime tells the device's
     * behaviour); not of an alarm already cleared, which says nothing about the point's condition now, nor of a
     * reported one, which no point follows.
     */
    private readonly onAcknowledged: (alarm: Alarm) => void = () => {},
    /** Whether this monitor raises and clears the alarms of a device's points (in a cluster: its runner's node). */
    private readonly follows: (device: string) => boolean = () => true,
  ) {}

  /** Loads the open alarms, checks every status point as it stands, then follows changes. */
  async start(): Promise<void> {
    for (const alarm of (await this.store.queryAlarms({ state: 'open' })).reverse()) {
      const token = this.token(alarm.key);
      this.ids.set(token, alarm.id);
      this.open.set(token, alarm);
      if (alarm.clearedAt === null) this.current.set(alarm.key, token);
    }
    for (const entry of this.points.entries) {
      if (entry.point.kind === 'status') this.check(entry.index);
    }
    this.unsubscribe = this.points.subscribe((change) => this.onChange(change));
  }

  /** Stops following changes; alarm changes still unsaved are tried once more (`settled` waits for them). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopped = true;
    this.retry?.cancel();
    this.retry = null;
    this.retryUnsaved();
  }

  /** Resolves once every alarm change so far has been tried (see `unsavedCount` for what failed). */
  settled(): Promise<unknown> {
    return this.flushing ?? Promise.resolve();
  }

  /** Alarm changes the store has refused so far and that wait for their next try. */
  get unsavedCount(): number {
    return this.unsaved.size;
  }

  private token(key: string): string {
    return `${key}#${++this.serial}`;
  }

  private onChange(change: PointChange): void {
    if (change.entry.point.kind !== 'sensor') this.check(change.entry.index);
  }

  /** A status in trouble, or a command a real device does not hold as commanded (its status `fault`). */
  private severityOf(index: number): AlarmSeverity | null {
    if (!this.points.hasValue(index)) return null; // a real device's point not read yet: no value to judge
    const { point, device } = this.points.entry(index);
    if (point.kind === 'command') return this.points.status(index) === 'fault' ? 'alarm' : null;
    return troubleOf(point, this.points.value(index), device.parameters.alarms);
  }

  /**
   * Raises the alarm of a condition reported from outside, unless one stands for its key already (not yet
   * cleared); resolves once the change is saved (at once when there is none), rejects when the store refused it
   * (it is then kept and tried again like any other).
   */
  raiseReported(condition: ReportedCondition): Promise<void> {
    if (this.current.has(condition.key)) return Promise.resolve();
    const token = this.token(condition.key);
    this.current.set(condition.key, token);
    return this.save(token, {
      id: 0,
      key: condition.key,
      device: condition.source,
      point: condition.subject,
      value: condition.value,
      severity: condition.severity,
      state: 'active',
      raisedAt: this.clock.now(),
      ackedAt: null,
      ackedBy: null,
      clearedAt: null,
      reported: condition.text,
    });
  }

  /** Clears the alarm of the reported condition `key` if one stands; resolves once saved, as `raiseReported`. */
  clearReported(key: string): Promise<void> {
    const token = this.current.get(key);
    const alarm = token === undefined ? undefined : this.open.get(token);
    if (token === undefined || !alarm || alarm.reported === null) return Promise.resolve();
    this.current.delete(key);
    return this.save(token, { ...alarm, state: 'cleared', clearedAt: this.clock.now() });
  }

  /**
   * `device`'s open alarms as the store has them now (another node of a cluster ran it until now): they replace
   * what this monitor remembered of the device's (saved) alarms, so that it clears the ones raised elsewhere and
   * raises none twice. Then every point of the device is checked as it stands (`recheck`).
   */
  adopt(device: string, stored: readonly Alarm[]): void {
    this.replaceRemembered((a) => a.device === device && a.reported === null, stored);
    this.recheck(device);
  }

  /**
   * The reported alarms open in the store now (in a cluster any node's receiver may have raised, cleared or
   * acknowledged one): they replace what this monitor remembered of reported alarms, but for its own changes
   * not saved yet, so that it clears and acknowledges what another node raised and raises nothing twice.
   */
  adoptReported(stored: readonly Alarm[]): void {
    this.replaceRemembered((a) => a.reported !== null, stored);
  }

  /**
   * The alarms `stored` that `matches` takes replace those this monitor remembers that it takes, but for its
   * own changes not saved yet (waiting for a save or a retry): those stay as they are.
   */
  private replaceRemembered(matches: (alarm: Alarm) => boolean, stored: readonly Alarm[]): void {
    const waiting = new Set([...this.pending.keys(), ...this.unsaved.keys()]);
    for (const [token, alarm] of this.open) {
      if (!matches(alarm) || waiting.has(token)) continue;
      this.open.delete(token);
      this.ids.delete(token);
      if (this.current.get(alarm.key) === token) this.current.delete(alarm.key);
    }
    const known = new Set([...this.open.values()].map((a) => a.id));
    for (const alarm of stored) {
      if (!matches(alarm) || known.has(alarm.id)) continue;
      const token = this.token(alarm.key);
      this.ids.set(token, alarm.id);
      this.open.set(token, alarm);
      if (alarm.clearedAt === null && !this.current.has(alarm.key)) this.current.set(alarm.key, token);
    }
  }

  /** Checks every status and command point of `device` as it stands (its node has just taken it over). */
  recheck(device: string): void {
    if (this.stopped) return;
    for (const entry of this.points.entriesOf(device))
      if (entry.point.kind !== 'sensor') this.check(entry.index);
  }

  private check(index: number): void {
    const entry = this.points.entry(index);
    if (!this.follows(entry.device.id)) return;
    const value = this.points.value(index);
    const severity = this.severityOf(index);
    const token = this.current.get(entry.key);
    const now = this.clock.now();
    if (severity && token === undefined) {
      const fresh = this.token(entry.key);
      this.current.set(entry.key, fresh);
      void this.save(fresh, {
        id: 0,
        key: entry.key,
        device: entry.device.id,
        point: entry.point.id,
        value,
        severity,
        state: 'active',
        raisedAt: now,
        ackedAt: null,
        ackedBy: null,
        clearedAt: null,
        reported: null,
      });
    } else if (!severity && token !== undefined) {
      this.current.delete(entry.key);
      const alarm = this.open.get(token);
      if (alarm) void this.save(token, { ...alarm, state: 'cleared', clearedAt: now });
    }
  }

  /**
   * Acknowledges an open alarm by id; false when there is no such alarm or it is already acknowledged. An
   * alarm not saved yet has id 0 and cannot be acknowledged until it is.
   */
  acknowledge(id: number, user: string): boolean {
    if (id <= 0) return false;
    const found = [...this.open.entries()].find(([, a]) => a.id === id);
    if (!found || found[1].ackedAt !== null) return false;
    const [token, alarm] = found;
    const now = this.clock.now();
    const acked: Alarm = {
      ...alarm,
      state: alarm.clearedAt === null ? 'acknowledged' : 'cleared',
      ackedAt: now,
      ackedBy: user,
    };
    void this.save(token, acked);
    if (acked.clearedAt === null && acked.reported === null) this.onAcknowledged(acked);
    return true;
  }

  /** Open alarms, newest first. */
  list(): Alarm[] {
    return [...this.open.values()].sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
  }

  /** Keeps the change in the open list and queues its save; the promise says how the save went. */
  private save(token: string, alarm: Alarm): Promise<void> {
    if (alarm.clearedAt !== null && alarm.ackedAt !== null) this.open.delete(token);
    else this.open.set(token, alarm);
    return this.queue(token, alarm, ++this.saves);
  }

  /**
   * Queues one change to be saved after those asked before it. Changes queued while a save is under way are
   * saved together in the next (one transaction: under a burst of alarms one flush serves them all), the
   * newest change of each alarm only. A refused one waits in `unsaved` for the next try. The promise rejects
   * when this try failed; nobody need wait for it.
   */
  private queue(token: string, alarm: Alarm, serial: number): Promise<void> {
    const known = this.pending.get(token);
    if (known && known.serial > serial) return Promise.resolve(); // a retry of an older change: the newer wins
    const done = new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (known) Object.assign(known, { alarm, serial, waiters: [...known.waiters, waiter] });
      else this.pending.set(token, { alarm, serial, waiters: [waiter] });
    });
    done.catch(() => {});
    if (this.flushing === null) this.flushing = this.flushPending();
    return done;
  }

  /** Saves the pending changes, batch after batch, until none is left. */
  private async flushPending(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending.entries()];
      this.pending.clear();
      try {
        const ids = await this.store.saveAlarms(
          batch.map(([token, { alarm }]) => ({ ...alarm, id: alarm.id || (this.ids.get(token) ?? 0) })),
        );
        batch.forEach(([token, { alarm, serial, waiters }], i) => {
          const id = ids[i] as number;
          this.ids.set(token, id);
          alarm.id = id;
          const waiting = this.unsaved.get(token);
          if (waiting && waiting.serial <= serial) this.unsaved.delete(token);
          this.onAlarm(alarm);
          for (const w of waiters) w.resolve();
        });
        this.retryMs = FIRST_RETRY_MS;
      } catch (err) {
        for (const [token, { alarm, serial, waiters }] of batch) {
          const waiting = this.unsaved.get(token);
          if (!waiting || waiting.serial < serial) this.unsaved.set(token, { alarm, serial });
          this.onError(err, alarm);
          for (const w of waiters) w.reject(err);
        }
        this.scheduleRetry();
      }
    }
    this.flushing = null;
  }

  private scheduleRetry(): void {
    if (this.retry !== null || this.stopped) return; // one timer at a time; none once stopped
    this.retry = this.clock.at(this.clock.now() + this.retryMs, () => {
      this.retry = null;
      this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
      this.retryUnsaved();
    });
  }

  /** Queues every unsaved change again, oldest first. */
  private retryUnsaved(): void {
    const waiting = [...this.unsaved.entries()].sort((a, b) => a[1].serial - b[1].serial);
    for (const [token, { alarm, serial }] of waiting) void this.queue(token, alarm, serial);
  }
}
