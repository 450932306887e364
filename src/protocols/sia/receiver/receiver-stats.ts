// What the receiver counts: frames in and the answers given, in total and per account, with the time each
// account was last heard from (link supervision reads it: an account silent too long has lost its link).

export type Answer = 'ACK' | 'NAK' | 'DUH' | 'none';

/** The counts of one account (or of the whole receiver). */
export interface AnswerCounts {
  frames: number;
  ACK: number;
  NAK: number;
  DUH: number;
  /** Frames left unanswered (not a request, or damaged with `damaged: ignore`). */
  none: number;
}

export interface AccountStats extends AnswerCounts {
  account: string;
  /** Events recorded (duplicates not counted). */
  events: number;
  /** Receiver time of the last frame from the account, whatever its answer; ISO 8601. */
  lastSeen: string;
  /** Receiver time of the last frame acknowledged (the link worked end to end); ISO 8601. */
  lastAck?: string;
}

/** Accounts tracked at most (acceptUnknownAccounts lets any sender add one). */
export const MAX_TRACKED_ACCOUNTS = 10_000;

const zero = (): AnswerCounts => ({ frames: 0, ACK: 0, NAK: 0, DUH: 0, none: 0 });

export class ReceiverStats {
  readonly total: AnswerCounts = zero();
  /** Bytes dropped from TCP streams (outside frames, or frames too long). */
  droppedBytes = 0;
  /** UDP datagrams dropped because too many were waiting for their answers. */
  droppedDatagrams = 0;
  private readonly byAccount = new Map<string, AccountStats>();

  /** Counts one frame and its answer; `account` when the frame's header named one. */
  count(answer: Answer, at: Date, account?: string): void {
    this.total.frames++;
    this.total[answer]++;
    if (account === undefined) return;
    const id = account.toUpperCase();
    if (!this.byAccount.has(id) && this.byAccount.size >= MAX_TRACKED_ACCOUNTS) return;
    const stats = this.byAccount.get(id) ?? { account: id, events: 0, lastSeen: '', ...zero() };
    stats.frames++;
    stats[answer]++;
    stats.lastSeen = at.toISOString();
    if (answer === 'ACK') stats.lastAck = stats.lastSeen;
    this.byAccount.set(id, stats);
  }

  /** Counts events newly recorded for an account. */
  recorded(account: string, events: number): void {
    const stats = this.byAccount.get(account.toUpperCase());
    if (stats) stats.events += events;
  }

  /** One account's counts, or undefined when it was never heard from. */
  account(account: string): AccountStats | undefined {
    const stats = this.byAccount.get(account.toUpperCase());
    return stats ? { ...stats } : undefined;
  }

  accounts(): AccountStats[] {
    return [...this.byAccount.values()].map((s) => ({ ...s }));
  }
}
