// One account's queue, sent in order, one report at a time: the oldest queued report is sent to the primary
// receiver up to `retries` times (a timeout or a NAK counts; a NAK's timestamp corrects this receiver's
// clock offset first), then to the backup the same way; a refused connection moves on at once. When every
// receiver failed, the next round starts after a pause that doubles from 1 s up to `maxBackoffMs`, for as long
// as it takes: a report leaves the queue only when acknowledged. DUH (the receiver does not take the message)
// is not retried at that receiver; a report every receiver answered DUH leaves the queue with its delivery
// record showing the DUH answers (retrying the same bytes cannot change the answer, and the account's later
// reports must not wait behind it forever). Every failed attempt is recorded in the store.
import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { AlarmReportsStore, AttemptOutcome, QueuedReport } from '../../../store/alarm-reports.js';
import type { ReceiverLink } from './receiver-link.js';
import { reportFrame } from './report-frame.js';
import type { TransmitterFormat } from './transmitter-settings.js';

export interface SenderContext {
  readonly store: AlarmReportsStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly links: readonly ReceiverLink[];
  readonly format: TransmitterFormat;
  readonly extendedData: boolean;
  readonly retries: number;
  readonly maxBackoffMs: number;
  /** Called after every message that reached the wire (the supervision timer restarts). */
  sent(account: string): void;
}

/** What one account's sender has done, for `status()`. */
export interface AccountCounters {
  delivered: number;
  refused: number;
  failedAttempts: number;
  lastError: string | null;
}

export class AccountSender {
  readonly counters: AccountCounters = { delivered: 0, refused: 0, failedAttempts: 0, lastError: null };
  private running: Promise<void> | null = null;
  private dirty = false;
  private closed = false;
  private pause: { timer: TimerHandle; wake: () => void } | null = null;

  constructor(
    readonly account: string,
    private readonly ctx: SenderContext,
  ) {}

  /** Something was queued: send it (and whatever is waiting) unless already sending. */
  kick(): void {
    this.dirty = true;
    if (this.closed || this.running) return;
    this.running = this.loop()
      .catch((err) => this.ctx.log.error({ err, account: this.account }, 'SIA transmitter: account stopped'))
      .finally(() => {
        this.running = null;
        if (this.dirty && !this.closed) this.kick();
      });
  }

  /** Stops after the exchange in progress; resolves when nothing more touches the store. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pause) {
      this.pause.timer.cancel();
      this.pause.wake();
    }
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      this.dirty = false;
      const [next] = await this.ctx.store.pending(this.account, 1);
      if (!next) return;
      await this.deliver(next);
    }
  }

  private async deliver(q: QueuedReport): Promise<void> {
    const { store, clock, links } = this.ctx;
    const duh = new Set<string>();
    for (let round = 0; !this.closed; round++) {
      for (const link of links) {
        if (duh.has(link.target.name)) continue;
        for (let i = 0; i < this.ctx.retries && !this.closed; i++) {
          const frame = reportFrame(
            q,
            this.ctx.format,
            link.target,
            new Date(clock.now() + link.clockOffsetMs),
          );
          const answer = await link.exchange(frame.text, frame.header);
          if (this.closed) return;
          if (answer.kind !== 'unreachable') this.ctx.sent(this.account);
          if (answer.kind === 'ACK') {
            await store.acknowledged(q.seq, link.target.name, clock.now());
            this.counters.delivered++;
            return;
          }
          const error =
            answer.kind === 'unreachable'
              ? answer.error
              : answer.kind === 'NAK'
                ? `NAK${answer.receiverTime ? ` (receiver time ${answer.receiverTime.toISOString()})` : ''}`
                : answer.kind === 'DUH'
                  ? 'DUH: the receiver does not take this message'
                  : `no answer in time`;
          await this.failed(q, link.target.name, answer.kind.toLowerCase() as AttemptOutcome, error);
          if (answer.kind === 'NAK' && answer.receiverTime)
            link.clockOffsetMs = answer.receiverTime.getTime() - clock.now();
          if (answer.kind === 'DUH') duh.add(link.target.name);
          if (answer.kind === 'DUH' || answer.kind === 'unreachable') break;
        }
      }
      if (duh.size === links.length) {
        this.ctx.log.warn(
          { account: this.account, code: q.report.code, zone: q.report.zone },
          'SIA transmitter: every receiver answered DUH; the report leaves the queue unacknowledged',
        );
        await store.acknowledged(q.seq, [...duh].join('+'), clock.now());
        this.counters.refused++;
        return;
      }
      await this.wait(Math.min(1000 * 2 ** Math.min(round, 20), this.ctx.maxBackoffMs));
    }
  }

  private async failed(q: QueuedReport, receiver: string, outcome: AttemptOutcome, error: string) {
    this.counters.failedAttempts++;
    this.counters.lastError = `${receiver}: ${error}`;
    await this.ctx.store.attempt(q.seq, receiver, { outcome, at: this.ctx.clock.now(), error });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.pause = null;
        resolve();
      };
      this.pause = { timer: this.ctx.clock.at(this.ctx.clock.now() + ms, wake), wake };
    });
  }
}
