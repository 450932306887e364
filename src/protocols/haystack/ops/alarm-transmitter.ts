// `alarmTransmitter` (Pointyard's own): the site's alarm-report transmitter as its queue shows it. By default
// one row per account — reports waiting to be acknowledged, and the latest delivery (when, to which receiver,
// which code) — for the accounts with reports waiting or delivered recently; with the `delivered` marker, the
// delivery records, the latest acknowledged first (filters: account, limit).

import { HDict, HMarker, HNum, HStr, type HVal } from 'haystack-core';
import type { DeliveredFilter, DeliveredReport } from '../../../runtime/services/services.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, limitOf, optionalStr } from './request-params.js';
import { equipRef, pointRef, siteTime } from './store-refs.js';

const ACCOUNT_COLUMNS = ['account', 'waiting', 'lastDeliveredAt', 'lastReceiver', 'lastCode', 'lastZone'];
const DELIVERY_COLUMNS = [
  'ackedAt',
  'account',
  'receiver',
  'code',
  'zone',
  'text',
  'time',
  'equipRef',
  'point',
  'failedAttempts',
];

/** Deliveries looked through for the accounts that have no report waiting. */
const RECENT_DELIVERIES = 1000;

function deliveryRow(ctx: OpContext, d: DeliveredReport): HDict {
  const r = d.report;
  const failed = d.attempts.reduce((n, a) => n + a.nak + a.duh + a.timeout + a.unreachable, 0);
  const tags: Record<string, HVal> = {
    ackedAt: siteTime(ctx, d.ackedAt),
    account: HStr.make(d.account),
    receiver: HStr.make(d.receiver),
    code: HStr.make(r.code),
    zone: HStr.make(r.zone),
    time: siteTime(ctx, r.time),
    equipRef: equipRef(ctx, r.device),
    failedAttempts: HNum.make(failed),
  };
  if (r.text !== '') tags.text = HStr.make(r.text);
  if (r.point !== null) tags.point = pointRef(ctx, `${r.device}.${r.point}`);
  return HDict.make(tags);
}

async function accountRows(ctx: OpContext, only: string | null): Promise<HDict[]> {
  const store = ctx.services.alarmReports;
  const waiting = new Map((await store.accounts()).map((a) => [a.account, a.waiting]));
  const names = new Set(waiting.keys());
  for (const d of await store.delivered({ limit: RECENT_DELIVERIES })) names.add(d.account);
  const chosen = [...names].filter((a) => only === null || a === only).sort();
  if (only !== null && chosen.length === 0) chosen.push(only);
  const rows: HDict[] = [];
  for (const account of chosen) {
    const [last] = await store.delivered({ account, limit: 1 });
    const tags: Record<string, HVal> = {
      account: HStr.make(account),
      waiting: HNum.make(waiting.get(account) ?? 0),
    };
    if (last) {
      tags.lastDeliveredAt = siteTime(ctx, last.ackedAt);
      tags.lastReceiver = HStr.make(last.receiver);
      tags.lastCode = HStr.make(last.report.code);
      tags.lastZone = HStr.make(last.report.zone);
    }
    rows.push(HDict.make(tags));
  }
  return rows;
}

export const alarmTransmitterOp: Op = {
  name: 'alarmTransmitter',
  noSideEffects: true,
  doc: 'The alarm-report transmitter: per account, reports waiting and the latest delivery; delivered: the deliveries, latest first (account; limit, default 200)',
  async run(ctx) {
    const row = firstRow(ctx);
    const account = optionalStr('alarmTransmitter', row, 'account');
    if (account !== null && account.trim() === '')
      throw new OpError('alarmTransmitter: account must not be empty');
    const delivered = row?.get('delivered');
    if (delivered !== undefined && delivered !== null && !(delivered instanceof HMarker))
      throw new OpError(`alarmTransmitter: delivered must be a Marker, not ${delivered.toZinc()}`);
    if (delivered === undefined || delivered === null) {
      if (row?.has('limit')) limitOf('alarmTransmitter', row);
      return tableGrid(ACCOUNT_COLUMNS, await accountRows(ctx, account?.trim() ?? null));
    }
    const filter: DeliveredFilter = { limit: limitOf('alarmTransmitter', row) };
    if (account !== null) filter.account = account.trim();
    const records = await ctx.services.alarmReports.delivered(filter);
    return tableGrid(
      DELIVERY_COLUMNS,
      records.map((d) => deliveryRow(ctx, d)),
    );
  },
};
