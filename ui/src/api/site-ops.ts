// Pointyard's own list ops (docs/haystack.md: Alarms, audit, events; Files; Users) as typed rows.
import type { HaystackClient } from './client';
import { type Dict, dateTimeMs, gridOf, type HVal, num, ref, refDis, refId, str } from './hayson';

export interface AlarmRow {
  alarm: number;
  point: string;
  pointDis: string;
  equip: string;
  equipDis: string;
  val: HVal | undefined;
  severity: 'alarm' | 'warning' | string;
  state: 'active' | 'acknowledged' | 'cleared' | string;
  raisedAt: number;
  ackedAt: number | null;
  ackedBy: string | null;
  clearedAt: number | null;
  /** Who reported it, for an alarm reported from outside (no point: `point` and `equip` are ''). */
  source: string | null;
}

export interface AlarmList {
  rows: AlarmRow[];
  activeCount: number;
  unackedCount: number;
}

/** Optional filters shared by the list ops; `range` takes hisRead's forms. */
export interface ListFilter {
  id?: string;
  range?: string;
  limit?: number;
}

function filterRow(filter: object): Dict {
  const row: Dict = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '') continue;
    row[key] = key === 'id' ? ref(String(value)) : (value as HVal);
  }
  return row;
}

const request = (filter: object) => {
  const row = filterRow(filter);
  return gridOf(Object.keys(row).length > 0 ? [row] : []);
};

function alarmRow(row: Dict): AlarmRow {
  return {
    alarm: num(row.alarm) ?? 0,
    point: refId(row.point) ?? '',
    pointDis: str(row.dis) ?? refDis(row.point) ?? refId(row.point) ?? '',
    equip: refId(row.equipRef) ?? '',
    equipDis: refDis(row.equipRef) ?? refId(row.equipRef) ?? '',
    val: row.val,
    severity: str(row.severity) ?? 'alarm',
    state: str(row.state) ?? 'active',
    raisedAt: dateTimeMs(row.raisedAt) ?? 0,
    ackedAt: dateTimeMs(row.ackedAt),
    ackedBy: str(row.ackedBy),
    clearedAt: dateTimeMs(row.clearedAt),
    source: str(row.source),
  };
}

export async function readAlarms(
  client: HaystackClient,
  filter: ListFilter & { state?: 'active' | 'acknowledged' | 'cleared' | 'open' } = {},
): Promise<AlarmList> {
  const grid = await client.op('alarms', request(filter));
  return {
    rows: grid.rows.map(alarmRow),
    activeCount: num(grid.meta.activeCount) ?? 0,
    unackedCount: num(grid.meta.unackedCount) ?? 0,
  };
}

/** Acknowledges alarms in the user's name: all of them, or none (the server says why). */
export async function acknowledgeAlarms(client: HaystackClient, alarms: number[]): Promise<AlarmList> {
  const grid = await client.op('alarmAck', gridOf(alarms.map((alarm) => ({ alarm }))));
  return {
    rows: grid.rows.map(alarmRow),
    activeCount: num(grid.meta.activeCount) ?? 0,
    unackedCount: num(grid.meta.unackedCount) ?? 0,
  };
}

export interface AuditRow {
  ts: number;
  /** The user, or for a failed or throttled login the name tried. */
  who: string;
  via: string;
  remote: string | null;
  /** Null for a login row (`login-failed`, `login-throttled`): it names no point. */
  point: string | null;
  pointDis: string;
  level: number | null;
  action: string;
  written: HVal | undefined;
  before: HVal | undefined;
  after: HVal | undefined;
  /** A timed override's length, a Number with its time unit. */
  duration: HVal | undefined;
  /** Why a write was refused. */
  note: string | null;
}

export async function readAudit(
  client: HaystackClient,
  filter: ListFilter & { who?: string },
): Promise<AuditRow[]> {
  const grid = await client.op('audit', request(filter));
  return grid.rows.map((row) => ({
    ts: dateTimeMs(row.ts) ?? 0,
    who: str(row.who) ?? '',
    via: str(row.via) ?? '',
    remote: str(row.remote),
    point: refId(row.point),
    pointDis: refDis(row.point) ?? refId(row.point) ?? '',
    level: num(row.level),
    action: str(row.action) ?? '',
    written: row.written,
    before: row.before,
    after: row.after,
    duration: row.duration,
    note: str(row.note),
  }));
}

export interface EventRow {
  ts: number;
  equip: string;
  equipDis: string;
  point: string | null;
  pointDis: string | null;
  kind: string;
  message: string;
}

export async function readEvents(
  client: HaystackClient,
  filter: ListFilter & { kind?: string },
): Promise<EventRow[]> {
  const grid = await client.op('events', request(filter));
  return grid.rows.map((row) => ({
    ts: dateTimeMs(row.ts) ?? 0,
    equip: refId(row.equipRef) ?? '',
    equipDis: refDis(row.equipRef) ?? refId(row.equipRef) ?? '',
    point: refId(row.point),
    pointDis: refDis(row.point) ?? refId(row.point),
    kind: str(row.kind) ?? '',
    message: str(row.message) ?? '',
  }));
}

export interface FileRow {
  kind: 'report' | 'backup' | string;
  name: string;
  size: number;
  mtime: number;
  uri: string;
}

export async function readFiles(client: HaystackClient, kind?: 'report' | 'backup'): Promise<FileRow[]> {
  const grid = await client.op('files', request(kind ? { kind } : {}));
  return grid.rows.map((row) => ({
    kind: str(row.kind) ?? '',
    name: str(row.name) ?? '',
    size: num(row.size) ?? 0,
    mtime: dateTimeMs(row.mtime) ?? 0,
    uri: (row.uri as { val?: string } | undefined)?.val ?? str(row.uri) ?? '',
  }));
}

export interface UserRow {
  name: string;
  role: string;
  createdAt: number;
  updatedAt: number;
}

const userRow = (row: Dict): UserRow => ({
  name: str(row.name) ?? '',
  role: str(row.role) ?? '',
  createdAt: dateTimeMs(row.createdAt) ?? 0,
  updatedAt: dateTimeMs(row.updatedAt) ?? 0,
});

export async function readUsers(client: HaystackClient): Promise<UserRow[]> {
  return (await client.op('users')).rows.map(userRow);
}

export async function addUser(
  client: HaystackClient,
  name: string,
  password: string,
  role: string,
): Promise<UserRow> {
  const grid = await client.op('userAdd', gridOf([{ name, password, role }]));
  return userRow(grid.rows[0] ?? {});
}

export async function removeUser(client: HaystackClient, name: string): Promise<void> {
  await client.op('userRemove', gridOf([{ name }]));
}
