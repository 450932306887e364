// `audit` (Pointyard's own): the write path's audit trail, newest first — who changed which point, through
// which interface, at which level, from what to what (and for how long); writes refused (`refused`, the
// reason in `note`) and alarms acknowledged (`ack`). Filters: id (a point, or an equip for all its points),
// who, range (as hisRead), limit. Failed and refused logins (key `login`, no point) are shown to admins only:
// the name tried may be a password typed in the wrong field.

import { HDict, HNum, HStr, type HVal } from 'haystack-core';
import { LOGIN_AUDIT_KEY } from '../../../auth/login-audit.js';
import type { AuditFilter, AuditRecord } from '../../../runtime/services/services.js';
import { tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, limitOf, optionalStr, rangeOf, scopeOf } from './request-params.js';
import { pointRef, pointValue, siteTime } from './store-refs.js';

const COLUMNS = [
  'ts',
  'who',
  'via',
  'remote',
  'point',
  'level',
  'action',
  'written',
  'before',
  'after',
  'duration',
  'note',
];

const WHOLE_UNITS: Array<[string, number]> = [
  ['day', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** `ms` as a Number in the largest time unit it is a whole number of (else in s). */
function durationNumber(ms: number): HNum {
  const whole = WHOLE_UNITS.find(([, size]) => ms % size === 0);
  return whole ? HNum.make(ms / whole[1], whole[0]) : HNum.make(ms / 1000, 's');
}

function auditRow(ctx: OpContext, record: AuditRecord): HDict {
  const tags: Record<string, HVal> = {
    ts: siteTime(ctx, record.ts),
    who: HStr.make(record.who),
    via: HStr.make(record.via),
    action: HStr.make(record.action),
  };
  if (record.key !== LOGIN_AUDIT_KEY) tags.point = pointRef(ctx, record.key);
  if (record.remote !== null) tags.remote = HStr.make(record.remote);
  if (record.level !== null) tags.level = HNum.make(record.level);
  for (const name of ['written', 'before', 'after'] as const) {
    const value = record[name];
    if (value !== null) tags[name] = pointValue(ctx, record.key, value);
  }
  // A timed override's length, in the largest unit that keeps it whole (30min, 2h, 1day, 90s).
  if (record.durationMs !== undefined) tags.duration = durationNumber(record.durationMs);
  if (record.note !== undefined) tags.note = HStr.make(record.note);
  return HDict.make(tags);
}

export const auditOp: Op = {
  name: 'audit',
  noSideEffects: true,
  doc: 'The audit trail of writes, newest first (id: a point or equip; who; range as hisRead; limit, default 200)',
  async run(ctx) {
    const row = firstRow(ctx);
    const scope = scopeOf(ctx, 'audit', row);
    const who = optionalStr('audit', row, 'who');
    const limit = limitOf('audit', row);
    const filter: AuditFilter = rangeOf(ctx, 'audit', row);
    if (who !== null) filter.who = who;
    if (scope.point !== null) filter.key = `${scope.device}.${scope.point}`;
    else if (scope.device !== null) filter.device = scope.device;
    filter.limit = limit;
    // Login rows name what was typed as a user name (a password, now and then): admins only.
    if (ctx.role !== 'admin') filter.notKey = LOGIN_AUDIT_KEY;
    const records = await ctx.services.audit.query(filter);
    const rows = records.map((r) => auditRow(ctx, r));
    return tableGrid(COLUMNS, rows);
  },
};
