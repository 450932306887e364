// Priority arrays and the audit trail on PostgreSQL: a batch of writes (the new arrays and their audit
// records) is one statement, so one round trip commits it atomically; audit reads newest first by time,
// then by order of insertion (the identity id), through the same filters as the SQLite engine.

import type { PriorityArray } from '../../core/priority-array.js';
import type { Value } from '../../core/value.js';
import type { AuditFilter, AuditRecord, CommittedWrite, WriteStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import { fromJson, PgWhere, toJson } from './pg-state-where.js';

type AuditRow = Omit<AuditRecord, 'written' | 'before' | 'after' | 'durationMs' | 'note'> & {
  written: string | null;
  before: string | null;
  after: string | null;
  duration_ms: number | null;
  note: string | null;
};

// The arrays of the batch, upserted (the last of a key in the batch wins), then the audit records inserted in
// the order given: their ids order records of the same time.
const COMMIT_SQL = `
  WITH arrays AS (
    INSERT INTO priority (key, vals, expiries)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
    ON CONFLICT (key) DO UPDATE SET vals = excluded.vals, expiries = excluded.expiries)
  INSERT INTO audit (ts, who, via, remote, key, level, action, written, before, after, duration_ms, note)
  SELECT ts, who, via, remote, key, level, action, written, before, after, duration_ms, note
  FROM unnest($4::float8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[],
              $11::text[], $12::text[], $13::text[], $14::float8[], $15::text[])
    WITH ORDINALITY AS u(ts, who, via, remote, key, level, action, written, before, after, duration_ms, note, n)
  ORDER BY n`;

const recordOf = (r: AuditRow): AuditRecord => ({
  ts: r.ts,
  who: r.who,
  via: r.via,
  remote: r.remote,
  key: r.key,
  level: r.level,
  action: r.action,
  written: fromJson<Value>(r.written),
  before: fromJson<Value>(r.before),
  after: fromJson<Value>(r.after),
  // Absent rather than null, as the records were written.
  ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
  ...(r.note !== null ? { note: r.note } : {}),
});

export class PgWrites implements WriteStore {
  constructor(private readonly db: PgDatabase) {}

  async loadPriorities(): Promise<Map<string, PriorityArray>> {
    const { rows } = await this.db.query<{ key: string; vals: string; expiries: string }>(
      'SELECT key, vals, expiries FROM priority',
    );
    return new Map(
      rows.map((r) => [r.key, { values: JSON.parse(r.vals), expiries: JSON.parse(r.expiries) }]),
    );
  }

  async commitWrites(writes: CommittedWrite[]): Promise<void> {
    if (writes.length === 0) return;
    // One row per key: an upsert cannot change a row twice in one statement.
    const arrays = new Map<string, PriorityArray>();
    for (const w of writes) if (w.array) arrays.set(w.key, w.array);
    const audits = writes.map((w) => w.audit);
    const column = <T>(pick: (a: AuditRecord) => T) => audits.map(pick);
    await this.db.query(
      COMMIT_SQL,
      [
        [...arrays.keys()],
        [...arrays.values()].map((a) => JSON.stringify(a.values)),
        [...arrays.values()].map((a) => JSON.stringify(a.expiries)),
        column((a) => a.ts),
        column((a) => a.who),
        column((a) => a.via),
        column((a) => a.remote),
        column((a) => a.key),
        column((a) => a.level),
        column((a) => a.action),
        column((a) => toJson(a.written)),
        column((a) => toJson(a.before)),
        column((a) => toJson(a.after)),
        column((a) => a.durationMs ?? null),
        column((a) => a.note ?? null),
      ],
      true,
    );
  }

  async queryAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const where = new PgWhere();
    if (filter.key !== undefined) where.and('key = ?', filter.key);
    else if (filter.device !== undefined) {
      // A device's points are `<device>.<point>`: the keys from `<device>.` up to `<device>/` ('.' + 1),
      // byte order (the column's collation is "C").
      where.and('key >= ?', `${filter.device}.`).and('key < ?', `${filter.device}/`);
    }
    if (filter.who !== undefined) where.and('who = ?', filter.who);
    if (filter.notKey !== undefined) where.and('key <> ?', filter.notKey);
    if (filter.from !== undefined) where.and('ts >= ?', filter.from);
    if (filter.to !== undefined) where.and('ts < ?', filter.to);
    const limit = where.limit(filter.limit);
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ts, who, via, remote, key, level, action, written, before, after, duration_ms, note FROM audit
       ${where.sql} ORDER BY ts DESC, id DESC ${limit}`,
      where.values,
    );
    return rows.map(recordOf);
  }

  async pruneAudit(before: number, max: number): Promise<number> {
    // The oldest first (by time, then by order of insertion); a small `max` keeps each delete short.
    const { rowCount } = await this.db.query(
      'DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE ts < $1 ORDER BY ts, id LIMIT $2)',
      [before, Math.max(0, Math.floor(max))],
      true,
    );
    return rowCount ?? 0;
  }
}
