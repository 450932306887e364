// Priority arrays and the audit trail on PostgreSQL: a batch of writes (the new arrays and their audit
// records) is one statement, so one round trip commits it atomically; audit reads newest first by time,
// then by order of insertion (the identity id), through the same filters as the SQLite engine.

import { emptyPriorityArray, type PriorityArray } from '../../core/priority-array.js';
import type { Value } from '../../core/value.js';
import { fromJson, toJson } from '../rows.js';
import type { AuditFilter, AuditRecord, CommittedWrite, WriteStore } from '../store.js';
import type { PgDatabase } from './pg-database.js';
import { encodePriorityArray, mergeLevels } from './pg-feed-priority.js';
import { FEED_CHANNEL, FEED_COMMIT_LOCK } from './pg-feed-wire.js';
import { PgWhere } from './pg-state-where.js';

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

// A node of a cluster: every key of the batch gets a row first (so that FOR UPDATE locks each one), then the
// stored arrays are locked: each write's level change is merged into the stored array (serialised by the row
// lock), so that two nodes writing one point at once lose neither write.
const ENSURE_ROWS_SQL = `
  INSERT INTO priority (key, vals, expiries) SELECT k, $2, $3 FROM unnest($1::text[]) AS k
  ON CONFLICT (key) DO NOTHING`;
const LOCK_ROWS_SQL = `
  SELECT key, vals, expiries FROM priority WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`;
// The arrays as committed go to the change feed as 'priority' changes, in commit order (the feed's lock).
const FEED_SQL = `
  WITH added AS (
    INSERT INTO point_changes (key, value, status, ts, node, kind)
    SELECT k, v, 'ok', $3, $4, 'priority' FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS b(k, v, n)
    ORDER BY n
    RETURNING seq)
  SELECT pg_notify('${FEED_CHANNEL}', (SELECT max(seq) FROM added)::text)`;

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

/** The parameters of COMMIT_SQL: the arrays to upsert, then the audit records' columns. */
function commitParams(
  arrays: ReadonlyMap<string, PriorityArray>,
  writes: readonly CommittedWrite[],
): unknown[] {
  const audits = writes.map((w) => w.audit);
  const column = <T>(pick: (a: AuditRecord) => T) => audits.map(pick);
  return [
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
  ];
}

export class PgWrites implements WriteStore {
  /**
   * Set on a node of a cluster (its name): each commit merges its writes' level changes into the stored arrays
   * (rows locked) and appends the arrays as committed to the change feed, in the same transaction.
   */
  clusterNode: string | null = null;

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
    const node = this.clusterNode;
    if (node === null) {
      // One row per key: an upsert cannot change a row twice in one statement.
      const arrays = new Map<string, PriorityArray>();
      for (const w of writes) if (w.array) arrays.set(w.key, w.array);
      await this.db.query(COMMIT_SQL, commitParams(arrays, writes), true);
      return;
    }
    const keys = [...new Set(writes.filter((w) => w.array).map((w) => w.key))].sort();
    await this.db.transaction(async (client) => {
      const arrays = new Map<string, PriorityArray>();
      const empty = emptyPriorityArray();
      if (keys.length > 0) {
        await client.query(ENSURE_ROWS_SQL, [
          keys,
          JSON.stringify(empty.values),
          JSON.stringify(empty.expiries),
        ]);
        const locked = await client.query<{ key: string; vals: string; expiries: string }>(LOCK_ROWS_SQL, [
          keys,
        ]);
        for (const r of locked.rows)
          arrays.set(r.key, { values: JSON.parse(r.vals), expiries: JSON.parse(r.expiries) });
        for (const w of writes) {
          if (!w.array) continue;
          const stored = arrays.get(w.key) ?? empty;
          // An expiry relinquishes a level only while it still holds what expired (not a newer write).
          arrays.set(w.key, mergeLevels(stored, w.before ?? empty, w.array, w.audit.action === 'expire'));
        }
      }
      await client.query(COMMIT_SQL, commitParams(arrays, writes));
      if (keys.length === 0) return;
      await client.query('SELECT pg_advisory_xact_lock($1)', [FEED_COMMIT_LOCK]);
      await client.query(FEED_SQL, [
        keys,
        keys.map((k) => JSON.stringify(encodePriorityArray(arrays.get(k) ?? empty))),
        writes[writes.length - 1]?.audit.ts ?? 0,
        node,
      ]);
    });
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
