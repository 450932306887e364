// `alarmAck` (Pointyard's own; operators and admins): acknowledges open alarms in the caller's name. Every
// alarm named must be open and not yet acknowledged, else nothing is acknowledged and the error grid says
// which and why. Each acknowledgement is an `ack` record of the audit trail, durable before the answer.

import { type HDict, HNum, HRef } from 'haystack-core';
import type { Alarm, AuditRecord } from '../../../store/store.js';
import { OpError } from '../grids.js';
import { alarmGrid } from './alarms.js';
import type { Op, OpContext } from './context.js';

/** The audit record of `alarm` acknowledged by the caller: its point; the alarm and what raised it in `note`. */
const ackAudit = (ctx: OpContext, alarm: Alarm): AuditRecord => ({
  ts: ctx.runtime.options.clock.now(),
  who: ctx.user,
  via: 'haystack',
  remote: ctx.remote,
  key: alarm.key,
  level: null,
  action: 'ack',
  written: null,
  before: null,
  after: null,
  note: `alarm ${alarm.id} (${alarm.severity}, raised by ${JSON.stringify(alarm.value)})`,
});

/** The alarm a row names: `alarm` (Number) or `id` (`@alarm-<n>`, as the alarms op answers it). */
function alarmIdOf(row: HDict): number | null {
  const alarm = row.get('alarm');
  if (alarm instanceof HNum) return Number.isInteger(alarm.value) && alarm.value > 0 ? alarm.value : null;
  const id = row.get('id');
  const m = id instanceof HRef ? /^alarm-([1-9]\d*)$/.exec(id.value) : null;
  return m ? Number(m[1]) : null;
}

export const alarmAckOp: Op = {
  name: 'alarmAck',
  noSideEffects: false,
  needs: 'invoke',
  doc: 'Acknowledge alarms (one row per alarm: alarm Number, or id @alarm-<n>)',
  async run(ctx) {
    const rows = ctx.request.getRows();
    if (rows.length === 0) throw new OpError('alarmAck: name the alarms, one row each with alarm (a Number)');
    const ids = rows.map((row) => {
      const id = alarmIdOf(row);
      if (id === null) throw new OpError(`alarmAck: ${row.toZinc()} names no alarm (alarm: a Number)`);
      return id;
    });
    // Saves of alarms raised just now give them their ids: wait for them before looking.
    await ctx.runtime.alarms.settled();
    const open = new Map(ctx.runtime.alarms.list().map((a) => [a.id, a]));
    const problems: string[] = [];
    for (const id of new Set(ids)) {
      const alarm = open.get(id);
      if (!alarm) problems.push(`alarm ${id} is not open (unknown, or cleared and acknowledged)`);
      else if (alarm.ackedAt !== null)
        problems.push(`alarm ${id} is already acknowledged${alarm.ackedBy ? ` by ${alarm.ackedBy}` : ''}`);
    }
    if (problems.length > 0) throw new OpError(`alarmAck: nothing acknowledged: ${problems.join('; ')}`);
    const records: Promise<string | null>[] = [];
    for (const id of new Set(ids)) {
      const alarm = open.get(id) as Alarm;
      if (!ctx.runtime.alarms.acknowledge(id, ctx.user)) continue;
      records.push(ctx.runtime.writes.recordAudit(ackAudit(ctx, alarm)));
    }
    const unsaved = (await Promise.all(records)).find((failure) => failure !== null);
    await ctx.runtime.alarms.settled();
    if (unsaved) throw new OpError(`alarmAck: acknowledged, but its audit record is not saved: ${unsaved}`);
    const acked = await ctx.runtime.options.store.queryAlarms();
    const wanted = new Set(ids);
    return alarmGrid(
      ctx,
      acked.filter((a) => wanted.has(a.id)),
    );
  },
};
