// Rows as both SQL engines keep them (the same tables, the same snake_case columns) and what the store's
// interface makes of them. The engines' drivers differ only in small ways, taken in here: an id may come as
// text (PostgreSQL's bigint) and a flag as 0/1 (SQLite) or a boolean (PostgreSQL).

import type { Value } from '../core/value.js';
import type { LoggedReport } from './alarm-reports.js';
import type { ChargingTransaction, IdTag } from './charging.js';
import type { Alarm, User } from './store.js';

/** JSON text of a value, null kept null (values and data are stored as JSON text). */
export const toJson = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v);

/** The value of JSON text, null kept null. */
export const fromJson = <T>(text: string | null): T | null =>
  text === null ? null : (JSON.parse(text) as T);

/** An integer id as a driver gives it. */
type Id = number | string;

export type TagRow = {
  id_tag: string;
  status: IdTag['status'];
  expires_at: number | null;
  parent_id_tag: string | null;
};

export const tagOf = (r: TagRow): IdTag => ({
  idTag: r.id_tag,
  status: r.status,
  expiresAt: r.expires_at,
  parentIdTag: r.parent_id_tag,
});

export type TransactionRow = {
  id: Id;
  charge_point: string;
  connector: number;
  id_tag: string;
  meter_start: number;
  started_at: number;
  reservation_id: number | null;
  meter_stop: number | null;
  stopped_at: number | null;
  stop_reason: string | null;
  stop_id_tag: string | null;
  meter_values: string;
};

export const transactionOf = (r: TransactionRow): ChargingTransaction => ({
  id: Number(r.id),
  chargePointId: r.charge_point,
  connectorId: r.connector,
  idTag: r.id_tag,
  meterStart: r.meter_start,
  startedAt: r.started_at,
  reservationId: r.reservation_id,
  meterStop: r.meter_stop,
  stoppedAt: r.stopped_at,
  stopReason: r.stop_reason,
  stopIdTag: r.stop_id_tag,
  meterValues: JSON.parse(r.meter_values),
});

export type AlarmRow = {
  id: Id;
  key: string;
  device: string;
  point: string;
  value: string;
  severity: Alarm['severity'];
  state: Alarm['state'];
  raised_at: number;
  acked_at: number | null;
  acked_by: string | null;
  cleared_at: number | null;
  reported: string | null;
};

export const alarmOf = (r: AlarmRow): Alarm => ({
  id: Number(r.id),
  key: r.key,
  device: r.device,
  point: r.point,
  value: JSON.parse(r.value) as Value,
  severity: r.severity,
  state: r.state,
  raisedAt: r.raised_at,
  ackedAt: r.acked_at,
  ackedBy: r.acked_by,
  clearedAt: r.cleared_at,
  reported: r.reported,
});

export type UserRow = {
  name: string;
  role: User['role'];
  salt: string;
  iterations: number;
  stored_key: string;
  server_key: string;
  created_at: number;
  updated_at: number;
};

export const userOf = (r: UserRow): User => ({
  name: r.name,
  role: r.role,
  salt: r.salt,
  iterations: r.iterations,
  storedKey: r.stored_key,
  serverKey: r.server_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A row of the receivers' alarm-report log. */
export type LogRow = {
  id: Id;
  received_at: number;
  account: string;
  receiver: string | null;
  line: string;
  sequence: number;
  code: string;
  zone: string;
  text: string;
  event_time: number | null;
  remote: string;
  transport: 'tcp' | 'udp';
  encrypted: number | boolean;
  frame: string;
};

export const reportFromRow = (r: LogRow): LoggedReport => ({
  id: Number(r.id),
  receivedAt: r.received_at,
  account: r.account,
  receiver: r.receiver,
  line: r.line,
  sequence: r.sequence,
  code: r.code,
  zone: r.zone,
  text: r.text,
  eventTime: r.event_time,
  remote: r.remote,
  transport: r.transport,
  encrypted: r.encrypted === true || r.encrypted === 1,
  frame: r.frame,
});
