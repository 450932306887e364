// The values in force a connector must get to its remote device: one write in flight per point, a newer
// value coalesced into the next write (the device gets the last one), each write confirmed by reading the
// point back, and a write the device refuses or does not hold sent again with back-off (1 s, doubling to
// 30 s, on the injected clock) until the device holds it. While it does not, the point is `fault` (which
// raises its alarm) and its value in force stays pending here.

import type { Clock, TimerHandle } from '../core/clock.js';
import type { Value } from '../core/value.js';

export const FIRST_WRITE_RETRY_MS = 1000;
export const LAST_WRITE_RETRY_MS = 30_000;

/** How a write went: taken by the device, refused by it, or the link was lost on the way. */
export type WriteOutcome = 'taken' | 'refused' | 'lost';

/** What the queue needs from its connector. */
export interface WriteQueueHost {
  readonly clock: Clock;
  /** Whether writes can go now (the device answers, the connector runs). */
  available(): boolean;
  /** Writes `value` to the point on the device. */
  send(pointId: string, value: Value): Promise<WriteOutcome>;
  /** Reads the point back: its value, null when unreadable, undefined when the link was lost. */
  readBack(pointId: string): Promise<Value | null | undefined>;
  /** The device reads `value` for the point after a write: the connector judges it with `judge`. */
  readAfterWrite(pointId: string, value: Value | null): void;
}

interface Pending {
  /** The value in force, as the device will read it back. */
  wanted: Value;
  /** Counts the values in force, so that a write knows a newer one came while it was on its way. */
  version: number;
  /** A write of this point is on its way. */
  inFlight: boolean;
  retryMs: number;
  retry: TimerHandle | null;
}

export class WriteQueue {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly host: WriteQueueHost) {}

  /** A new value in force for the point: sent now when the device is there, else when it answers. */
  set(pointId: string, wanted: Value): void {
    const p = this.pending.get(pointId);
    if (p) {
      p.retry?.cancel();
      p.retry = null;
      p.wanted = wanted;
      p.version++;
      p.retryMs = FIRST_WRITE_RETRY_MS;
    } else {
      const fresh = { wanted, version: 0, inFlight: false, retryMs: FIRST_WRITE_RETRY_MS, retry: null };
      this.pending.set(pointId, fresh);
    }
    if (this.host.available()) void this.flush(pointId);
  }

  /** Nothing is in force any more: a pending value is dropped (one on its way is not judged). */
  drop(pointId: string): void {
    this.pending.get(pointId)?.retry?.cancel();
    this.pending.delete(pointId);
  }

  /** The value in force the device does not hold yet, if any. */
  wanted(pointId: string): Value | undefined {
    return this.pending.get(pointId)?.wanted;
  }

  /** Whether a write of the point is on its way (its reads are not judged until it is read back). */
  inFlight(pointId: string): boolean {
    return this.pending.get(pointId)?.inFlight ?? false;
  }

  /**
   * Judges a value the device reads for the point: 'ok' when nothing is pending (or a write is on its
   * way) or the device holds the value in force (confirmed: no longer pending); 'differs' when it does not
   * (the point is `fault`; a retry is scheduled with back-off).
   */
  judge(pointId: string, value: Value): 'ok' | 'confirmed' | 'differs' {
    const p = this.pending.get(pointId);
    if (!p || p.inFlight) return 'ok';
    if (value === p.wanted) {
      p.retry?.cancel();
      this.pending.delete(pointId);
      return 'confirmed';
    }
    this.retryLater(pointId, p);
    return 'differs';
  }

  /** Sends every pending value (the device answers again). */
  flushAll(): void {
    for (const pointId of this.pending.keys()) void this.flush(pointId);
  }

  /** Sends the point's value in force, then reads it back to judge it. */
  async flush(pointId: string): Promise<void> {
    const p = this.pending.get(pointId);
    if (!p || p.inFlight) return;
    p.retry?.cancel();
    p.retry = null;
    const { wanted, version } = p;
    p.inFlight = true;
    let outcome: WriteOutcome = 'lost';
    let back: Value | null | undefined;
    try {
      outcome = await this.host.send(pointId, wanted);
      if (outcome === 'taken') back = await this.host.readBack(pointId);
    } finally {
      p.inFlight = false;
    }
    if (this.pending.get(pointId) !== p) return;
    if (p.version !== version) {
      // A newer value came in meanwhile: it goes now, and is what the device is judged against.
      if (this.host.available()) return this.flush(pointId);
      return;
    }
    if (outcome === 'refused') return this.retryLater(pointId, p);
    if (back === undefined) return; // lost: sent again when the device answers
    this.host.readAfterWrite(pointId, back);
  }

  private retryLater(pointId: string, p: Pending): void {
    if (p.retry || p.inFlight) return;
    const at = this.host.clock.now() + p.retryMs;
    p.retryMs = Math.min(p.retryMs * 2, LAST_WRITE_RETRY_MS);
    p.retry = this.host.clock.at(at, () => {
      p.retry = null;
      if (this.pending.get(pointId) === p && this.host.available()) void this.flush(pointId);
    });
  }

  /** Cancels every retry (the connector stops). */
  stop(): void {
    for (const p of this.pending.values()) p.retry?.cancel();
  }
}
