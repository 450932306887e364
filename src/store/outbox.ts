// The charge points' concern of the store: each simulated charge point's durable outbox of transaction
// messages and its small state, so that no transaction message is lost across a CSMS outage or a restart.

/** A charge point's transaction message waiting for its charging back end, in the order it was queued. */
export interface OutboxMessage {
  /** Order of queueing in the whole store, ascending, never reused. */
  seq: number;
  chargePoint: string;
  /** The message's action, as the protocol names it (StartTransaction, MeterValues…). */
  action: string;
  payload: Record<string, unknown>;
  /** Deliveries the CSMS refused so far (a CALLERROR); a lost connection does not count. */
  attempts: number;
}

/**
 * Charge points' durable outbox and small state (configuration keys, transaction ids, profiles…), per charge
 * point: every call is durable when its promise resolves.
 */
export interface OutboxStore {
  /** Queues a message after the charge point's others; returns its `seq`. */
  enqueue(chargePoint: string, action: string, payload: Record<string, unknown>): Promise<number>;
  /** The charge point's queued messages, oldest first, at most `limit` (all unless given). */
  pending(chargePoint: string, limit?: number): Promise<OutboxMessage[]>;
  /** Counts a refused delivery of the message `seq`. */
  countAttempt(seq: number): Promise<void>;
  /** Removes the delivered (or given up) message `seq` and, in the same transaction, sets the state given. */
  complete(seq: number, state?: { chargePoint: string; values: Map<string, string | null> }): Promise<void>;
  /** The charge point's state, by key. */
  loadState(chargePoint: string): Promise<Map<string, string>>;
  /** Sets (a string) or deletes (null) the keys given; the others keep their values. */
  saveState(chargePoint: string, values: Map<string, string | null>): Promise<void>;
}
