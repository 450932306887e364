// The charging concern on PostgreSQL (tables id_tags and charging_transactions of the `state` part): each
// call one statement (or one transaction), committed before its promise resolves.

import type {
  ChargingStore,
  ChargingTransaction,
  IdTag,
  TransactionFilter,
  TransactionStart,
  TransactionStop,
} from '../charging.js';
import { type TagRow, type TransactionRow, tagOf, transactionOf } from '../rows.js';
import type { PgDatabase } from './pg-database.js';
import { PgWhere } from './pg-state-where.js';

export class PgCharging implements ChargingStore {
  constructor(private readonly db: PgDatabase) {}

  async getIdTag(idTag: string): Promise<IdTag | null> {
    const { rows } = await this.db.query<TagRow>('SELECT * FROM id_tags WHERE id_tag = $1', [idTag]);
    return rows[0] ? tagOf(rows[0]) : null;
  }

  async saveIdTag(tag: IdTag): Promise<void> {
    await this.db.query(
      `INSERT INTO id_tags (id_tag, status, expires_at, parent_id_tag) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at,
         parent_id_tag = excluded.parent_id_tag`,
      [tag.idTag, tag.status, tag.expiresAt, tag.parentIdTag],
      true,
    );
  }

  async deleteIdTag(idTag: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM id_tags WHERE id_tag = $1', [idTag], true);
    return (rowCount ?? 0) > 0;
  }

  async listIdTags(): Promise<IdTag[]> {
    const { rows } = await this.db.query<TagRow>('SELECT * FROM id_tags ORDER BY id_tag');
    return rows.map(tagOf);
  }

  async startTransaction(start: TransactionStart): Promise<ChargingTransaction> {
    const { rows } = await this.db.query<TransactionRow>(
      `INSERT INTO charging_transactions
         (charge_point, connector, id_tag, meter_start, started_at, reservation_id, meter_values)
       VALUES ($1, $2, $3, $4, $5, $6, '[]') RETURNING *`,
      [
        start.chargePointId,
        start.connectorId,
        start.idTag,
        start.meterStart,
        start.startedAt,
        start.reservationId,
      ],
      true,
    );
    return transactionOf(rows[0] as TransactionRow);
  }

  stopTransaction(id: number, stop: TransactionStop): Promise<ChargingTransaction | null> {
    // A finished transaction is left as it is and answered as it is (a repeated stop).
    return this.db.transaction(async (client) => {
      await client.query(
        `UPDATE charging_transactions SET meter_stop = $1, stopped_at = $2, stop_reason = $3, stop_id_tag = $4,
           meter_values = $5 WHERE id = $6 AND stopped_at IS NULL`,
        [stop.meterStop, stop.stoppedAt, stop.reason, stop.idTag, JSON.stringify(stop.meterValues), id],
      );
      const { rows } = await client.query<TransactionRow>(
        'SELECT * FROM charging_transactions WHERE id = $1',
        [id],
      );
      return rows[0] ? transactionOf(rows[0]) : null;
    });
  }

  async getTransaction(id: number): Promise<ChargingTransaction | null> {
    const { rows } = await this.db.query<TransactionRow>(
      'SELECT * FROM charging_transactions WHERE id = $1',
      [id],
    );
    return rows[0] ? transactionOf(rows[0]) : null;
  }

  async queryTransactions(filter: TransactionFilter = {}): Promise<ChargingTransaction[]> {
    const where = new PgWhere();
    if (filter.chargePointId !== undefined) where.and('charge_point = ?', filter.chargePointId);
    if (filter.open !== undefined)
      where.andAlso(filter.open ? 'stopped_at IS NULL' : 'stopped_at IS NOT NULL');
    const limit = where.limit(filter.limit);
    const { rows } = await this.db.query<TransactionRow>(
      `SELECT * FROM charging_transactions ${where.sql} ORDER BY id DESC ${limit}`,
      where.values,
    );
    return rows.map(transactionOf);
  }
}
