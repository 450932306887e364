// The receiver's log of alarm reports in PostgreSQL, read newest first (by time, then by order of logging)
// with only the filters present in the statement (each served by an index that also gives the order), and
// pruned oldest first.

import type pg from 'pg';
import type { LoggedReport, ReceivedFilter, RetentionCut } from '../alarm-reports.js';
import { type LogRow, reportFromRow } from '../rows.js';
import type { PgDatabase } from './pg-database.js';

/** The SELECT for the filters present and its parameters (a limit below 0 or absent: all). */
export function logQuery(filter: ReceivedFilter): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  if (filter.account !== undefined) add((n) => `account = ${n}`, filter.account);
  if (filter.code !== undefined) add((n) => `code = ${n}`, filter.code);
  if (filter.from !== undefined) add((n) => `received_at >= ${n}`, filter.from);
  if (filter.to !== undefined) add((n) => `received_at < ${n}`, filter.to);
  values.push(filter.limit === undefined || filter.limit < 0 ? null : filter.limit);
  return {
    text: `SELECT * FROM alarm_report_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY received_at DESC, id DESC LIMIT $${values.length}`,
    values,
  };
}

/** Received reports matching `filter`, newest first, all unless limited. */
export async function readLog(db: PgDatabase, filter: ReceivedFilter): Promise<LoggedReport[]> {
  const { text, values } = logQuery(filter);
  return (await db.query<LogRow>(text, values)).rows.map(reportFromRow);
}

/** Deletes at most `max` of the oldest logged reports outside `cut` (beyond the newest `keep`, then older than `before`). */
export async function pruneLog(client: pg.ClientBase, cut: RetentionCut, max: number): Promise<number> {
  let deleted = 0;
  if (cut.keep !== undefined && max > 0) {
    const edge = (
      await client.query<{ received_at: number; id: string }>(
        'SELECT received_at, id FROM alarm_report_log ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET $1',
        [Math.max(0, cut.keep)],
      )
    ).rows[0];
    if (edge) {
      deleted +=
        (
          await client.query(
            `DELETE FROM alarm_report_log WHERE id IN (SELECT id FROM alarm_report_log
               WHERE (received_at, id) <= ($1, $2) ORDER BY received_at, id LIMIT $3)`,
            [edge.received_at, edge.id, max],
          )
        ).rowCount ?? 0;
    }
  }
  if (cut.before !== undefined && max - deleted > 0) {
    deleted +=
      (
        await client.query(
          `DELETE FROM alarm_report_log WHERE id IN (SELECT id FROM alarm_report_log
             WHERE received_at < $1 ORDER BY received_at, id LIMIT $2)`,
          [cut.before, max - deleted],
        )
      ).rowCount ?? 0;
  }
  return deleted;
}
