// `alarmAck` (Pointyard's own; operators and admins): acknowledges open alarms in the caller's name. Every
// alarm named must be open and not yet acknowledged, else nothing is acknowledged and the error grid says
// which and why. Each acknowledgement is an `ack` record of the audit trail, durable before the answer.

import { type HDict, HNum, HRef } from 'haystack-core';
import { OpError } from '../grids.js';
import { alarmGrid } from './alarms.js';
import type { Op } from './context.js';

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
    const actor = { who: ctx.user, role: ctx.role, via: 'haystack', remote: ctx.remote };
    const result = await ctx.services.alarms.acknowledge(ids, actor);
    if (!result.ok && result.reason === 'refused')
      throw new OpError(`alarmAck: nothing acknowledged: ${result.problems.join('; ')}`);
    if (!result.ok)
      throw new OpError(`alarmAck: acknowledged, but its audit record is not saved: ${result.message}`);
    return alarmGrid(ctx, result.alarms);
  },
};
