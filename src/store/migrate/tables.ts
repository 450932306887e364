// The tables a migration copies, as both engines name them: SQLite's pointyard.db and history.db, and the
// PostgreSQL schema parts state, alarm-reports and history hold the same tables with the same columns (values
// as JSON text, times as epoch ms), except history's table names, its chunks' start/end columns, the journal's
// writer (PostgreSQL only) and the received log's `encrypted` (0/1 in SQLite, a boolean in PostgreSQL).
// Rows travel as arrays in the order of `columns`. Tables are listed parents first (PostgreSQL's foreign keys).

/** A column: its name in each engine (null: the engine has no such column), and its PostgreSQL type. */
export interface ColumnSpec {
  sqlite: string | null;
  pg: string;
  /** PostgreSQL type of the column, for the typed arrays an insert unnests. */
  type: 'int8' | 'int4' | 'float8' | 'text' | 'bytea' | 'bool';
  /** What a row from an engine without the column holds there. */
  missing?: unknown;
}

/** Which SQLite database holds a table. */
export type SqliteDatabaseName = 'state' | 'history';

export interface TableSpec {
  /** The concern, as the count check names it. */
  concern: string;
  /** The table, as the count check names it. */
  label: string;
  sqlite: { db: SqliteDatabaseName; table: string };
  pg: string;
  columns: ColumnSpec[];
  /** Indexes into `columns` of the key rows are read in (the insertion order, or the primary key). */
  order: number[];
  /** Index of the column PostgreSQL numbers itself (an identity): copied as is, its sequence moved past it. */
  identity?: number;
  /**
   * Numbers never reused (SQLite AUTOINCREMENT): the destination's sequence goes past the source's, even past
   * rows deleted since (a delivered outbox message's seq is not handed out again).
   */
  neverReused?: boolean;
  /** The SQL, in each engine, of the samples the table holds (history), on the engine's table name. */
  samples?: { sqlite: (table: string) => string; pg: (table: string) => string };
}

const col = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ sqlite: name, pg: name, type });

const STATE = (table: string) => ({ db: 'state' as const, table });

