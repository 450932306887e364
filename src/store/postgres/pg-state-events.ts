// Site events on PostgreSQL: appended in order in one statement, read newest first by order of appending.

import { fromJson, toJson } from '../rows.js';
import type { EventFilter, EventStore, SiteEvent } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import { PgWhere } from './pg-state-where.js';

type EventRow = Omit<SiteEvent, 'data'> & { data: string | null };

export class PgEvents implements EventStore {
  constructor(private readonly db: PgDatabase) {}

  async appendEvents(events: SiteEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `INSERT INTO events (ts, device, point, kind, message, data)
       SELECT ts, device, point, kind, message, data
       FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         WITH ORDINALITY AS u(ts, device, point, kind, message, data, n)
       ORDER BY n`,
      [
        events.map((e) => e.ts),
        events.map((e) => e.device),
        events.map((e) => e.point),
        events.map((e) => e.kind),
        events.map((e) => e.message),
        events.map((e) => toJson(e.data)),
      ],
      true,
    );
  }

  async queryEvents(filter: EventFilter = {}): Promise<SiteEvent[]> {
    const where = new PgWhere();
    if (filter.from !== undefined) where.and('ts >= ?', filter.from);
    if (filter.to !== undefined) where.and('ts < ?', filter.to);
    if (filter.device !== undefined) where.and('device = ?', filter.device);
    if (filter.kind !== undefined) where.and('kind = ?', filter.kind);
    const limit = where.limit(filter.limit);
    const { rows } = await this.db.query<EventRow>(
      `SELECT ts, device, point, kind, message, data FROM events ${where.sql} ORDER BY id DESC ${limit}`,
      where.values,
    );
    return rows.map((r) => ({ ...r, data: fromJson<Record<string, unknown>>(r.data) }));
  }
}
