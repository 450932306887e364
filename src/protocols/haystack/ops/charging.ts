// The charging back end's ops (Pointyard's own): `chargingSessions` lists the charging transactions (newest
// first), `chargePoints` the charge points connected now, `chargerMessages` a charge point's last messages,
// `idTags` / `idTagAdd` / `idTagRemove` the id tags its Authorize accepts, `remoteStart` / `remoteStop` ask a
// connected charge point to start or stop charging. The lists are everyone's; the message log and every
// change are an operator's or an admin's; a call the charge point refuses or cannot get is an error grid
// saying why.

import { HBool, HDateTime, HDict, HMarker, HNum, HStr, type HVal } from 'haystack-core';
import type {
  ChargingBackend,
  ChargingTransaction,
  IdTag,
  IdTagStatus,
} from '../../../runtime/services/services.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, limitOf, optionalStr } from './request-params.js';
import { siteTime } from './store-refs.js';

const SESSION_COLUMNS = [
  'id',
  'chargePoint',
  'connector',
  'idTag',
  'start',
  'stop',
  'meterStart',
  'meterStop',
  'energy',
  'duration',
  'reason',
  'open',
];

function sessionRow(ctx: OpContext, t: ChargingTransaction): HDict {
  const tags: Record<string, HVal> = {
    id: HNum.make(t.id),
    chargePoint: HStr.make(t.chargePointId),
    connector: HNum.make(t.connectorId),
    idTag: HStr.make(t.idTag),
    start: siteTime(ctx, t.startedAt),
    meterStart: HNum.make(t.meterStart, 'Wh'),
  };
  if (t.stoppedAt === null) tags.open = HMarker.make();
  else {
    tags.stop = siteTime(ctx, t.stoppedAt);
    tags.duration = HNum.make(Math.round((t.stoppedAt - t.startedAt) / 600) / 100, 'min');
  }
  if (t.meterStop !== null) {
    tags.meterStop = HNum.make(t.meterStop, 'Wh');
    tags.energy = HNum.make((t.meterStop - t.meterStart) / 1000, 'kWh');
  }
  if (t.stopReason !== null) tags.reason = HStr.make(t.stopReason);
  return HDict.make(tags);
}

function optionalNumber(op: string, row: HDict | undefined, name: string): number | null {
  const value = row?.get(name);
  if (value === undefined || value === null) return null;
  if (!(value instanceof HNum) || !Number.isInteger(value.value) || value.value < 0)
    throw new OpError(`${op}: ${name} must be a whole Number, not ${value.toZinc()}`);
  return value.value;
}

function requiredStr(op: string, row: HDict | undefined, name: string): string {
  const value = optionalStr(op, row, name);
  if (value === null || value === '') throw new OpError(`${op}: name the ${name} (a Str)`);
  return value;
}

function backendOf(op: string, ctx: OpContext): ChargingBackend {
  const backend = ctx.services.chargingBackend.get();
  if (!backend) throw new OpError(`${op}: no charging back end runs (server.ocpp)`);
  return backend;
}

export const chargingSessionsOp: Op = {
  name: 'chargingSessions',
  noSideEffects: true,
  doc: 'Charging sessions (transactions), newest first (chargePoint; open: true/false; limit, default 200)',
  async run(ctx) {
    const row = firstRow(ctx);
    const chargePointId = optionalStr('chargingSessions', row, 'chargePoint');
    const open = row?.get('open');
    if (open !== undefined && open !== null && !(open instanceof HBool))
      throw new OpError(`chargingSessions: open must be a Bool, not ${open.toZinc()}`);
    const sessions = await ctx.services.charging.queryTransactions({
      ...(chargePointId !== null ? { chargePointId } : {}),
      ...(open instanceof HBool ? { open: open.value } : {}),
      limit: limitOf('chargingSessions', row),
    });
    return tableGrid(
      SESSION_COLUMNS,
      sessions.map((t) => sessionRow(ctx, t)),
    );
  },
};

export const chargerMessagesOp: Op = {
  name: 'chargerMessages',
  noSideEffects: true,
  needs: 'invoke',
  doc: "A charge point's last OCPP messages, oldest first: ts, direction (in/out), type, action, messageId, payload (JSON)",
  async run(ctx) {
    const id = requiredStr('chargerMessages', firstRow(ctx), 'chargePoint');
    const messages = await backendOf('chargerMessages', ctx).findMessages(id);
    return tableGrid(
      ['ts', 'direction', 'type', 'action', 'messageId', 'payload'],
      messages.map((m) =>
        HDict.make({
          ts: siteTime(ctx, m.ts),
          direction: HStr.make(m.direction),
          type: HStr.make(m.type),
          ...(m.action !== null ? { action: HStr.make(m.action) } : {}),
          ...(m.messageId !== null ? { messageId: HStr.make(m.messageId) } : {}),
          payload: HStr.make(JSON.stringify(m.payload) ?? 'null'),
        }),
      ),
    );
  },
};

const TAG_COLUMNS = ['idTag', 'status', 'expires', 'parentIdTag'];
const STATUSES: IdTagStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

