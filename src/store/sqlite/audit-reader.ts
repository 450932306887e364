// The audit trail read newest first, a page at a time. The SQL holds only the filters that are present, so
// each one is served by an index (audit_key, audit_who, audit_ts) that also gives the order; a page goes on
// below the last row of the one before (keyset on ts, id), and the event loop runs between pages, so a large
// read never holds it for long.

import type Database from 'better-sqlite3';
import type { AuditFilter, AuditRecord } from '../store.js';
import { StatementCache } from './statement-cache.js';

/** Rows read in one synchronous step. */
export const AUDIT_PAGE_ROWS = 1000;

/** An audit row as stored: values as JSON text, with the id that orders rows of the same time. */
export type AuditRow = Omit<AuditRecord, 'written' | 'before' | 'after' | 'durationMs' | 'note'> & {
  id: number;
  written: string | null;
  before: string | null;
  after: string | null;
  durationMs: number | null;
  note: string | null;
};

/** The SELECT of one page for the filters present; `after` continues below a previous page's last row. */
export function auditPageSql(filter: AuditFilter, after: boolean): string {
  const where: string[] = [];
  if (filter.key !== undefined) where.push('key = @key');
  else if (filter.device !== undefined) where.push('key >= @keyFrom AND key < @keyTo');
  // With a point or device too, `+who` keeps SQLite on audit_key: a point has fewer records than a user.
  if (filter.who !== undefined)
    where.push(filter.key !== undefined || filter.device !== undefined ? '+who = @who' : 'who = @who');
  // `+key`: never chosen as the index for a key left out.
  if (filter.notKey !== undefined) where.push('+key != @notKey');
  if (filter.from !== undefined) where.push('ts >= @from');
  if (filter.to !== undefined) where.push('ts < @to');
  if (after) where.push('(ts, id) < (@afterTs, @afterId)');
  return `SELECT id, ts, who, via, remote, key, level, action, written, before, after,
    duration_ms AS durationMs, note FROM audit
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT @limit`;
}

/** The named parameters of the filters present. */
function filterParams(filter: AuditFilter): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (filter.key !== undefined) params.key = filter.key;
  else if (filter.device !== undefined) {
    // A device's points are `<device>.<point>`: the keys from `<device>.` up to `<device>/` ('.' + 1).
    params.keyFrom = `${filter.device}.`;
    params.keyTo = `${filter.device}/`;
  }
  if (filter.who !== undefined) params.who = filter.who;
  if (filter.notKey !== undefined) params.notKey = filter.notKey;
  if (filter.from !== undefined) params.from = filter.from;
  if (filter.to !== undefined) params.to = filter.to;
  return params;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AuditReader {
  /** Prepared statements by SQL: one per shape of filter. */
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Rows matching `filter`, newest first (by time, then by order of commit), all of them unless limited. */
  async read(filter: AuditFilter): Promise<AuditRow[]> {
    const limit = filter.limit === undefined || filter.limit < 0 ? Number.POSITIVE_INFINITY : filter.limit;
    const params = filterParams(filter);
    const out: AuditRow[] = [];
    let last: AuditRow | undefined;
    while (out.length < limit) {
      const want = Math.min(AUDIT_PAGE_ROWS, limit - out.length);
      const stmt = this.statements.get(auditPageSql(filter, last !== undefined));
      const page = stmt.all(
        last === undefined
          ? { ...params, limit: want }
          : { ...params, limit: want, afterTs: last.ts, afterId: last.id },
      ) as AuditRow[];
      for (const row of page) out.push(row);
      if (page.length < want) break;
      last = page.at(-1);
      await nextTurn();
    }
    return out;
  }
}
