// Raises, clears and acknowledges alarms from status point changes (and from command points in `fault`: a
// real device that does not hold what was commanded). An alarm is `active` from the moment
// its point shows trouble, `acknowledged` once a user acknowledges it, and `cleared` when the point is
// normal again; it stays open until it is both cleared and acknowledged. A change the store refuses (a full
// disk) is not lost: the alarm stays in the open list, the failure is reported, and the save is tried again
// after 1 s, 2 s, 4 s… (at most a minute apart) of the clock, and once more at stop.

import type { Clock, TimerHandle } from '../core/clock.js';
import type { Alarm, AlarmSeverity, AlarmStore } from '../store/store.js';
import { troubleOf } from './alarm-rules.js';
import type { PointChange, PointStore } from './point-store.js';

/** First and longest pause before an unsaved alarm is tried again, ms of the clock. */
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 60_000;

export class AlarmMonitor {
  /** Open alarms (not both cleared and acknowledged), by a token unique to each raise. */
  private readonly open = new Map<string, Alarm>();
  /** The alarm that follows each point's condition now (raised, not yet cleared): its token, by key. */
  private readonly current = new Map<string, string>();
  /** Store ids by token: an update queued before its insert finished finds the id here. */
  private readonly ids = new Map<string, number>();
  private serial = 0;
  private unsubscribe: (() => void) | null = null;
  /** Saves in flight, so that `settled` can wait for them. */
  private saving: Promise<unknown> = Promise.resolve();
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
     * behaviour); not of an alarm already cleared, which says nothing about the point's condition now.
     */
    private readonly onAcknowledged: (alarm: Alarm) => void = () => {},
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
    return this.saving;
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

  private check(index: number): void {
    const entry = this.points.entry(index);
    const value = this.points.value(index);
    const severity = this.severityOf(index);
    const token = this.current.get(entry.key);
    const now = this.clock.now();
    if (severity && token === undefined) {
      const fresh = this.token(entry.key);
      this.current.set(entry.key, fresh);
      this.save(fresh, {
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
      if (alarm) this.save(token, { ...alarm, state: 'cleared', clearedAt: now });
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
    this.save(token, acked);
    if (acked.clearedAt === null) this.onAcknowledged(acked);
    return true;
  }

  /** Open alarms, newest first. */
  list(): Alarm[] {
    return [...this.open.values()].sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
  }

  private save(token: string, alarm: Alarm): void {
    if (alarm.clearedAt !== null && alarm.ackedAt !== null) this.open.delete(token);
    else this.open.set(token, alarm);
    this.queue(token, alarm, ++this.saves);
  }

  /** Saves one change after those asked before it; a refused one waits in `unsaved` for the next try. */
  private queue(token: string, alarm: Alarm, serial: number): void {
    this.saving = this.saving
      .then(() => this.store.saveAlarm({ ...alarm, id: alarm.id || (this.ids.get(token) ?? 0) }))
      .then(
        (id) => {
          this.ids.set(token, id);
          alarm.id = id;
          const waiting = this.unsaved.get(token);
          if (waiting && waiting.serial <= serial) this.unsaved.delete(token);
          this.retryMs = FIRST_RETRY_MS;
          this.onAlarm(alarm);
        },
        (err: unknown) => {
          const waiting = this.unsaved.get(token);
          if (!waiting || waiting.serial < serial) this.unsaved.set(token, { alarm, serial });
          this.onError(err, alarm);
          this.scheduleRetry();
        },
      );
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
    for (const [token, { alarm, serial }] of waiting) this.queue(token, alarm, serial);
  }
}
