// Alarm reports in SQLite, in the state database (synced at every commit): the transmitter's queue
// (`alarm_report_queue`, in order of an AUTOINCREMENT seq, never reused), failed attempts per receiver
// (`alarm_report_attempts`), delivery records (`alarm_report_delivered`), the receiver's log
// (`alarm_report_log`) and each account's last-seen time (`alarm_report_accounts`).

import type Database from 'better-sqlite3';
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
import { AlarmReportLogReader } from './alarm-report-log-reader.js';

type Guard = <T>(fn: () => T) => Promise<T>;

type QueueRow = { seq: number; account: string; report: string };
type AttemptRow = {
  receiver: string;
  nak: number;
  duh: number;
  timeout: number;
  unreachable: number;
  last_error: string | null;
  last_at: number;
};
type DeliveredRow = QueueRow & { attempts: string; receiver: string; acked_at: number };

const attemptsFromRow = (r: AttemptRow): ReceiverAttempts => ({
  receiver: r.receiver,
  nak: r.nak,
  duh: r.duh,
  timeout: r.timeout,
  unreachable: r.unreachable,
  lastError: r.last_error,
  lastAt: r.last_at,
});

export class SqliteAlarmReports implements AlarmReportsStore {
  private readonly reader: AlarmReportLogReader;
  private readonly s: Record<string, Database.Statement>;

