// Alarm reports in memory: same semantics as SQLite's, nothing survives the process.

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
  type RecordResult,
  type RetentionCut,
} from '../alarm-reports.js';
import { StoreError } from '../store-error.js';

/** The fields a received report cannot go without (SQLite's NOT NULL columns). */
const REQUIRED = [
  'receivedAt',
  'account',
  'line',
  'sequence',
  'code',
  'zone',
  'text',
  'remote',
  'transport',
  'encrypted',
  'frame',
] as const satisfies ReadonlyArray<keyof ReceivedReport>;

const copy = <T>(value: T): T => structuredClone(value);
/** The first `limit` rows, all of them when it is absent or negative (as SQLite's LIMIT -1). */
const limited = <T>(rows: T[], limit?: number): T[] =>
  limit === undefined || limit < 0 ? rows : rows.slice(0, limit);

/** The rows to delete, oldest first: beyond the newest `keep`, then older than `before`. */
function doomed<T>(oldestFirst: T[], timeOf: (row: T) => number, cut: RetentionCut, max: number): Set<T> {
  const out = new Set<T>();
  const beyond = cut.keep === undefined ? 0 : Math.max(0, oldestFirst.length - Math.max(0, cut.keep));
  for (const row of oldestFirst.slice(0, beyond)) if (out.size < max) out.add(row);
  if (cut.before !== undefined) {
    const before = cut.before;
    const old = oldestFirst.filter((r) => !out.has(r) && timeOf(r) < before);
    old.sort((a, b) => timeOf(a) - timeOf(b)); // stable: order of logging within a time
    for (const row of old) if (out.size < max) out.add(row);
  }
  return out;
}

export class MemoryAlarmReports implements AlarmReportsStore {
  private readonly queue: QueuedReport[] = [];
  /** Delivery records in order of acknowledging. */
  private delivery: DeliveredReport[] = [];
  /** Received reports in order of logging. */
  private log: LoggedReport[] = [];
  private readonly lastSeenOf = new Map<string, number>();
  private lastSeq = 0;
  private lastId = 0;

  enqueue(account: string, report: OutgoingReport): Promise<number> {
    const seq = ++this.lastSeq;
    this.queue.push({ seq, account, report: copy(report), attempts: [] });
    return Promise.resolve(seq);
  }

  pending(account: string, limit?: number): Promise<QueuedReport[]> {
    const rows = this.queue.filter((q) => q.account === account);
    return Promise.resolve(copy(limited(rows, limit)));
  }

  attempt(seq: number, receiver: string, attempt: Attempt): Promise<boolean> {
    const queued = this.queue.find((q) => q.seq === seq);
    if (!queued) return Promise.resolve(false);
    let counts = queued.attempts.find((a) => a.receiver === receiver);
    if (!counts) {
      counts = { receiver, nak: 0, duh: 0, timeout: 0, unreachable: 0, lastError: null, lastAt: attempt.at };
      queued.attempts.push(counts);
      queued.attempts.sort((a, b) => (a.receiver < b.receiver ? -1 : a.receiver > b.receiver ? 1 : 0));
    }
    counts[attempt.outcome]++;
    counts.lastError = attempt.error ?? null;
    counts.lastAt = attempt.at;
    return Promise.resolve(true);
  }

  acknowledged(seq: number, receiver: string, at: number): Promise<boolean> {
    const i = this.queue.findIndex((q) => q.seq === seq);
    if (i < 0) return Promise.resolve(false);
    const [queued] = this.queue.splice(i, 1) as [QueuedReport];
    this.delivery.push({ ...queued, receiver, ackedAt: at });
    return Promise.resolve(true);
  }

  accounts(): Promise<AccountQueue[]> {
    const waiting = new Map<string, number>();
    for (const q of this.queue) waiting.set(q.account, (waiting.get(q.account) ?? 0) + 1);
    const accounts = [...waiting.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Promise.resolve(accounts.map((account) => ({ account, waiting: waiting.get(account) ?? 0 })));
  }

  delivered(filter: DeliveredFilter = {}): Promise<DeliveredReport[]> {
    const rows = this.delivery.filter((d) => filter.account === undefined || d.account === filter.account);
    return Promise.resolve(copy(limited(rows.slice().reverse(), filter.limit)));
  }

  pruneDelivered(cut: RetentionCut, max: number): Promise<number> {
    const gone = doomed(this.delivery, (d) => d.ackedAt, cut, max);
    this.delivery = this.delivery.filter((d) => !gone.has(d));
    return Promise.resolve(gone.size);
  }

  async record(report: ReceivedReport, windowMs = DUPLICATE_WINDOW_MS): Promise<RecordResult> {
    return (await this.recordAll([report], windowMs))[0] as RecordResult;
  }

  recordAll(reports: readonly ReceivedReport[], windowMs = DUPLICATE_WINDOW_MS): Promise<RecordResult[]> {
    // All or none: every report is checked before any is logged, as SQLite's constraints refuse a batch.
    for (const report of reports) {
      const missing = REQUIRED.find((field) => report[field] === null || report[field] === undefined);
      if (missing) return Promise.reject(new StoreError(`an alarm report without its ${missing}`));
    }
    return Promise.resolve(reports.map((report) => this.logOne(report, windowMs)));
  }

  private logOne(report: ReceivedReport, windowMs: number): RecordResult {
    this.see(report.account, report.receivedAt);
    // The earliest logged it repeats (by time received, then order of logging).
    const [first] = this.log
      .filter(
        (r) =>
          r.account === report.account &&
          r.sequence === report.sequence &&
          r.receivedAt >= report.receivedAt - windowMs &&
          r.receivedAt <= report.receivedAt &&
          r.receiver === report.receiver &&
          r.line === report.line &&
          r.code === report.code &&
          r.zone === report.zone &&
          r.text === report.text,
      )
      .sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);
    if (first) return { id: first.id, duplicate: true };
    const id = ++this.lastId;
    this.log.push({ ...copy(report), id });
    return { id, duplicate: false };
  }

  list(filter: ReceivedFilter = {}): Promise<LoggedReport[]> {
    const rows = this.log.filter(
      (r) =>
        (filter.account === undefined || r.account === filter.account) &&
        (filter.code === undefined || r.code === filter.code) &&
        r.receivedAt >= (filter.from ?? Number.NEGATIVE_INFINITY) &&
        r.receivedAt < (filter.to ?? Number.POSITIVE_INFINITY),
    );
    const newestFirst = rows.sort((a, b) => b.receivedAt - a.receivedAt || b.id - a.id);
    return Promise.resolve(copy(limited(newestFirst, filter.limit)));
  }

  pruneReceived(cut: RetentionCut, max: number): Promise<number> {
    const oldestFirst = this.log.slice().sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);
    const gone = doomed(oldestFirst, (r) => r.receivedAt, cut, max);
    this.log = this.log.filter((r) => !gone.has(r));
    return Promise.resolve(gone.size);
  }

  seen(account: string, at: number): Promise<void> {
    this.see(account, at);
    return Promise.resolve();
  }

  lastSeen(account: string): Promise<number | null> {
    return Promise.resolve(this.lastSeenOf.get(account) ?? null);
  }

  private see(account: string, at: number): void {
    this.lastSeenOf.set(account, Math.max(at, this.lastSeenOf.get(account) ?? Number.NEGATIVE_INFINITY));
  }
}
