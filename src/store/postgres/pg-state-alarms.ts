// Alarms on PostgreSQL: inserted with a new identity id, updated by id (what an alarm goes through: value,
// state, times; not what it is), read newest raised first, then the latest inserted.

import type { Value } from '../../core/value.js';
import type { Alarm, AlarmFilter, AlarmStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import { PgWhere } from './pg-state-where.js';

type AlarmRow = {
  id: string;
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

const alarmOf = (r: AlarmRow): Alarm => ({
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

export class PgAlarms implements AlarmStore {
  constructor(private readonly db: PgDatabase) {}

  async saveAlarm(alarm: Alarm): Promise<number> {
    const value = JSON.stringify(alarm.value);
    if (alarm.id === 0) {
      const { rows } = await this.db.query<{ id: string }>(
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
        true,
      );
      return Number(rows[0]?.id);
    }
    await this.db.query(
      'UPDATE alarms SET value = $1, state = $2, acked_at = $3, acked_by = $4, cleared_at = $5 WHERE id = $6',
      [value, alarm.state, alarm.ackedAt, alarm.ackedBy, alarm.clearedAt, alarm.id],
      true,
    );
    return alarm.id;
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
