// The charge points' outbox on PostgreSQL: queued transaction messages (`charge_point_outbox`, in order of an
// identity seq, never reused) and each charge point's small state (`charge_point_state`), every call
// committed before its promise resolves.

import type pg from 'pg';
import type { OutboxMessage, OutboxStore } from '../outbox.js';
import type { PgDatabase } from './pg-database.js';
import { PgWhere } from './pg-state-where.js';

type MessageRow = { seq: string; charge_point: string; action: string; payload: string; attempts: number };

export class PgOutbox implements OutboxStore {
  constructor(private readonly db: PgDatabase) {}

  async enqueue(chargePoint: string, action: string, payload: Record<string, unknown>): Promise<number> {
    const { rows } = await this.db.query<{ seq: string }>(
      'INSERT INTO charge_point_outbox (charge_point, action, payload) VALUES ($1, $2, $3) RETURNING seq',
      [chargePoint, action, JSON.stringify(payload)],
      true,
    );
    return Number(rows[0]?.seq);
  }

  async pending(chargePoint: string, limit?: number): Promise<OutboxMessage[]> {
    const where = new PgWhere().and('charge_point = ?', chargePoint);
    const limited = where.limit(limit);
    const { rows } = await this.db.query<MessageRow>(
      `SELECT * FROM charge_point_outbox ${where.sql} ORDER BY seq ${limited}`,
      where.values,
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      chargePoint: r.charge_point,
      action: r.action,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      attempts: r.attempts,
    }));
  }

  async countAttempt(seq: number): Promise<void> {
    await this.db.query('UPDATE charge_point_outbox SET attempts = attempts + 1 WHERE seq = $1', [seq], true);
  }

  complete(seq: number, state?: { chargePoint: string; values: Map<string, string | null> }): Promise<void> {
    return this.db.transaction(async (client) => {
      await client.query('DELETE FROM charge_point_outbox WHERE seq = $1', [seq]);
      if (state) await writeState(client, state.chargePoint, state.values);
    });
  }

  async loadState(chargePoint: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ key: string; value: string }>(
      'SELECT key, value FROM charge_point_state WHERE charge_point = $1',
      [chargePoint],
    );
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  saveState(chargePoint: string, values: Map<string, string | null>): Promise<void> {
    return this.db.transaction((client) => writeState(client, chargePoint, values));
  }
}

/** Sets the keys given a string and deletes those given null, in the caller's transaction. */
async function writeState(
  client: pg.ClientBase,
  chargePoint: string,
  values: Map<string, string | null>,
): Promise<void> {
  const set = [...values].filter((e): e is [string, string] => e[1] !== null);
  const gone = [...values].filter(([, v]) => v === null).map(([k]) => k);
  if (gone.length > 0)
    await client.query('DELETE FROM charge_point_state WHERE charge_point = $1 AND key = ANY($2::text[])', [
      chargePoint,
      gone,
    ]);
  if (set.length > 0)
    await client.query(
      `INSERT INTO charge_point_state (charge_point, key, value)
       SELECT $1, * FROM unnest($2::text[], $3::text[])
       ON CONFLICT (charge_point, key) DO UPDATE SET value = excluded.value`,
      [chargePoint, set.map(([k]) => k), set.map(([, v]) => v)],
    );
}
