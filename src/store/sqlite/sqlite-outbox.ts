// The charge points' outbox in SQLite: queued transaction messages (`charge_point_outbox`, in order of an
// AUTOINCREMENT seq, never reused) and each charge point's small state (`charge_point_state`), in the state
// database, synced at every commit.

import type Database from 'better-sqlite3';
import type { OutboxMessage, OutboxStore } from '../outbox.js';

type Guard = <T>(fn: () => T) => Promise<T>;

type MessageRow = { seq: number; charge_point: string; action: string; payload: string; attempts: number };

export class SqliteOutbox implements OutboxStore {
  private readonly insert: Database.Statement;
  private readonly setState: Database.Statement;
  private readonly deleteState: Database.Statement;

  /** `guard` runs a call on the state database in order, as the store's other calls. */
  constructor(
    private readonly db: Database.Database,
    private readonly guard: Guard,
  ) {
    this.insert = db.prepare(
      'INSERT INTO charge_point_outbox (charge_point, action, payload) VALUES (?, ?, ?)',
    );
    this.setState = db.prepare(
      'INSERT INTO charge_point_state (charge_point, key, value) VALUES (?, ?, ?) ON CONFLICT (charge_point, key) DO UPDATE SET value = excluded.value',
    );
    this.deleteState = db.prepare('DELETE FROM charge_point_state WHERE charge_point = ? AND key = ?');
  }

  enqueue(chargePoint: string, action: string, payload: Record<string, unknown>): Promise<number> {
    return this.guard(() =>
      Number(this.insert.run(chargePoint, action, JSON.stringify(payload)).lastInsertRowid),
    );
  }

  pending(chargePoint: string, limit?: number): Promise<OutboxMessage[]> {
    return this.guard(() => {
      const rows = this.db
        .prepare('SELECT * FROM charge_point_outbox WHERE charge_point = ? ORDER BY seq LIMIT ?')
        .all(chargePoint, limit ?? -1) as MessageRow[];
      return rows.map((r) => ({
        seq: r.seq,
        chargePoint: r.charge_point,
        action: r.action,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        attempts: r.attempts,
      }));
    });
  }

  countAttempt(seq: number): Promise<void> {
    return this.guard(() => {
      this.db.prepare('UPDATE charge_point_outbox SET attempts = attempts + 1 WHERE seq = ?').run(seq);
    });
  }

  complete(seq: number, state?: { chargePoint: string; values: Map<string, string | null> }): Promise<void> {
    return this.guard(() =>
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM charge_point_outbox WHERE seq = ?').run(seq);
        if (state) this.writeState(state.chargePoint, state.values);
      })(),
    );
  }

  loadState(chargePoint: string): Promise<Map<string, string>> {
    return this.guard(() => {
      const rows = this.db
        .prepare('SELECT key, value FROM charge_point_state WHERE charge_point = ?')
        .all(chargePoint) as Array<{ key: string; value: string }>;
      return new Map(rows.map((r) => [r.key, r.value]));
    });
  }

  saveState(chargePoint: string, values: Map<string, string | null>): Promise<void> {
    return this.guard(() => this.db.transaction(() => this.writeState(chargePoint, values))());
  }

  private writeState(chargePoint: string, values: Map<string, string | null>): void {
    for (const [key, value] of values) {
      if (value === null) this.deleteState.run(chargePoint, key);
      else this.setState.run(chargePoint, key, value);
    }
  }
}