const tagRow = (ctx: OpContext, t: IdTag) =>
  HDict.make({
    idTag: HStr.make(t.idTag),
    status: HStr.make(t.status),
    ...(t.expiresAt !== null ? { expires: siteTime(ctx, t.expiresAt) } : {}),
    ...(t.parentIdTag !== null ? { parentIdTag: HStr.make(t.parentIdTag) } : {}),
  });

export const chargePointsOp: Op = {
  name: 'chargePoints',
  noSideEffects: true,
  doc: 'The charge points connected to the charging back end now, by id',
  async run(ctx) {
    const ids = backendOf('chargePoints', ctx).connected();
    return tableGrid(
      ['chargePoint'],
      ids.map((id) => HDict.make({ chargePoint: HStr.make(id) })),
    );
  },
};

export const idTagsOp: Op = {
  name: 'idTags',
  noSideEffects: true,
  doc: 'The id tags (RFID cards) the charging back end authorizes: idTag, status, expires, parentIdTag',
  async run(ctx) {
    const tags = await ctx.services.charging.listIdTags();
    return tableGrid(
      TAG_COLUMNS,
      tags.map((t) => tagRow(ctx, t)),
    );
  },
};

export const idTagAddOp: Op = {
  name: 'idTagAdd',
  noSideEffects: false,
  needs: 'invoke',
  doc: 'Add or replace an id tag (idTag: up to 20 characters; status: Accepted by default; expires: a DateTime; parentIdTag)',
  async run(ctx) {
    const row = firstRow(ctx);
    const idTag = requiredStr('idTagAdd', row, 'idTag');
    if (!/^[\x21-\x7e]{1,20}$/.test(idTag))
      throw new OpError('idTagAdd: an id tag is 1–20 printable characters without spaces (OCPP 1.6)');
    const status = optionalStr('idTagAdd', row, 'status') ?? 'Accepted';
    if (!STATUSES.includes(status as IdTagStatus))
      throw new OpError(`idTagAdd: status must be one of ${STATUSES.join(', ')}, not '${status}'`);
    const expires = row?.get('expires');
    if (expires !== undefined && expires !== null && !(expires instanceof HDateTime))
      throw new OpError(`idTagAdd: expires must be a DateTime, not ${expires.toZinc()}`);
    const tag: IdTag = {
      idTag,
      status: status as IdTagStatus,
      expiresAt: expires instanceof HDateTime ? expires.date.valueOf() : null,
      parentIdTag: optionalStr('idTagAdd', row, 'parentIdTag'),
    };
    await ctx.services.charging.saveIdTag(tag);
    return tableGrid(TAG_COLUMNS, [tagRow(ctx, tag)]);
  },
};

export const idTagRemoveOp: Op = {
  name: 'idTagRemove',
  noSideEffects: false,
  needs: 'invoke',
  doc: 'Remove an id tag (idTag)',
  async run(ctx) {
    const idTag = requiredStr('idTagRemove', firstRow(ctx), 'idTag');
    if (!(await ctx.services.charging.deleteIdTag(idTag)))
      throw new OpError(`idTagRemove: no id tag ${idTag}`);
    return tableGrid(['idTag'], [HDict.make({ idTag: HStr.make(idTag) })]);
  },
};

/** Makes the call and answers its status, or an error grid with why it was not taken. */
async function callStatus(
  op: string,
  ctx: OpContext,
  id: string,
  action: string,
  payload: Record<string, unknown>,
) {
  let answer: Record<string, unknown>;
  try {
    answer = await backendOf(op, ctx).call(id, action, payload);
  } catch (err) {
    throw new OpError(`${op}: ${(err as Error).message}`);
  }
  if (answer.status !== 'Accepted') throw new OpError(`${op}: ${id} answered ${String(answer.status)}`);
  return tableGrid(
    ['chargePoint', 'status'],
    [HDict.make({ chargePoint: HStr.make(id), status: HStr.make('Accepted') })],
  );
}

export const remoteStartOp: Op = {
  name: 'remoteStart',
  noSideEffects: false,
  needs: 'invoke',
  doc: 'Ask a connected charge point to start charging (chargePoint, idTag, connector: 1 by default)',
  async run(ctx) {
    const row = firstRow(ctx);
    const id = requiredStr('remoteStart', row, 'chargePoint');
    const idTag = requiredStr('remoteStart', row, 'idTag');
    const connectorId = optionalNumber('remoteStart', row, 'connector') ?? 1;
    return callStatus('remoteStart', ctx, id, 'RemoteStartTransaction', { connectorId, idTag });
  },
};

export const remoteStopOp: Op = {
  name: 'remoteStop',
  noSideEffects: false,
  needs: 'invoke',
  doc: 'Ask the charge point of an open session to stop it (id: the session id)',
  async run(ctx) {
    const transactionId = optionalNumber('remoteStop', firstRow(ctx), 'id');
    if (transactionId === null) throw new OpError('remoteStop: name the session (id: a Number)');
    const session = await ctx.services.charging.getTransaction(transactionId);
    if (!session) throw new OpError(`remoteStop: no session ${transactionId}`);
    if (session.stoppedAt !== null) throw new OpError(`remoteStop: session ${transactionId} is over`);
    return callStatus('remoteStop', ctx, session.chargePointId, 'RemoteStopTransaction', { transactionId });
  },
};
