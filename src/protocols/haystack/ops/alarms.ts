// `alarms` (Pointyard's own): the site's alarms, newest first, with the counts an operator's screen shows in
// its header (`activeCount`, `unackedCount` in the grid meta, over every open alarm whatever the filter). An
// alarm reported from outside (no point of the site) has no `point` or `equipRef`: its `dis` says what was
// reported and `source` who reported it.

import { HDict, type HGrid, HNum, HRef, HStr, type HVal } from 'haystack-core';
import type { Alarm, AlarmFilter } from '../../../runtime/services/services.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, inScope, limitOf, optionalStr, scopeOf } from './request-params.js';
import { equipRef, pointRef, pointValue, recordDis, siteTime } from './store-refs.js';

export const ALARM_COLUMNS = [
  'id',
  'alarm',
  'point',
  'equipRef',
  'dis',
  'val',
  'severity',
  'state',
  'raisedAt',
  'ackedAt',
  'ackedBy',
  'clearedAt',
  'source',
];

const STATES = ['active', 'acknowledged', 'cleared', 'open'] as const;

/** `@alarm-<n>`: an alarm's id (not a record: `read` does not know it). */
export const alarmRef = (id: number): HRef => HRef.make(`alarm-${id}`);

/** The tags that say what an alarm is about: its point, or what was reported and by whom. */
function subjectTags(ctx: OpContext, alarm: Alarm): Record<string, HVal> {
  if (alarm.reported !== null)
    return {
      dis: HStr.make(alarm.reported),
      val: pointValue(ctx, alarm.key, alarm.value),
      source: HStr.make(alarm.device),
    };
  return {
    point: pointRef(ctx, alarm.key),
    equipRef: equipRef(ctx, alarm.device),
    dis: HStr.make(recordDis(ctx, `${ctx.records.site.site.id}.${alarm.key}`) ?? alarm.key),
    val: pointValue(ctx, alarm.key, alarm.value),
  };
}

export function alarmRow(ctx: OpContext, alarm: Alarm): HDict {
  const tags: Record<string, HVal> = {
    id: alarmRef(alarm.id),
    alarm: HNum.make(alarm.id),
    ...subjectTags(ctx, alarm),
    severity: HStr.make(alarm.severity),
    state: HStr.make(alarm.state),
    raisedAt: siteTime(ctx, alarm.raisedAt),
  };
  if (alarm.ackedAt !== null) tags.ackedAt = siteTime(ctx, alarm.ackedAt);
  if (alarm.ackedBy !== null) tags.ackedBy = HStr.make(alarm.ackedBy);
  if (alarm.clearedAt !== null) tags.clearedAt = siteTime(ctx, alarm.clearedAt);
  return HDict.make(tags);
}

/** A grid of alarm rows with the open alarms' counts in its meta. */
export function alarmGrid(ctx: OpContext, alarms: Alarm[]): HGrid {
  const open = ctx.services.alarms.open();
  return tableGrid(
    ALARM_COLUMNS,
    alarms.map((a) => alarmRow(ctx, a)),
    {
      activeCount: HNum.make(open.filter((a) => a.clearedAt === null).length),
      unackedCount: HNum.make(open.filter((a) => a.ackedAt === null).length),
    },
  );
}

export const alarmsOp: Op = {
  name: 'alarms',
  noSideEffects: true,
  doc: 'Alarms, newest first (state: active, acknowledged, cleared or open; id: an equip or point; limit)',
  async run(ctx) {
    const row = firstRow(ctx);
    const state = optionalStr('alarms', row, 'state');
    if (state !== null && !(STATES as readonly string[]).includes(state))
      throw new OpError(`alarms: state must be one of ${STATES.join(', ')}, not '${state}'`);
    const scope = scopeOf(ctx, 'alarms', row);
    const limit = limitOf('alarms', row);
    const filter: AlarmFilter = {};
    if (state !== null) filter.state = state as AlarmFilter['state'];
    if (scope.point !== null) filter.key = `${scope.device}.${scope.point}`;
    else if (scope.device === null) filter.limit = limit;
    // Alarm changes are saved in the background: the query waits for those made so far.
    const alarms = await ctx.services.alarms.query(filter);
    return alarmGrid(ctx, alarms.filter((a) => inScope(scope, a.device, a.point)).slice(0, limit));
  },
};
