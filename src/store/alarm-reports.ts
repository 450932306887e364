// The alarm reports' concern of the store: intrusion-alarm reports a transmitter sends to alarm receivers
// (a durable queue per account, kept until a receiver acknowledges them, then a delivery record), and the
// reports a receiver takes (a log, duplicates recognised, with each account's last-seen time for link
// supervision). Every call that changes something is durable when its promise resolves.

/** A report a transmitter sends, as queued: an event of a device's point. */
export interface OutgoingReport {
  /** The event code (BA, TA, RP…). */
  code: string;
  /** The zone (or user) number as the report carries it (`001`). */
  zone: string;
  /** Free text sent with the event (may be empty). */
  text: string;
  /** When the event happened, epoch ms. */
  time: number;
  device: string;
  point: string | null;
  /** Anything else the transmitter keeps with it (extended data…), as JSON. */
  extra?: Record<string, unknown>;
}

/** Outcomes of a delivery attempt that leave the report queued (an ACK is `acknowledged`). */
export type AttemptOutcome = 'nak' | 'duh' | 'timeout' | 'unreachable';

/** A report's failed attempts at one receiver. */
export interface ReceiverAttempts {
  receiver: string;
  /** Refused with a NAK (a timestamp out of the receiver's window…). */
  nak: number;
  /** Answered DUH: the receiver does not understand or take it. */
  duh: number;
  /** No answer in time. */
  timeout: number;
  /** The receiver could not be reached (connection refused, reset…). */
  unreachable: number;
  /** The last attempt's error text, when it had one. */
  lastError: string | null;
  /** The last attempt's time, epoch ms. */
  lastAt: number;
}

/** One attempt's result, as `attempt` records it. */
export interface Attempt {
  outcome: AttemptOutcome;
  at: number;
  error?: string;
}

/** A report waiting in an account's queue, in the order it was queued. */
export interface QueuedReport {
  /** Order of queueing in the whole store, ascending, never reused. */
  seq: number;
  account: string;
  report: OutgoingReport;
  /** Failed attempts per receiver, by receiver. */
  attempts: ReceiverAttempts[];
}

/** A report a receiver acknowledged: it left the queue. */
export interface DeliveredReport extends QueuedReport {
  /** The receiver that acknowledged it. */
  receiver: string;
  ackedAt: number;
}

/** An account with reports waiting. */
export interface AccountQueue {
  account: string;
  waiting: number;
}

/** One event a receiver took, from one frame. */
export interface ReceivedReport {
  receivedAt: number;
  account: string;
  /** The frame's receiver number (`R…`), null when absent. */
  receiver: string | null;
  /** The frame's line prefix (`L…`). */
  line: string;
  /** The frame's sequence number (0001–9999). */
  sequence: number;
  code: string;
  zone: string;
  text: string;
  /** The frame's timestamp, epoch ms; null when it had none. */
  eventTime: number | null;
  /** The sender's address (`127.0.0.1:50322`). */
  remote: string;
  transport: 'tcp' | 'udp';
  encrypted: boolean;
  /** The frame's text as it came on the wire (still encrypted when it was). */
  frame: string;
}

/** A received report as logged. */
export interface LoggedReport extends ReceivedReport {
  /** Order of logging, ascending. */
  id: number;
}

/** What `record` did: logged the report, or recognised a resend of one logged before (nothing logged). */
export interface RecordResult {
  /** The new record's id, or the one it repeats. */
  id: number;
  duplicate: boolean;
}

export interface ReceivedFilter {
  account?: string;
  code?: string;
  /** receivedAt ≥ from. */
  from?: number;
  /** receivedAt < to. */
  to?: number;
  limit?: number;
}

export interface DeliveredFilter {
  account?: string;
  limit?: number;
}

/** What retention keeps: records at or after `before` (epoch ms), and at most the newest `keep`. */
export interface RetentionCut {
  before?: number;
  keep?: number;
}

/**
 * How long a resend is recognised as one: a report repeating an account's sequence number, receiver, line,
 * code, zone and text within this time of the first is a resend, not a new event.
 */
export const DUPLICATE_WINDOW_MS = 120_000;

export interface AlarmReportsStore {
  /** Queues a report after the account's others; returns its `seq`. */
  enqueue(account: string, report: OutgoingReport): Promise<number>;
  /** The account's queued reports, oldest first, at most `limit` (all unless given). */
  pending(account: string, limit?: number): Promise<QueuedReport[]>;
  /** Counts a failed attempt of the queued report `seq` at `receiver`; false when it is not queued. */
  attempt(seq: number, receiver: string, attempt: Attempt): Promise<boolean>;
  /**
   * Takes the report `seq` out of the queue and keeps its delivery record, in one transaction; false when
   * it is not queued (already acknowledged).
   */
  acknowledged(seq: number, receiver: string, at: number): Promise<boolean>;
  /** The accounts with reports waiting, by account. */
  accounts(): Promise<AccountQueue[]>;
  /** Delivery records, the latest acknowledged first (by order of acknowledging), all unless limited. */
  delivered(filter?: DeliveredFilter): Promise<DeliveredReport[]>;
  /** Deletes at most `max` of the oldest delivery records outside `cut`; returns how many it deleted. */
  pruneDelivered(cut: RetentionCut, max: number): Promise<number>;

  /**
   * Logs a received report, unless it repeats one logged within `windowMs` before it (same account,
   * sequence, receiver, line, code, zone and text: a resend after a lost ACK, whatever its timestamp,
   * transport or encryption padding), which is recognised and not logged again. Either way the account's
   * last-seen time moves to `receivedAt`.
   */
  record(report: ReceivedReport, windowMs?: number): Promise<RecordResult>;
  /**
   * Logs the reports as `record` would one after the other (a report repeating one before it in the batch is
   * a duplicate too), in one transaction with one flush: all of them, or none when it rejects. The results
   * are in the reports' order.
   */
  recordAll(reports: readonly ReceivedReport[], windowMs?: number): Promise<RecordResult[]>;
  /** Received reports newest first (by time, then by order of logging), all unless limited. */
  list(filter?: ReceivedFilter): Promise<LoggedReport[]>;
  /** Deletes at most `max` of the oldest received reports outside `cut`; returns how many it deleted. */
  pruneReceived(cut: RetentionCut, max: number): Promise<number>;
  /** Notes a message from the account that is not logged (a supervision message): its last-seen time. */
  seen(account: string, at: number): Promise<void>;
  /** The last time anything was heard from the account, epoch ms; null: never. It never goes back. */
  lastSeen(account: string): Promise<number | null>;
}
