// The received alarm reports read newest first, a page at a time, as the audit trail is (audit-reader.ts):
// the SQL holds only the filters present, each served by an index that also gives the order (by account,
// by code, or by time), a page goes on below the last row of the one before (keyset on received_at, id), and
// the event loop runs between pages.

import type Database from 'better-sqlite3';
import type { LoggedReport, ReceivedFilter } from '../alarm-reports.js';
import { type LogRow, reportFromRow } from '../rows.js';
import { StatementCache } from './statement-cache.js';

/** Rows read in one synchronous step. */
export const LOG_PAGE_ROWS = 1000;

/** The SELECT of one page for the filters present; `after` continues below a previous page's last row. */
export function logPageSql(filter: ReceivedFilter, after: boolean): string {
  const where: string[] = [];
  if (filter.account !== undefined) where.push('account = @account');
  // With an account too, `+code` keeps SQLite on the account's index.
  if (filter.code !== undefined) where.push(filter.account !== undefined ? '+code = @code' : 'code = @code');
  if (filter.from !== undefined) where.push('received_at >= @from');
  if (filter.to !== undefined) where.push('received_at < @to');
  if (after) where.push('(received_at, id) < (@afterTs, @afterId)');
  return `SELECT * FROM alarm_report_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY received_at DESC, id DESC LIMIT @limit`;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AlarmReportLogReader {
  /** Prepared statements by SQL: one per shape of filter. */
  private readonly statements: StatementCache;

  /** `run` runs a synchronous read in the store's order of calls. */
  constructor(
    db: Database.Database,
    private readonly run: <T>(fn: () => T) => Promise<T>,
  ) {
    this.statements = new StatementCache(db);
  }

  /** Reports matching `filter`, newest first (by time, then by order of logging), all unless limited. */
  async read(filter: ReceivedFilter): Promise<LoggedReport[]> {
    const limit = filter.limit === undefined || filter.limit < 0 ? Number.POSITIVE_INFINITY : filter.limit;
    const params: Record<string, string | number> = {};
    for (const key of ['account', 'code', 'from', 'to'] as const) {
      const value = filter[key];
      if (value !== undefined) params[key] = value;
    }
    const out: LoggedReport[] = [];
    let last: LogRow | undefined;
    while (out.length < limit) {
      const want = Math.min(LOG_PAGE_ROWS, limit - out.length);
      const stmt = this.statements.get(logPageSql(filter, last !== undefined));
      const bound =
        last === undefined
          ? { ...params, limit: want }
          : { ...params, limit: want, afterTs: last.received_at, afterId: last.id };
      const page = await this.run(() => stmt.all(bound) as LogRow[]);
      for (const row of page) out.push(reportFromRow(row));
      if (page.length < want) break;
      last = page.at(-1);
      await nextTurn();
    }
    return out;
  }
}
