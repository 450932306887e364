// Alarm reports in PostgreSQL, with SQLite's semantics (sqlite/sqlite-alarm-reports.ts): the transmitter's
// queue per account in order of seq, failed attempts per receiver, delivery records, the receiver's log with
// resends recognised and each account's last-seen time. Every change is one transaction committed before its
// promise resolves. Several nodes may share the database: an acknowledgement locks its queued report (a
// concurrent one finds it gone; an attempt waits or finds it gone), and batches of received reports lock their
// (account, sequence) keys (pg-alarm-report-batch.ts). Texts sort as bytes (`COLLATE "C"`), as in SQLite.

import {
  type AccountQueue,
  type AlarmReportsStore,
  type Attempt,
  type DeliveredFilter,
  type DeliveredReport,
  DUPLICATE_WINDOW_MS,
  type LoggedReport,
  type OutgoingReport,
  type QueuedReport,
  type ReceivedFilter,
  type ReceivedReport,
  type ReceiverAttempts,
  type RecordResult,
  type RetentionCut,
} from '../alarm-reports.js';
import { recordBatch } from './pg-alarm-report-batch.js';
import { InOrder } from './pg-alarm-report-in-order.js';
import { pruneLog, readLog } from './pg-alarm-report-log.js';
import { ALARM_REPORTS_MIGRATIONS, ALARM_REPORTS_PART } from './pg-alarm-report-schema.js';
import type { PgDatabase } from './pg-database.js';
import { migrateDatabase } from './pg-migrations.js';

/** A queued report's attempts as a JSON array of `ReceiverAttempts`, by receiver (`q` is the queue's row). */
const ATTEMPTS_JSON = `coalesce((SELECT json_agg(json_build_object('receiver', a.receiver, 'nak', a.nak,
    'duh', a.duh, 'timeout', a.timeout, 'unreachable', a.unreachable, 'lastError', a.last_error,
    'lastAt', a.last_at) ORDER BY a.receiver COLLATE "C")
  FROM alarm_report_attempts a WHERE a.seq = q.seq), '[]'::json)`;

type QueueRow = { seq: string; account: string; report: string; attempts: ReceiverAttempts[] };
type DeliveredRow = {
  seq: string;
  account: string;
  report: string;
  attempts: string;
  receiver: string;
  acked_at: number;
};

/** A limit as SQL takes it: none (null) when absent or below 0, as SQLite's LIMIT -1. */
const limitOf = (limit: number | undefined) => (limit === undefined || limit < 0 ? null : limit);

export class PgAlarmReports implements AlarmReportsStore {
  /** Enqueues in the order they are called (seq ascends with it), and batches of received reports too. */
  private readonly queueing = new InOrder();
  private readonly logging = new InOrder();

  constructor(private readonly db: PgDatabase) {}

  /** The alarm reports of the database `db`, its `alarm-reports` schema migrated first. */
  static async open(db: PgDatabase): Promise<PgAlarmReports> {
    const reports = new PgAlarmReports(db);
    await reports.init();
    return reports;
  }

  /** Applies the migrations of the `alarm-reports` schema part. */
  init(): Promise<void> {
    return migrateDatabase(this.db, ALARM_REPORTS_PART, ALARM_REPORTS_MIGRATIONS);
  }

  async enqueue(account: string, report: OutgoingReport): Promise<number> {
    const text = JSON.stringify(report);
    const result = await this.queueing.run(() =>
      this.db.query<{ seq: string }>(
        'INSERT INTO alarm_report_queue (account, report) VALUES ($1, $2) RETURNING seq',
        [account, text],
        true,
      ),
    );
    return Number(result.rows[0]?.seq);
  }

  async pending(account: string, limit?: number): Promise<QueuedReport[]> {
    const rows = await this.db.query<QueueRow>(
      `SELECT q.seq, q.account, q.report, ${ATTEMPTS_JSON} AS attempts FROM alarm_report_queue q
       WHERE q.account = $1 ORDER BY q.seq LIMIT $2`,
      [account, limitOf(limit)],
    );
    return rows.rows.map((r) => ({
      seq: Number(r.seq),
      account: r.account,
      report: JSON.parse(r.report) as OutgoingReport,
      attempts: r.attempts,
    }));
  }

  async attempt(seq: number, receiver: string, attempt: Attempt): Promise<boolean> {
    // The outcome's column, from a closed set (never the caller's text).
    const column = { nak: 'nak', duh: 'duh', timeout: 'timeout', unreachable: 'unreachable' }[
      attempt.outcome
    ];
    // The queued row is locked as it is read: an acknowledgement under way is waited for, then it is gone.
    const result = await this.db.query(
      `INSERT INTO alarm_report_attempts (seq, receiver, ${column}, last_error, last_at)
       SELECT seq, $2, 1, $3, $4 FROM alarm_report_queue WHERE seq = $1 FOR KEY SHARE
       ON CONFLICT (seq, receiver) DO UPDATE SET ${column} = alarm_report_attempts.${column} + 1,
         last_error = excluded.last_error, last_at = excluded.last_at`,
      [seq, receiver, attempt.error ?? null, attempt.at],
      true,
    );
    return result.rowCount === 1;
  }

