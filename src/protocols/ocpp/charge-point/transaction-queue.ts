// The charge point's transaction messages (StartTransaction, MeterValues and StopTransaction of a
// transaction) on their way to the CSMS: each is written to the store's outbox before the charger goes on,
// then delivered one at a time, in order, while the CSMS is connected. A message stays queued until the
// CSMS answers it: a lost connection leaves it for the next one; a CALLERROR counts an attempt and retries
// after TransactionMessageRetryInterval × attempts, giving the message up after TransactionMessageAttempts.
// A transaction queued offline has a local id (negative: minus the seq of its StartTransaction) until the
// CSMS answers its StartTransaction; its later messages are sent with the id the CSMS gave.

import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { OutboxMessage, OutboxStore } from '../../../store/outbox.js';
import type { Configuration } from './configuration.js';
import { RPCError } from './rpc.js';

/** Sends a call to the CSMS: rejects with an RPCError for a CALLERROR, another error for a lost link. */
export type Send = (action: string, payload: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface TransactionQueueOptions {
  store: OutboxStore;
  chargePoint: string;
  clock: Clock;
  config: Configuration;
  /** Transaction ids the CSMS gave to local ids, as saved (`tx:<local id>` state entries). */
  saved: Map<string, string>;
  /** The CSMS answered a StartTransaction: its local id, the id it gave and its whole answer. */
  onStarted: (localId: number, answer: Record<string, unknown>) => void;
  log: (message: string) => void;
}

const TX_PREFIX = 'tx:';

export class TransactionQueue {
  private readonly ids = new Map<number, number>();
  private send: Send | null = null;
  private pumping = false;
  /** A message was queued while a delivery round was ending: look again. */
  private kicked = false;
  private retry: TimerHandle | null = null;

  constructor(private readonly o: TransactionQueueOptions) {
    for (const [k, v] of o.saved)
      if (k.startsWith(TX_PREFIX)) this.ids.set(Number(k.slice(TX_PREFIX.length)), Number(v));
  }

  /** The id the CSMS knows a transaction by: the one it gave for a local id, else the id itself. */
  resolve(id: number): number | undefined {
    return id < 0 ? this.ids.get(id) : id;
  }

  /** Queues a message durably (resolved once on disk), then delivers it when it can; returns its seq. */
  async add(action: string, payload: Record<string, unknown>): Promise<number> {
    const seq = await this.o.store.enqueue(this.o.chargePoint, action, payload);
    void this.pump();
    return seq;
  }

  /** The CSMS accepted the charge point: deliver through `send`. */
  online(send: Send): void {
    this.send = send;
    void this.pump();
  }

  offline(): void {
    this.send = null;
  }

  /** Stops the retry timer (the engine stops). */
  stop(): void {
    this.send = null;
    this.retry?.cancel();
    this.retry = null;
  }

  /** Delivers queued messages one by one until the queue is empty, the link is lost or a retry waits. */
  private async pump(): Promise<void> {
    if (this.retry) return;
    if (this.pumping) {
      this.kicked = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.kicked = false;
        while (this.send) {
          const [m] = await this.o.store.pending(this.o.chargePoint, 1);
          if (!m || !(await this.deliver(m, this.send))) break;
        }
      } while (this.kicked && this.send && !this.retry);
    } catch (err) {
      this.o.log(`outbox: ${(err as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }

  /** Sends one message; true when the next may go. */
  private async deliver(m: OutboxMessage, send: Send): Promise<boolean> {
    const localId =
      typeof m.payload.transactionId === 'number' && m.payload.transactionId < 0
        ? m.payload.transactionId
        : undefined;
    const payload = { ...m.payload };
    if (localId !== undefined) {
      const real = this.ids.get(localId);
      if (real === undefined) {
        // Its StartTransaction was given up: the CSMS knows no id for it.
        this.o.log(
          `${m.action} of transaction ${localId} given up: the CSMS never answered its StartTransaction`,
        );
        await this.o.store.complete(m.seq);
        return true;
      }
      payload.transactionId = real;
    }
    let answer: Record<string, unknown>;
    try {
      answer = await send(m.action, payload);
    } catch (err) {
      if (!(err instanceof RPCError)) return false; // the link is lost: the message waits for the next one
      return this.refused(m, err);
    }
    if (m.action === 'StartTransaction') {
      const given = answer.transactionId as number;
      this.ids.set(-m.seq, given);
      await this.o.store.complete(m.seq, {
        chargePoint: this.o.chargePoint,
        values: new Map([[`${TX_PREFIX}${-m.seq}`, String(given)]]),
      });
      this.o.onStarted(-m.seq, answer);
    } else if (m.action === 'StopTransaction' && localId !== undefined) {
      this.ids.delete(localId);
      await this.o.store.complete(m.seq, {
        chargePoint: this.o.chargePoint,
        values: new Map([[`${TX_PREFIX}${localId}`, null]]),
      });
    } else {
      await this.o.store.complete(m.seq);
    }
    return true;
  }

  /** The CSMS answered with a CALLERROR: retry later, or give the message up after the last attempt. */
  private async refused(m: OutboxMessage, err: InstanceType<typeof RPCError>): Promise<boolean> {
    const attempts = m.attempts + 1;
    const max = this.o.config.number('TransactionMessageAttempts');
    this.o.log(`${m.action} refused (${err.rpcErrorCode}: ${err.message}), attempt ${attempts} of ${max}`);
    if (attempts >= max) {
      await this.o.store.complete(m.seq);
      return true;
    }
    await this.o.store.countAttempt(m.seq);
    const wait = this.o.config.number('TransactionMessageRetryInterval') * attempts * 1000;
    this.retry = this.o.clock.at(this.o.clock.now() + wait, () => {
      this.retry = null;
      void this.pump();
    });
    return false;
  }
}
