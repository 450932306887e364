// The charging back end's ops (docs/ocpp.md, "Over the API") as typed rows: sessions, a charge point's
// message log, the id tags, remote start and stop.
import type { HaystackClient } from './client';
import { type Dict, dateTimeMs, gridOf, isMarker, num, str } from './hayson';

export interface ChargingSession {
  id: number;
  chargePoint: string;
  connector: number;
  idTag: string;
  start: number;
  stop: number | null;
  /** kWh, once the session has a meter stop. */
  energy: number | null;
  /** Minutes, once stopped. */
  duration: number | null;
  reason: string | null;
  open: boolean;
}

const sessionOf = (row: Dict): ChargingSession => ({
  id: num(row.id) ?? 0,
  chargePoint: str(row.chargePoint) ?? '',
  connector: num(row.connector) ?? 1,
  idTag: str(row.idTag) ?? '',
  start: dateTimeMs(row.start) ?? 0,
  stop: dateTimeMs(row.stop),
  energy: num(row.energy),
  duration: num(row.duration),
  reason: str(row.reason),
  open: isMarker(row.open),
});

/** The sessions, newest first; `chargePoint` keeps one charge point's. */
export async function readSessions(
  client: HaystackClient,
  filter: { chargePoint?: string; limit?: number } = {},
): Promise<ChargingSession[]> {
  const row: Dict = {};
  if (filter.chargePoint) row.chargePoint = filter.chargePoint;
  if (filter.limit !== undefined) row.limit = filter.limit;
  const grid = await client.op('chargingSessions', gridOf(Object.keys(row).length > 0 ? [row] : []));
  return grid.rows.map(sessionOf);
}

export interface ChargerMessage {
  ts: number;
  /** `in`: from the charge point; `out`: to it. */
  direction: 'in' | 'out' | string;
  type: 'call' | 'result' | 'error' | string;
  action: string | null;
  messageId: string | null;
  /** The payload as the server wrote it (JSON text). */
  payload: string;
}

/** A charge point's last messages, oldest first (operators and admins). */
export async function readMessages(client: HaystackClient, chargePoint: string): Promise<ChargerMessage[]> {
  const grid = await client.op('chargerMessages', gridOf([{ chargePoint }]));
  return grid.rows.map((row) => ({
    ts: dateTimeMs(row.ts) ?? 0,
    direction: str(row.direction) ?? '',
    type: str(row.type) ?? '',
    action: str(row.action),
    messageId: str(row.messageId),
    payload: str(row.payload) ?? '',
  }));
}

export const ID_TAG_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'] as const;

export interface IdTagRow {
  idTag: string;
  status: string;
  expires: number | null;
  parentIdTag: string | null;
}

const idTagOf = (row: Dict): IdTagRow => ({
  idTag: str(row.idTag) ?? '',
  status: str(row.status) ?? '',
  expires: dateTimeMs(row.expires),
  parentIdTag: str(row.parentIdTag),
});

export async function readIdTags(client: HaystackClient): Promise<IdTagRow[]> {
  return (await client.op('idTags')).rows.map(idTagOf);
}

/** Adds (or replaces) an id tag; answers the tag as the server kept it. */
export async function addIdTag(
  client: HaystackClient,
  tag: { idTag: string; status: string; expires: number | null; parentIdTag: string | null },
): Promise<IdTagRow> {
  const row: Dict = { idTag: tag.idTag, status: tag.status };
  if (tag.expires !== null)
    row.expires = { _kind: 'dateTime', val: new Date(tag.expires).toISOString(), tz: 'UTC' };
  if (tag.parentIdTag) row.parentIdTag = tag.parentIdTag;
  const grid = await client.op('idTagAdd', gridOf([row]));
  return idTagOf(grid.rows[0] ?? {});
}

export async function removeIdTag(client: HaystackClient, idTag: string): Promise<void> {
  await client.op('idTagRemove', gridOf([{ idTag }]));
}

/** RemoteStartTransaction; resolves with the charge point's answer, throws with the server's reason. */
export async function remoteStart(
  client: HaystackClient,
  chargePoint: string,
  idTag: string,
  connector = 1,
): Promise<string> {
  const grid = await client.op('remoteStart', gridOf([{ chargePoint, idTag, connector }]));
  return str(grid.rows[0]?.status) ?? 'Accepted';
}

/** RemoteStopTransaction of the open session `id`. */
export async function remoteStop(client: HaystackClient, id: number): Promise<string> {
  const grid = await client.op('remoteStop', gridOf([{ id }]));
  return str(grid.rows[0]?.status) ?? 'Accepted';
}
