// The charging concern on SQLite (tables id_tags and charging_transactions of the state database): every
// call goes through the store's guard, so it waits its turn, counts in the store's health and is synced
// (the state database is synchronous=FULL) before its promise resolves.

import type Database from 'better-sqlite3';
import type {
  ChargingStore,
  ChargingTransaction,
  IdTag,
  TransactionFilter,
  TransactionStart,
  TransactionStop,
} from '../charging.js';
import { type TagRow, type TransactionRow, tagOf, transactionOf } from '../rows.js';

type Guard = <T>(fn: () => T) => Promise<T>;

export class SqliteCharging implements ChargingStore {
  constructor(
    private readonly db: Database.Database,
    private readonly guard: Guard,
  ) {}

  getIdTag(idTag: string): Promise<IdTag | null> {
    return this.guard(() => {
      const row = this.db.prepare('SELECT * FROM id_tags WHERE id_tag = ?').get(idTag) as TagRow | undefined;
      return row ? tagOf(row) : null;
    });
  }

  saveIdTag(tag: IdTag): Promise<void> {
    return this.guard(() => {
      this.db
        .prepare(
          `INSERT INTO id_tags (id_tag, status, expires_at, parent_id_tag) VALUES (?, ?, ?, ?)
           ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at,
             parent_id_tag = excluded.parent_id_tag`,
        )
        .run(tag.idTag, tag.status, tag.expiresAt, tag.parentIdTag);
    });
  }

  deleteIdTag(idTag: string): Promise<boolean> {
    return this.guard(() => this.db.prepare('DELETE FROM id_tags WHERE id_tag = ?').run(idTag).changes > 0);
  }

  listIdTags(): Promise<IdTag[]> {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM id_tags ORDER BY id_tag').all() as TagRow[]).map(tagOf),
    );
  }

  startTransaction(start: TransactionStart): Promise<ChargingTransaction> {
    return this.guard(() => {
      const result = this.db
        .prepare(
          `INSERT INTO charging_transactions
             (charge_point, connector, id_tag, meter_start, started_at, reservation_id, meter_values)
           VALUES (?, ?, ?, ?, ?, ?, '[]')`,
        )
        .run(
          start.chargePointId,
          start.connectorId,
          start.idTag,
          start.meterStart,
          start.startedAt,
          start.reservationId,
        );
      return this.row(Number(result.lastInsertRowid)) as ChargingTransaction;
    });
  }

  stopTransaction(id: number, stop: TransactionStop): Promise<ChargingTransaction | null> {
    return this.guard(() => {
      this.db
        .prepare(
          `UPDATE charging_transactions SET meter_stop = ?, stopped_at = ?, stop_reason = ?, stop_id_tag = ?,
             meter_values = ? WHERE id = ? AND stopped_at IS NULL`,
        )
        .run(stop.meterStop, stop.stoppedAt, stop.reason, stop.idTag, JSON.stringify(stop.meterValues), id);
      return this.row(id);
    });
  }

  getTransaction(id: number): Promise<ChargingTransaction | null> {
    return this.guard(() => this.row(id));
  }

  queryTransactions(filter: TransactionFilter = {}): Promise<ChargingTransaction[]> {
    return this.guard(() => {
      const open = filter.open === undefined ? null : filter.open ? 1 : 0;
      const rows = this.db
        .prepare(
          `SELECT * FROM charging_transactions
           WHERE (@chargePoint IS NULL OR charge_point = @chargePoint)
             AND (@open IS NULL OR (stopped_at IS NULL) = @open)
           ORDER BY id DESC LIMIT @limit`,
        )
        .all({
          chargePoint: filter.chargePointId ?? null,
          open,
          limit: filter.limit ?? -1,
        }) as TransactionRow[];
      return rows.map(transactionOf);
    });
  }

  private row(id: number): ChargingTransaction | null {
    const row = this.db.prepare('SELECT * FROM charging_transactions WHERE id = ?').get(id) as
      | TransactionRow
      | undefined;
    return row ? transactionOf(row) : null;
  }
}
