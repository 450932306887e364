// Raises, clears and acknowledges alarms from status point changes (and from command points in `fault`: a
// real device that does not hold what was commanded). An alarm is `active` from the moment
// its point shows trouble, `acknowledged` once a user acknowledges it, and `cleared` when the point is
// normal again; it stays open until it is both cleared and acknowledged.

import type { Alarm, AlarmSeverity, Store } from '../store/store.js';
import { troubleOf } from './alarm-rules.js';
import type { Clock } from './clock.js';
import type { PointChange, PointStore } from './point-store.js';

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

  constructor(
    private readonly points: PointStore,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onAlarm: (alarm: Alarm) => void = () => {},
    private readonly onError: (err: unknown) => void = () => {},
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

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Resolves once every alarm change so far is saved. */
  settled(): Promise<unknown> {
    return this.saving;
  }

  private token(key: string): string {
    return `${key}#${++this.serial}`;
  }

  private onChange(change: PointChange): void {
    if (change.entry.point.kind !== 'sensor') this.check(change.entry.index);
  }

  /** A status in trouble, or a command a real device does not hold as commanded (its status `fault`). */
  private severityOf(index: number): AlarmSeverity | null {
    if (!this.points.hasValue(index)) return null; // a real device's point not read yet: a placeholder
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
      });
    } else if (!severity && token !== undefined) {
      this.current.delete(entry.key);
      const alarm = this.open.get(token);
      if (alarm) this.save(token, { ...alarm, state: 'cleared', clearedAt: now });
    }
  }

  /** Acknowledges an open alarm by id; false when there is no such alarm or it is already acknowledged. */
  acknowledge(id: number, user: string): boolean {
    const found = [...this.open.entries()].find(([, a]) => a.id === id);
    if (!found || found[1].ackedAt !== null) return false;
    const [token, alarm] = found;
    const now = this.clock.now();
    this.save(token, {
      ...alarm,
      state: alarm.clearedAt === null ? 'acknowledged' : 'cleared',
      ackedAt: now,
      ackedBy: user,
    });
    return true;
  }

  /** Open alarms, newest first. */
  list(): Alarm[] {
    return [...this.open.values()].sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
  }

  private save(token: string, alarm: Alarm): void {
    if (alarm.clearedAt !== null && alarm.ackedAt !== null) this.open.delete(token);
    else this.open.set(token, alarm);
    this.saving = this.saving
      .then(() => this.store.saveAlarm({ ...alarm, id: alarm.id || (this.ids.get(token) ?? 0) }))
      .then((id) => {
        this.ids.set(token, id);
        alarm.id = id;
        this.onAlarm(alarm);
      })
      .catch(this.onError);
  }
}