export const TABLES: readonly TableSpec[] = [
  {
    concern: 'priority arrays',
    label: 'priority',
    sqlite: STATE('priority'),
    pg: 'priority',
    columns: [col('key', 'text'), col('vals', 'text'), col('expiries', 'text')],
    order: [0],
  },
  {
    concern: 'audit',
    label: 'audit',
    sqlite: STATE('audit'),
    pg: 'audit',
    columns: [
      col('id', 'int8'),
      col('ts', 'float8'),
      col('who', 'text'),
      col('via', 'text'),
      col('remote', 'text'),
      col('key', 'text'),
      col('level', 'int4'),
      col('action', 'text'),
      col('written', 'text'),
      col('before', 'text'),
      col('after', 'text'),
      col('duration_ms', 'float8'),
      col('note', 'text'),
    ],
    order: [0],
    identity: 0,
  },
  {
    concern: 'events',
    label: 'events',
    sqlite: STATE('events'),
    pg: 'events',
    columns: [
      col('id', 'int8'),
      col('ts', 'float8'),
      col('device', 'text'),
      col('point', 'text'),
      col('kind', 'text'),
      col('message', 'text'),
      col('data', 'text'),
    ],
    order: [0],
    identity: 0,
  },
  {
    concern: 'alarms',
    label: 'alarms',
    sqlite: STATE('alarms'),
    pg: 'alarms',
    columns: [
      col('id', 'int8'),
      col('key', 'text'),
      col('device', 'text'),
      col('point', 'text'),
      col('value', 'text'),
      col('severity', 'text'),
      col('state', 'text'),
      col('raised_at', 'float8'),
      col('acked_at', 'float8'),
      col('acked_by', 'text'),
      col('cleared_at', 'float8'),
      col('reported', 'text'),
    ],
    order: [0],
    identity: 0,
  },
  {
    concern: 'counters',
    label: 'counters',
    sqlite: STATE('counters'),
    pg: 'counters',
    columns: [col('key', 'text'), col('value', 'float8')],
    order: [0],
  },
  {
    concern: 'users',
    label: 'users',
    sqlite: STATE('users'),
    pg: 'users',
    columns: [
      col('name', 'text'),
      col('role', 'text'),
      col('salt', 'text'),
      col('iterations', 'int4'),
      col('stored_key', 'text'),
      col('server_key', 'text'),
      col('created_at', 'float8'),
      col('updated_at', 'float8'),
    ],
    order: [0],
  },
  {
    concern: 'charging',
    label: 'id_tags',
    sqlite: STATE('id_tags'),
    pg: 'id_tags',
    columns: [
      col('id_tag', 'text'),
      col('status', 'text'),
      col('expires_at', 'float8'),
      col('parent_id_tag', 'text'),
    ],
    order: [0],
  },
  {
    concern: 'charging',
    label: 'charging_transactions',
    sqlite: STATE('charging_transactions'),
    pg: 'charging_transactions',
    columns: [
      col('id', 'int4'),
      col('charge_point', 'text'),
      col('connector', 'int4'),
      col('id_tag', 'text'),
      col('meter_start', 'float8'),
      col('started_at', 'float8'),
      col('reservation_id', 'int4'),
      col('meter_stop', 'float8'),
      col('stopped_at', 'float8'),
      col('stop_reason', 'text'),
      col('stop_id_tag', 'text'),
      col('meter_values', 'text'),
    ],
    order: [0],
    identity: 0,
    neverReused: true,
  },
  {
    concern: 'outbox',
    label: 'charge_point_outbox',
    sqlite: STATE('charge_point_outbox'),
    pg: 'charge_point_outbox',
    columns: [
      col('seq', 'int8'),
      col('charge_point', 'text'),
      col('action', 'text'),
      col('payload', 'text'),
      col('attempts', 'int4'),
    ],
    order: [0],
    identity: 0,
    neverReused: true,
  },
  {
    concern: 'outbox',
    label: 'charge_point_state',
    sqlite: STATE('charge_point_state'),
    pg: 'charge_point_state',
    columns: [col('charge_point', 'text'), col('key', 'text'), col('value', 'text')],
    order: [0, 1],
  },
  {
    concern: 'alarm reports',
    label: 'alarm_report_queue',
    sqlite: STATE('alarm_report_queue'),
    pg: 'alarm_report_queue',
    columns: [col('seq', 'int8'), col('account', 'text'), col('report', 'text')],
    order: [0],
    identity: 0,
    neverReused: true,
  },
  {
    concern: 'alarm reports',
    label: 'alarm_report_attempts',
    sqlite: STATE('alarm_report_attempts'),
    pg: 'alarm_report_attempts',
    columns: [
      col('seq', 'int8'),
      col('receiver', 'text'),
      col('nak', 'int4'),
      col('duh', 'int4'),
      col('timeout', 'int4'),
      col('unreachable', 'int4'),
      col('last_error', 'text'),
      col('last_at', 'float8'),
    ],
    order: [0, 1],
  },
  {
    concern: 'alarm reports',
    label: 'alarm_report_delivered',
    sqlite: STATE('alarm_report_delivered'),
    pg: 'alarm_report_delivered',
    columns: [
      col('id', 'int8'),
      col('seq', 'int8'),
      col('account', 'text'),
      col('report', 'text'),
      col('attempts', 'text'),
      col('receiver', 'text'),
      col('acked_at', 'float8'),
    ],
    order: [0],
    identity: 0,
  },
  {
    concern: 'alarm reports',
    label: 'alarm_report_log',
    sqlite: STATE('alarm_report_log'),
    pg: 'alarm_report_log',
    columns: [
      col('id', 'int8'),
      col('received_at', 'float8'),
      col('account', 'text'),
      col('receiver', 'text'),
      col('line', 'text'),
      col('sequence', 'int4'),
      col('code', 'text'),
      col('zone', 'text'),
      col('text', 'text'),
      col('event_time', 'float8'),
      col('remote', 'text'),
      col('transport', 'text'),
      col('encrypted', 'bool'),
      col('frame', 'text'),
    ],
    order: [0],
    identity: 0,
  },
  {
    concern: 'alarm reports',
    label: 'alarm_report_accounts',
    sqlite: STATE('alarm_report_accounts'),
    pg: 'alarm_report_accounts',
    columns: [col('account', 'text'), col('last_seen', 'float8')],
    order: [0],
  },
  {
    concern: 'history',
    label: 'history series',
    sqlite: { db: 'history', table: 'series' },
    pg: 'history_series',
    columns: [col('id', 'int4'), col('key', 'text')],
    order: [0],
    identity: 0,
  },
  {
    // Both engines encode chunks with the same codec (store/history/codec): copied as they are.
    concern: 'history',
    label: 'history chunks',
    sqlite: { db: 'history', table: 'chunks' },
    pg: 'history_chunks',
    columns: [
      col('series', 'int4'),
      { sqlite: 'start', pg: 't_start', type: 'float8' },
      { sqlite: 'end', pg: 't_end', type: 'float8' },
      col('count', 'int4'),
      col('data', 'bytea'),
    ],
    order: [0, 1],
    samples: {
      sqlite: (t) => `SELECT coalesce(sum(count), 0) FROM ${t}`,
      pg: (t) => `SELECT coalesce(sum(count), 0) FROM ${t}`,
    },
  },
  {
    // Journaled samples no flush folded yet (another node's, in a shared PostgreSQL database): (series, t, v)
    // float64 triplets with the series' ids, which the copy keeps.
    concern: 'history',
    label: 'history journal',
    sqlite: { db: 'history', table: 'pending' },
    pg: 'history_pending',
    columns: [
      col('id', 'int8'),
      { sqlite: null, pg: 'writer', type: 'text', missing: '' },
      col('data', 'bytea'),
    ],
    order: [0],
    identity: 0,
    samples: {
      sqlite: (t) => `SELECT coalesce(sum(length(data)), 0) / 24 FROM ${t}`,
      pg: (t) => `SELECT coalesce(sum(octet_length(data)), 0) / 24 FROM ${t}`,
    },
  },
];

/** Rows copied per statement; history chunks are large rows and go fewer at a time. */
export const batchSize = (spec: TableSpec): number =>
  spec.columns.some((c) => c.type === 'bytea') ? 500 : 5000;
