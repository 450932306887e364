// Device counters on PostgreSQL: the counters given set in one statement, the others kept.

import type { CounterStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';

export class PgCounters implements CounterStore {
  constructor(private readonly db: PgDatabase) {}

  async loadCounters(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ key: string; value: number }>('SELECT key, value FROM counters');
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  async saveCounters(counters: Map<string, number>): Promise<void> {
    if (counters.size === 0) return;
    await this.db.query(
      `INSERT INTO counters (key, value) SELECT * FROM unnest($1::text[], $2::float8[])
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [[...counters.keys()], [...counters.values()]],
      true,
    );
  }
}
