// Where the receiver keeps what it accepts: one report per event of an accepted message, a message's events
// given together. The receiver answers ACK only once `record` has resolved for the message, so that an ACK
// means its events are kept (durably, with a store behind the sink). A transmitter whose ACK was lost sends the same
// message again: the sink answers 'duplicate' for it and the receiver acknowledges it again.
import type { ReceivedEvent } from './checks.js';

/** One received event, with how it came. */
export interface AlarmReport extends ReceivedEvent {
  /** 0-based place of the event in its message (a SIA DCS message may carry several). */
  index: number;
  /** The message's id token (`SIA-DCS`, `ADM-CID`, `NULL`). */
  token: string;
  encrypted: boolean;
  /** The message's own timestamp, when it carried one (`time` falls back to the receiver's time). */
  messageTime?: Date;
  /** The receiver's time when the message came in. */
  receivedAt: Date;
  transport: 'tcp' | 'udp';
  /** The sender's address, `ip:port`. */
  remote: string;
  /** The frame as it came on the wire (latin1; still encrypted when it was). */
  frame: string;
}

/** 'seen': a link test (NULL), noted as a sign of life, not kept as an event. */
export type RecordResult = 'recorded' | 'duplicate' | 'seen';

/**
 * Keeps reports; rejects when it cannot (the receiver then answers NAK and the transmitter tries again).
 * `record` takes one message's events, keeps them all or none, and resolves with a result for each in order.
 */
export interface ReportSink {
  record(reports: readonly AlarmReport[]): Promise<RecordResult[]>;
}

/**
 * What makes two reports the same event sent twice: account, sequence, place in the message, code, zone and
 * the message's timestamp. Without a timestamp a repeat can only be told by time: see DUPLICATE_WINDOW_MS.
 */
export function reportKey(report: AlarmReport): string {
  return [
    report.account.toUpperCase(),
    report.sequence,
    report.index,
    report.code,
    report.zone,
    report.area ?? '',
    report.messageTime?.toISOString() ?? '',
  ].join('|');
}

/** A repeat of a report's key further apart than this is a new event (sequence numbers wrap at 9999). */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** Reports kept in memory (tests, and a receiver with no store behind it): nothing survives a restart. */
export class MemoryReportSink implements ReportSink {
  readonly reports: AlarmReport[] = [];
  private readonly lastSeen = new Map<string, number>();

  async record(reports: readonly AlarmReport[]): Promise<RecordResult[]> {
    return reports.map((report) => this.recordOne(report));
  }

  private recordOne(report: AlarmReport): RecordResult {
    const key = reportKey(report);
    const at = report.receivedAt.getTime();
    const before = this.lastSeen.get(key);
    // Deleted first, so that the map keeps its keys in the order they were last seen (oldest first).
    this.lastSeen.delete(key);
    if (this.lastSeen.size >= MAX_KEYS) this.forgetBefore(at - DUPLICATE_WINDOW_MS);
    this.lastSeen.set(key, at);
    if (before !== undefined && Math.abs(at - before) <= DUPLICATE_WINDOW_MS) return 'duplicate';
    this.reports.push(report);
    return 'recorded';
  }

  /**
   * Forgets the keys last seen before `time` (they can no longer make a duplicate), oldest first and no
   * further than needed; past MAX_KEYS within the window the oldest go too, so that memory stays bounded.
   */
  private forgetBefore(time: number): void {
    for (const [key, at] of this.lastSeen) {
      if (at >= time && this.lastSeen.size < MAX_KEYS) break;
      this.lastSeen.delete(key);
    }
  }
}

/** Keys kept before the old ones are forgotten. */
const MAX_KEYS = 100_000;