  acknowledged(seq: number, receiver: string, at: number): Promise<boolean> {
    return this.db.transaction(async (client) => {
      // Locked first: a concurrent acknowledgement waits and then finds it gone; attempts wait for the end.
      const row = (
        await client.query<{ account: string; report: string }>(
          'SELECT account, report FROM alarm_report_queue WHERE seq = $1 FOR UPDATE',
          [seq],
        )
      ).rows[0];
      if (!row) return false;
      const attempts = (
        await client.query<{ attempts: ReceiverAttempts[] }>(
          `SELECT ${ATTEMPTS_JSON} AS attempts FROM (SELECT $1::bigint AS seq) q`,
          [seq],
        )
      ).rows[0]?.attempts;
      await client.query(
        `INSERT INTO alarm_report_delivered (seq, account, report, attempts, receiver, acked_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [seq, row.account, row.report, JSON.stringify(attempts ?? []), receiver, at],
      );
      // Its attempts go with it (ON DELETE CASCADE).
      await client.query('DELETE FROM alarm_report_queue WHERE seq = $1', [seq]);
      return true;
    });
  }

  async accounts(): Promise<AccountQueue[]> {
    return (
      await this.db.query<AccountQueue>(
        `SELECT account, count(*)::int AS waiting FROM alarm_report_queue GROUP BY account
         ORDER BY account COLLATE "C"`,
      )
    ).rows;
  }

  async delivered(filter: DeliveredFilter = {}): Promise<DeliveredReport[]> {
    const limit = limitOf(filter.limit);
    const rows = (
      filter.account === undefined
        ? await this.db.query<DeliveredRow>(
            'SELECT * FROM alarm_report_delivered ORDER BY id DESC LIMIT $1',
            [limit],
          )
        : await this.db.query<DeliveredRow>(
            'SELECT * FROM alarm_report_delivered WHERE account = $1 ORDER BY id DESC LIMIT $2',
            [filter.account, limit],
          )
    ).rows;
    return rows.map((r) => ({
      seq: Number(r.seq),
      account: r.account,
      report: JSON.parse(r.report) as OutgoingReport,
      attempts: JSON.parse(r.attempts) as ReceiverAttempts[],
      receiver: r.receiver,
      ackedAt: r.acked_at,
    }));
  }

  pruneDelivered(cut: RetentionCut, max: number): Promise<number> {
    // Beyond the newest `keep` (by order of acknowledging), then older than `before` (through acked_at).
    return this.db.transaction(async (client) => {
      let deleted = 0;
      if (cut.keep !== undefined && max > 0) {
        deleted +=
          (
            await client.query(
              `DELETE FROM alarm_report_delivered WHERE id IN (SELECT id FROM alarm_report_delivered
                 WHERE id <= (SELECT id FROM alarm_report_delivered ORDER BY id DESC LIMIT 1 OFFSET $1)
                 ORDER BY id LIMIT $2)`,
              [Math.max(0, cut.keep), max],
            )
          ).rowCount ?? 0;
      }
      if (cut.before !== undefined && max - deleted > 0) {
        deleted +=
          (
            await client.query(
              `DELETE FROM alarm_report_delivered WHERE id IN (SELECT id FROM alarm_report_delivered
                 WHERE acked_at < $1 ORDER BY acked_at, id LIMIT $2)`,
              [cut.before, max - deleted],
            )
          ).rowCount ?? 0;
      }
      return deleted;
    });
  }

  async record(report: ReceivedReport, windowMs = DUPLICATE_WINDOW_MS): Promise<RecordResult> {
    return (await this.recordAll([report], windowMs))[0] as RecordResult;
  }

  recordAll(reports: readonly ReceivedReport[], windowMs = DUPLICATE_WINDOW_MS): Promise<RecordResult[]> {
    if (reports.length === 0) return Promise.resolve([]);
    const batch = [...reports];
    return this.logging.run(() => this.db.transaction((client) => recordBatch(client, batch, windowMs)));
  }

  list(filter: ReceivedFilter = {}): Promise<LoggedReport[]> {
    return readLog(this.db, filter);
  }

  pruneReceived(cut: RetentionCut, max: number): Promise<number> {
    return this.db.transaction((client) => pruneLog(client, cut, max));
  }

  async seen(account: string, at: number): Promise<void> {
    await this.db.query(
      `INSERT INTO alarm_report_accounts (account, last_seen) VALUES ($1, $2)
       ON CONFLICT (account) DO UPDATE SET last_seen = greatest(alarm_report_accounts.last_seen, excluded.last_seen)`,
      [account, at],
      true,
    );
  }

  async lastSeen(account: string): Promise<number | null> {
    const rows = (
      await this.db.query<{ last_seen: number }>(
        'SELECT last_seen FROM alarm_report_accounts WHERE account = $1',
        [account],
      )
    ).rows;
    return rows[0]?.last_seen ?? null;
  }
}