  /** `guard` runs a call on the state database in order, as the store's other calls. */
  constructor(
    private readonly db: Database.Database,
    private readonly guard: Guard,
  ) {
    this.reader = new AlarmReportLogReader(db, guard);
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      enqueue: p('INSERT INTO alarm_report_queue (account, report) VALUES (?, ?)'),
      pending: p('SELECT * FROM alarm_report_queue WHERE account = ? ORDER BY seq LIMIT ?'),
      queued: p('SELECT * FROM alarm_report_queue WHERE seq = ?'),
      attemptsOf: p('SELECT * FROM alarm_report_attempts WHERE seq = ? ORDER BY receiver'),
      dequeue: p('DELETE FROM alarm_report_queue WHERE seq = ?'),
      dropAttempts: p('DELETE FROM alarm_report_attempts WHERE seq = ?'),
      deliver: p(
        'INSERT INTO alarm_report_delivered (seq, account, report, attempts, receiver, acked_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      accounts: p(
        'SELECT account, count(*) AS waiting FROM alarm_report_queue GROUP BY account ORDER BY account',
      ),
      duplicate: p(
        // The index of (account, sequence, time) by name: without statistics SQLite may take the code's.
        `SELECT id FROM alarm_report_log INDEXED BY alarm_report_log_sequence
         WHERE account = @account AND sequence = @sequence AND received_at >= @since AND received_at <= @receivedAt
           AND receiver IS @receiver AND line = @line AND code = @code AND zone = @zone AND text = @text
         ORDER BY received_at, id LIMIT 1`,
      ),
      log: p(
        `INSERT INTO alarm_report_log (received_at, account, receiver, line, sequence, code, zone, text,
           event_time, remote, transport, encrypted, frame)
         VALUES (@receivedAt, @account, @receiver, @line, @sequence, @code, @zone, @text, @eventTime, @remote,
           @transport, @encrypted, @frame)`,
      ),
      seen: p(
        `INSERT INTO alarm_report_accounts (account, last_seen) VALUES (?, ?)
         ON CONFLICT (account) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`,
      ),
      lastSeen: p('SELECT last_seen FROM alarm_report_accounts WHERE account = ?'),
    };
  }

  private st(name: string): Database.Statement {
    return this.s[name] as Database.Statement;
  }

  private attemptsOf(seq: number): ReceiverAttempts[] {
    return (this.st('attemptsOf').all(seq) as AttemptRow[]).map(attemptsFromRow);
  }

  enqueue(account: string, report: OutgoingReport): Promise<number> {
    return this.guard(() => Number(this.st('enqueue').run(account, JSON.stringify(report)).lastInsertRowid));
  }

  pending(account: string, limit?: number): Promise<QueuedReport[]> {
    return this.guard(() =>
      (this.st('pending').all(account, limit ?? -1) as QueueRow[]).map((r) => ({
        seq: r.seq,
        account: r.account,
        report: JSON.parse(r.report) as OutgoingReport,
        attempts: this.attemptsOf(r.seq),
      })),
    );
  }

  attempt(seq: number, receiver: string, attempt: Attempt): Promise<boolean> {
    // The outcome's column, from a closed set (never the caller's text).
    const column = { nak: 'nak', duh: 'duh', timeout: 'timeout', unreachable: 'unreachable' }[
      attempt.outcome
    ];
    return this.guard(() =>
      this.db.transaction(() => {
        if (!this.st('queued').get(seq)) return false;
        this.db
          .prepare(
            `INSERT INTO alarm_report_attempts (seq, receiver, ${column}, last_error, last_at) VALUES (?, ?, 1, ?, ?)
             ON CONFLICT (seq, receiver) DO UPDATE SET ${column} = ${column} + 1, last_error = excluded.last_error,
               last_at = excluded.last_at`,
          )
          .run(seq, receiver, attempt.error ?? null, attempt.at);
        return true;
      })(),
    );
  }

  acknowledged(seq: number, receiver: string, at: number): Promise<boolean> {
    return this.guard(() =>
      this.db.transaction(() => {
        const row = this.st('queued').get(seq) as QueueRow | undefined;
        if (!row) return false;
        const attempts = JSON.stringify(this.attemptsOf(seq));
        this.st('deliver').run(seq, row.account, row.report, attempts, receiver, at);
        this.st('dropAttempts').run(seq);
        this.st('dequeue').run(seq);
        return true;
      })(),
    );
  }

  accounts(): Promise<AccountQueue[]> {
    return this.guard(() => this.st('accounts').all() as AccountQueue[]);
  }

  delivered(filter: DeliveredFilter = {}): Promise<DeliveredReport[]> {
    return this.guard(() => {
      // By account through its index; else the table itself, newest first, in the order of its key.
      const rows = (
        filter.account === undefined
          ? this.db
              .prepare('SELECT * FROM alarm_report_delivered ORDER BY id DESC LIMIT ?')
              .all(filter.limit ?? -1)
          : this.db
              .prepare('SELECT * FROM alarm_report_delivered WHERE account = ? ORDER BY id DESC LIMIT ?')
              .all(filter.account, filter.limit ?? -1)
      ) as DeliveredRow[];
      return rows.map((r) => ({
        seq: r.seq,
        account: r.account,
        report: JSON.parse(r.report) as OutgoingReport,
        attempts: JSON.parse(r.attempts) as ReceiverAttempts[],
        receiver: r.receiver,
        ackedAt: r.acked_at,
      }));
    });
  }

  pruneDelivered(cut: RetentionCut, max: number): Promise<number> {
    // Beyond the newest `keep` (by order of acknowledging), then older than `before` (through acked_at).
    return this.guard(() =>
      this.db.transaction(() => {
        let deleted = 0;
        if (cut.keep !== undefined && max > 0) {
          deleted += this.db
            .prepare(
              `DELETE FROM alarm_report_delivered WHERE id IN (SELECT id FROM alarm_report_delivered
                 WHERE id <= (SELECT id FROM alarm_report_delivered ORDER BY id DESC LIMIT 1 OFFSET ?)
                 ORDER BY id LIMIT ?)`,
            )
            .run(Math.max(0, cut.keep), max).changes;
        }
        if (cut.before !== undefined && max - deleted > 0) {
          deleted += this.db
            .prepare(
              `DELETE FROM alarm_report_delivered WHERE id IN (SELECT id FROM alarm_report_delivered
                 WHERE acked_at < ? ORDER BY acked_at, id LIMIT ?)`,
            )
            .run(cut.before, max - deleted).changes;
        }
        return deleted;
      })(),
    );
  }

  async record(report: ReceivedReport, windowMs = DUPLICATE_WINDOW_MS): Promise<RecordResult> {
    return (await this.recordAll([report], windowMs))[0] as RecordResult;
  }

  recordAll(reports: readonly ReceivedReport[], windowMs = DUPLICATE_WINDOW_MS): Promise<RecordResult[]> {
    // One transaction: each report's repeat check sees the ones logged before it in the batch.
    return this.guard(() =>
      this.db.transaction((): RecordResult[] =>
        reports.map((report) => {
          this.st('seen').run(report.account, report.receivedAt);
          const row = { ...report, encrypted: report.encrypted ? 1 : 0 };
          const first = this.st('duplicate').get({ ...row, since: report.receivedAt - windowMs }) as
            | { id: number }
            | undefined;
          if (first) return { id: first.id, duplicate: true };
          return { id: Number(this.st('log').run(row).lastInsertRowid), duplicate: false };
        }),
      )(),
    );
  }

  list(filter: ReceivedFilter = {}): Promise<LoggedReport[]> {
    return this.reader.read(filter);
  }

  pruneReceived(cut: RetentionCut, max: number): Promise<number> {
    // Beyond the newest `keep` (by time, then order of logging), then older than `before`: oldest first.
    return this.guard(() =>
      this.db.transaction(() => {
        let deleted = 0;
        const edge =
          cut.keep === undefined
            ? undefined
            : (this.db
                .prepare(
                  'SELECT received_at AS ts, id FROM alarm_report_log ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ?',
                )
                .get(Math.max(0, cut.keep)) as { ts: number; id: number } | undefined);
        if (edge && max > 0) {
          deleted += this.db
            .prepare(
              `DELETE FROM alarm_report_log WHERE id IN (SELECT id FROM alarm_report_log
                 WHERE (received_at, id) <= (?, ?) ORDER BY received_at, id LIMIT ?)`,
            )
            .run(edge.ts, edge.id, max).changes;
        }
        if (cut.before !== undefined && max - deleted > 0) {
          deleted += this.db
            .prepare(
              `DELETE FROM alarm_report_log WHERE id IN (SELECT id FROM alarm_report_log
                 WHERE received_at < ? ORDER BY received_at, id LIMIT ?)`,
            )
            .run(cut.before, max - deleted).changes;
        }
        return deleted;
      })(),
    );
  }

  seen(account: string, at: number): Promise<void> {
    return this.guard(() => {
      this.st('seen').run(account, at);
    });
  }

  lastSeen(account: string): Promise<number | null> {
    return this.guard(
      () => (this.st('lastSeen').get(account) as { last_seen: number } | undefined)?.last_seen ?? null,
    );
  }
}
