// Alarms on PostgreSQL: inserted with a new identity id, updated by id (what an alarm goes through: value,
// state, times; not what it is), read newest raised first, then the latest inserted.

import type pg from 'pg';
import { type AlarmRow, alarmOf } from '../rows.js';
import type { Alarm, AlarmFilter, AlarmStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import { PgWhere } from './pg-state-where.js';

/** Inserts (id 0) or updates one alarm on `client`, inside the caller's transaction; its id. */
async function writeAlarm(client: pg.PoolClient, alarm: Alarm): Promise<number> {
  const value = JSON.stringify(alarm.value);
  if (alarm.id === 0) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO alarms (key, device, point, value, severity, state, raised_at, acked_at, acked_by, cleared_at,
         reported)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        alarm.key,
        alarm.device,
        alarm.point,
        value,
        alarm.severity,
        alarm.state,
        alarm.raisedAt,
        alarm.ackedAt,
        alarm.ackedBy,
        alarm.clearedAt,
        alarm.reported,
      ],
    );
    return Number(rows[0]?.id);
  }
  await client.query(
    'UPDATE alarms SET value = $1, state = $2, acked_at = $3, acked_by = $4, cleared_at = $5 WHERE id = $6',
    [value, alarm.state, alarm.ackedAt, alarm.ackedBy, alarm.clearedAt, alarm.id],
  );
  return alarm.id;
}

export class PgAlarms implements AlarmStore {
  constructor(private readonly db: PgDatabase) {}

  async saveAlarm(alarm: Alarm): Promise<number> {
    return (await this.saveAlarms([alarm]))[0] as number;
  }

  /** Every alarm in order in one transaction: inserts get their new ids, updates keep theirs. */
  saveAlarms(alarms: readonly Alarm[]): Promise<number[]> {
    if (alarms.length === 0) return Promise.resolve([]);
    return this.db.transaction(async (client) => {
      const ids: number[] = [];
      for (const alarm of alarms) ids.push(await writeAlarm(client, alarm));
      return ids;
    });
  }

  async queryAlarms(filter: AlarmFilter = {}): Promise<Alarm[]> {
    const where = new PgWhere();
    if (filter.state === 'open') where.andAlso("NOT (state = 'cleared' AND acked_at IS NOT NULL)");
    else if (filter.state !== undefined) where.and('state = ?', filter.state);
    if (filter.key !== undefined) where.and('key = ?', filter.key);
    const limit = where.limit(filter.limit);
    const { rows } = await this.db.query<AlarmRow>(
      `SELECT * FROM alarms ${where.sql} ORDER BY raised_at DESC, id DESC ${limit}`,
      where.values,
    );
    return rows.map(alarmOf);
  }
}
