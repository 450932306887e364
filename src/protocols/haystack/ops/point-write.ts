// `pointWrite`: with an `id` only, the point's 17 levels (level, levelDis, val, who); with a `level`, a
// write through the one write path (null `val` relinquishes; `duration` only at level 8). One row per request.
// A momentary action has no priority array: a pointWrite of its word (or true) runs it, as invokeAction does.

import { HDict, HGrid, HNum, HStr, type HVal } from 'haystack-core';
import type { WriteErrorCode, WriteRequest } from '../../../runtime/services/services.js';
import { OpError } from '../grids.js';
import { toHaystack } from '../haystack-values.js';
import { durationMs, MAX_OVERRIDE_MS } from '../time-units.js';
import type { Op, OpContext } from './context.js';
import { pointRecordOf } from './record-ref.js';
import { writeFailure } from './write-failure.js';
import { writeValueOf, writeValueProblem } from './write-value.js';

const LEVEL_DIS: Record<number, string> = { 1: '1 (emergency)', 8: '8 (manual)', 17: 'def' };

async function readLevels(ctx: OpContext, key: string, index: number): Promise<HGrid> {
  const entry = ctx.services.points.entry(index);
  const array = ctx.services.writes.priorityArray(key);
  if (entry.point.type === 'action')
    throw new OpError(
      `${entry.point.name} is a momentary action: it has no priority array; run it with invokeAction (or a pointWrite of ${entry.point.action})`,
    );
  if (!array) throw new OpError(`${entry.point.name} is not writable`);
  // Who wrote each level: the latest audit record at that level.
  const audit = await ctx.services.audit.query({ key, limit: 500 });
  const writerAt = (level: number) => audit.find((a) => a.level === level && a.action === 'write')?.who;
  const rows: HDict[] = [];
  for (let level = 1; level <= 17; level++) {
    const value = level === 17 ? array.relinquishDefault : array.values[level - 1];
    const tags: Record<string, HVal> = {
      level: HNum.make(level),
      levelDis: HStr.make(LEVEL_DIS[level] ?? String(level)),
    };
    if (level === 17 && value !== undefined && value !== null) {
      tags.val = toHaystack(entry.point, value);
      // A default written at level 17 (an admin's) says who wrote it; the device's own has no writer.
      const who = array.defaultWritten ? writerAt(17) : undefined;
      if (who) tags.who = HStr.make(who);
    }
    if (level < 17 && value !== null && value !== undefined) {
      tags.val = toHaystack(entry.point, value);
      const who = writerAt(level);
      if (who) tags.who = HStr.make(who);
      const expires = array.expiries[level - 1];
      if (expires)
        tags.expires = HNum.make(Math.max(0, Math.round((expires - ctx.services.clock.now()) / 1000)), 's');
    }
    rows.push(HDict.make(tags));
  }
  const grid = HGrid.make({
    rows,
    meta: HDict.make({ writeVal: toHaystack(entry.point, array.value), writeLevel: HNum.make(array.level) }),
  });
  for (const name of ['level', 'levelDis', 'val', 'who']) if (!grid.hasColumn(name)) grid.addColumn(name);
  return grid;
}

export const pointWriteOp: Op = {
  name: 'pointWrite',
  noSideEffects: false,
  doc: 'Read the priority array of a writable point, or write one of its levels',
  async run(ctx) {
    const rows = ctx.request.getRows();
    const row = rows[0];
    if (!row) throw new OpError('pointWrite: the request grid has no row');
    // One write per request, as Haxall takes it: a second row is refused rather than silently dropped.
    if (rows.length > 1)
      throw new OpError(`pointWrite: one row per request, not ${rows.length}: send each write on its own`);
    const record = pointRecordOf(ctx.records, row.get('id'));
    const { key, point } = ctx.services.points.entry(record.point);
    // An action's word needs no level (it has none); any other write names its level.
    const runsAction = point.type === 'action' && row.has('val');
    if (!row.has('level') && !runsAction) return readLevels(ctx, key, record.point);
    const level = row.get('level');
    const duration = row.get('duration');
    const who = row.get('who');
    const request: WriteRequest = {
      key,
      value: row.get('val')?.toZinc() ?? null,
      // A level that is not a Number is NaN: refused below, and audited without a level.
      level: level instanceof HNum ? level.value : level === undefined ? undefined : Number.NaN,
      durationMs: null,
      who: who instanceof HStr && who.value.trim() !== '' ? `${ctx.user} (${who.value})` : ctx.user,
      role: ctx.role,
      via: 'haystack',
      remote: ctx.remote,
    };
    // A refusal made here (a level, value or duration Haystack cannot take) is audited as the write path's are.
    const refuse = async (code: WriteErrorCode, message: string): Promise<never> => {
      await ctx.services.writes.refuse(request, { code, message });
      throw new OpError(message);
    };
    if (
      !runsAction &&
      (!(level instanceof HNum) || !Number.isInteger(level.value) || level.value < 1 || level.value > 17)
    )
      return refuse(
        'bad-level',
        `pointWrite: level must be a whole Number from 1 to 17, not ${level?.toZinc() ?? 'null'}`,
      );
    const wrongKind = writeValueProblem(point, row.get('val'));
    if (wrongKind) return refuse('bad-type', wrongKind);
    if (duration !== undefined && duration !== null) {
      request.durationMs = duration instanceof HNum ? durationMs(duration) : null;
      if (request.durationMs === null)
        return refuse(
          'bad-duration',
          `pointWrite: duration must be a Number with a time unit (s, min, h, day, wk, mo, yr), not ${duration.toZinc()}`,
        );
      // Capped rather than clipped: an override the operator did not mean to hold for so long is refused.
      if (request.durationMs > MAX_OVERRIDE_MS)
        return refuse(
          'bad-duration',
          `pointWrite: a timed override lasts at most 30 days (30day), not ${duration.toZinc()}`,
        );
    }
    const result = await ctx.services.writes.write({
      ...request,
      value: writeValueOf(point, row.get('val')),
    });
    if (!result.ok) throw writeFailure(result);
    return HGrid.make({});
  },
};
