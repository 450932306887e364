// Alarms as a protocol sees them: the open ones (from memory, at once), the store's (once the saves under way
// are done), and acknowledgement in a user's name, each an `ack` record of the audit trail.

import type { Clock } from '../../core/clock.js';
import type { Alarm, AlarmFilter, AlarmStore, AuditRecord } from '../../store/store.js';
import type { AlarmMonitor, ReportedCondition } from '../alarm-monitor.js';
import type { WritePath } from '../write-path.js';
import type { Actor } from './actor.js';

export type AckResult =
  | { ok: true; alarms: Alarm[] }
  /** Nothing acknowledged: why each alarm named cannot be. */
  | { ok: false; reason: 'refused'; problems: string[] }
  /** Acknowledged, but an audit record could not be saved. */
  | { ok: false; reason: 'unsaved'; message: string };

export interface AlarmsService {
  /** Open alarms (not both cleared and acknowledged), newest first. */
  open(): Alarm[];
  /** Alarms from the store, newest raised first, once the alarm changes made so far are saved. */
  query(filter?: AlarmFilter): Promise<Alarm[]>;
  /**
   * Acknowledges the alarms of `ids` (all or nothing: each must be open and not yet acknowledged), each with an
   * `ack` audit record durable before the answer; the answer has them as saved.
   */
  acknowledge(ids: readonly number[], actor: Actor): Promise<AckResult>;
  /**
   * Raises the alarm of a condition reported from outside (no point of the site follows it) unless one stands
   * for its key; resolves once saved, rejects when the store refused it (it is kept and tried again).
   */
  raiseReported(condition: ReportedCondition): Promise<void>;
  /** The reported condition `key` is normal again: its alarm (if one stands) is cleared; resolves once saved. */
  clearReported(key: string): Promise<void>;
}

/** The audit record of `alarm` acknowledged: its point; the alarm and what raised it in `note`. */
const ackAudit = (alarm: Alarm, actor: Actor, ts: number): AuditRecord => ({
  ts,
  who: actor.who,
  via: actor.via,
  remote: actor.remote,
  key: alarm.key,
  level: null,
  action: 'ack',
  written: null,
  before: null,
  after: null,
  note: `alarm ${alarm.id} (${alarm.severity}, raised by ${JSON.stringify(alarm.value)})`,
});

export function alarmsService(
  monitor: AlarmMonitor,
  store: AlarmStore,
  writes: WritePath,
  clock: Clock,
): AlarmsService {
  return {
    open: () => monitor.list(),
    raiseReported: (condition) => monitor.raiseReported(condition),
    clearReported: (key) => monitor.clearReported(key),
    async query(filter) {
      await monitor.settled();
      return store.queryAlarms(filter);
    },
    async acknowledge(ids, actor) {
      // Saves of alarms raised just now give them their ids: wait for them before looking.
      await monitor.settled();
      const open = new Map(monitor.list().map((a) => [a.id, a]));
      const wanted = new Set(ids);
      const problems: string[] = [];
      for (const id of wanted) {
        const alarm = open.get(id);
        if (!alarm) problems.push(`alarm ${id} is not open (unknown, or cleared and acknowledged)`);
        else if (alarm.ackedAt !== null)
          problems.push(`alarm ${id} is already acknowledged${alarm.ackedBy ? ` by ${alarm.ackedBy}` : ''}`);
      }
      if (problems.length > 0) return { ok: false, reason: 'refused', problems };
      const records: Promise<string | null>[] = [];
      for (const id of wanted) {
        const alarm = open.get(id) as Alarm;
        if (!monitor.acknowledge(id, actor.who)) continue;
        records.push(writes.recordAudit(ackAudit(alarm, actor, clock.now())));
      }
      const unsaved = (await Promise.all(records)).find((failure) => failure !== null);
      await monitor.settled();
      if (unsaved) return { ok: false, reason: 'unsaved', message: unsaved };
      const saved = await store.queryAlarms();
      return { ok: true, alarms: saved.filter((a) => wanted.has(a.id)) };
    },
  };
}
