// Alarms as a protocol sees them: the open ones (from memory, at once), the store's (once the saves under way
// are done), and acknowledgement in a user's name, each an `ack` record of the audit trail. In a cluster, the
// alarms of a device are acknowledged on the node that runs it (an owner call): its alarm monitor follows them
// and its behaviour is told; the audit record is written there. An alarm reported from outside belongs to no
// device: any node may raise, clear or acknowledge it, each first taking the reported alarms as the store has
// them (another node's receiver may have raised or cleared one; two nodes changing one alarm at the same
// instant: the last save wins).

import type { Clock } from '../../core/clock.js';
import type { Alarm, AlarmFilter, AlarmStore, AuditRecord } from '../../store/store.js';
import type { AlarmMonitor, ReportedCondition } from '../alarm-monitor.js';
import type { WritePath } from '../write-path.js';
import type { Actor } from './actor.js';
import type { OwnerCalls } from './owner-calls.js';

/** The kind of the owner call that acknowledges alarms on the node running their device. */
export const ALARM_ACK_CALL = 'alarm-ack';

/** Which node runs a device, and how to reach it. */
export interface AlarmOwners {
  owns(device: string): boolean;
  calls: OwnerCalls;
  /** Whether other nodes share the store (a node of a cluster). */
  clustered: boolean;
}

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
  owners: AlarmOwners,
): AlarmsService {
  /** Acknowledges alarms this node's monitor follows (all or nothing), with their audit records. */
  const acknowledgeHere = async (ids: readonly number[], actor: Actor): Promise<AckResult> => {
    // Saves of alarms raised just now give them their ids: wait for them before looking.
    await monitor.settled();
    const open = new Map(monitor.list().map((a) => [a.id, a]));
    const wanted = new Set(ids);
    const problems: string[] = [];
    for (const id of wanted) problems.push(...problemOf(id, open.get(id)));
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
  };
  owners.calls.handle(ALARM_ACK_CALL, (_device, payload) => {
    const { ids, actor } = payload as { ids: number[]; actor: Actor };
    return acknowledgeHere(ids, actor);
  });
  /** A device's alarm another node raises, clears and acknowledges (a reported condition has no such node). */
  const elsewhere = (alarm: Alarm) => alarm.reported === null && !owners.owns(alarm.device);
  /** In a cluster: the reported alarms as the store has them, before this node changes one. */
  const adoptReported = async () => {
    if (!owners.clustered) return;
    await monitor.settled();
    monitor.adoptReported((await store.queryAlarms({ state: 'open' })).filter((a) => a.reported !== null));
  };
  return {
    open: () => monitor.list(),
    async raiseReported(condition) {
      await adoptReported();
      return monitor.raiseReported(condition);
    },
    async clearReported(key) {
      await adoptReported();
      return monitor.clearReported(key);
    },
    async query(filter) {
      await monitor.settled();
      return store.queryAlarms(filter);
    },
    async acknowledge(ids, actor) {
      await adoptReported();
      await monitor.settled();
      const known = new Map(monitor.list().map((a) => [a.id, a]));
      const wanted = [...new Set(ids)];
      const here = (id: number) => {
        const alarm = known.get(id);
        return alarm !== undefined && !elsewhere(alarm);
      };
      if (wanted.every(here)) return acknowledgeHere(wanted, actor);
      // Some run on other nodes: what the store has of them (this node's memory may not know them, or be old).
      const stored = new Map((await store.queryAlarms({ state: 'open' })).map((a) => [a.id, a]));
      const problems: string[] = [];
      const local: number[] = [];
      const byDevice = new Map<string, number[]>();
      for (const id of wanted) {
        const alarm = here(id) ? known.get(id) : stored.get(id);
        const problem = problemOf(id, alarm);
        if (problem.length > 0 || alarm === undefined) problems.push(...problem);
        else if (!elsewhere(alarm)) local.push(id);
        else byDevice.set(alarm.device, [...(byDevice.get(alarm.device) ?? []), id]);
      }
      if (problems.length > 0) return { ok: false, reason: 'refused', problems };
      // Each device's at once on its node (all or nothing there); the checks above make a refusal unlikely.
      const results = await Promise.all([
        local.length > 0 ? acknowledgeHere(local, actor) : ({ ok: true, alarms: [] } as AckResult),
        ...[...byDevice].map(([device, some]) =>
          owners.calls.call(device, ALARM_ACK_CALL, { ids: some, actor }).then(
            (answer) => answer as AckResult,
            (err: unknown): AckResult => ({
              ok: false,
              reason: 'refused',
              problems: [`alarms ${some.join(', ')} of ${device}: ${(err as Error).message}`],
            }),
          ),
        ),
      ]);
      for (const result of results)
        if (!result.ok && result.reason === 'refused') problems.push(...result.problems);
      if (problems.length > 0) return { ok: false, reason: 'refused', problems };
      const unsaved = results.find((r) => !r.ok && r.reason === 'unsaved');
      if (unsaved && !unsaved.ok && unsaved.reason === 'unsaved') return unsaved;
      const saved = await store.queryAlarms();
      const wantedSet = new Set(wanted);
      return { ok: true, alarms: saved.filter((a) => wantedSet.has(a.id)) };
    },
  };
}

/** Why alarm `id` cannot be acknowledged (none when it can). */
function problemOf(id: number, alarm: Alarm | undefined): string[] {
  if (!alarm) return [`alarm ${id} is not open (unknown, or cleared and acknowledged)`];
  if (alarm.ackedAt !== null)
    return [`alarm ${id} is already acknowledged${alarm.ackedBy ? ` by ${alarm.ackedBy}` : ''}`];
  return [];
}
