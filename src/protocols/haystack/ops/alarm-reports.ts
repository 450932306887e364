// `alarmReports` (Pointyard's own): the intrusion-alarm reports the site's alarm receiver took, newest first
// (by time received) — account, zone, event code and text, the frame's receiver, line and sequence, how it
// came. Filters: account, code, range (as hisRead), limit, offset (paging). The grid's meta has `more` when
// further rows follow the page.

import { HBool, HDict, HMarker, HNum, HStr, type HVal } from 'haystack-core';
import type { LoggedReport, ReceivedFilter } from '../../../runtime/services/services.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, limitOf, MAX_LIMIT, optionalStr, rangeOf } from './request-params.js';
import { siteTime } from './store-refs.js';

const COLUMNS = [
  'receivedAt',
  'eventTime',
  'account',
  'receiver',
  'line',
  'sequence',
  'code',
  'zone',
  'text',
  'transport',
  'remote',
  'encrypted',
];

/** `offset`: a whole Number ≥ 0 (0 when absent), with offset + limit at most MAX_LIMIT. */
function offsetOf(op: string, row: HDict | undefined, limit: number): number {
  const value = row?.get('offset');
  if (value === undefined || value === null) return 0;
  if (!(value instanceof HNum) || !Number.isInteger(value.value) || value.value < 0)
    throw new OpError(`${op}: offset must be a whole Number from 0, not ${value.toZinc()}`);
  if (value.value + limit > MAX_LIMIT)
    throw new OpError(`${op}: offset + limit may be at most ${MAX_LIMIT}, not ${value.value + limit}`);
  return value.value;
}

/** A filter's text: not empty. */
function nonEmpty(op: string, row: HDict | undefined, name: string): string | null {
  const text = optionalStr(op, row, name);
  if (text !== null && text.trim() === '') throw new OpError(`${op}: ${name} must not be empty`);
  return text === null ? null : text.trim();
}

function reportRow(ctx: OpContext, r: LoggedReport): HDict {
  const tags: Record<string, HVal> = {
    receivedAt: siteTime(ctx, r.receivedAt),
    account: HStr.make(r.account),
    line: HStr.make(r.line),
    sequence: HNum.make(r.sequence),
    code: HStr.make(r.code),
    zone: HStr.make(r.zone),
    transport: HStr.make(r.transport),
    remote: HStr.make(r.remote),
    encrypted: HBool.make(r.encrypted),
  };
  if (r.eventTime !== null) tags.eventTime = siteTime(ctx, r.eventTime);
  if (r.receiver !== null) tags.receiver = HStr.make(r.receiver);
  if (r.text !== '') tags.text = HStr.make(r.text);
  return HDict.make(tags);
}

export const alarmReportsOp: Op = {
  name: 'alarmReports',
  noSideEffects: true,
  doc: 'Alarm reports the receiver took, newest first (account; code; range as hisRead; limit, default 200; offset)',
  async run(ctx) {
    const row = firstRow(ctx);
    const account = nonEmpty('alarmReports', row, 'account');
    const code = nonEmpty('alarmReports', row, 'code');
    const limit = limitOf('alarmReports', row);
    const offset = offsetOf('alarmReports', row, limit);
    const filter: ReceivedFilter = rangeOf(ctx, 'alarmReports', row);
    if (account !== null) filter.account = account;
    if (code !== null) filter.code = code;
    // One more than the page, to tell whether another follows.
    filter.limit = offset + limit + 1;
    const reports = await ctx.services.alarmReports.list(filter);
    const page = reports.slice(offset, offset + limit);
    const more = reports.length > offset + limit;
    return tableGrid(
      COLUMNS,
      page.map((r) => reportRow(ctx, r)),
      more ? { more: HMarker.make() } : undefined,
    );
  },
};
