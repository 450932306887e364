// The memory every charge point's message log shares. Each log keeps its last `messageLog` messages; with
// thousands of charge points that alone would be gigabytes (10,000 × 200 MeterValues), so the logs together
// are held to a budget of bytes: past it the oldest message of all the logs goes first, so that each charge
// point keeps its messages of the last while, fewer when the site is busy.

/** A log whose oldest message the budget can take back. */
export interface BudgetedLog {
  /** Drops its oldest message if it is message `seq` (else that one is gone already). */
  dropOldest(seq: number): void;
}

/** Accounted bytes of a message kept: its text, and the bookkeeping around it. */
export const messageCost = (text: string) => text.length + 160;

export class MessageLogBudget {
  /** Messages kept, oldest first, as (log, its sequence number): a queue read from `head`. */
  private logs: BudgetedLog[] = [];
  private seqs: number[] = [];
  private head = 0;
  private nextSeq = 0;
  /** Accounted bytes of the messages kept. */
  used = 0;

  constructor(readonly bytes: number) {}

  /** A message `log` keeps now, of `cost` bytes: its sequence number. Drops the oldest ones past the budget. */
  add(log: BudgetedLog, cost: number): number {
    const seq = this.nextSeq++;
    this.logs.push(log);
    this.seqs.push(seq);
    this.used += cost;
    while (this.used > this.bytes && this.head < this.logs.length - 1) {
      const oldest = this.logs[this.head] as BudgetedLog;
      const oldestSeq = this.seqs[this.head] as number;
      this.head++;
      oldest.dropOldest(oldestSeq); // gives its cost back through `release`
    }
    // The queue's read part is let go of once it is half of it.
    if (this.head > 1024 && this.head * 2 > this.logs.length) {
      this.logs = this.logs.slice(this.head);
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
    return seq;
  }

  /** A log dropped a message of `cost` bytes (its own size reached, or asked by `add`). */
  release(cost: number): void {
    this.used -= cost;
  }
}
