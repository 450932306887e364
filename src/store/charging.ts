// The store's concern for the charging back end (a central system plug-in): the id tags (RFID cards) it authorizes and
// the charging transactions it numbers and keeps. A transaction is committed before the charge point hears
// its id, and its stop before the charge point hears the stop was taken.

/** The authorization status of an id tag. */
export type IdTagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';

/** An id tag (an RFID card's id, up to 20 characters) the charging back end knows. */
export interface IdTag {
  idTag: string;
  status: IdTagStatus;
  /** Epoch ms after which it is no longer accepted; null: never. */
  expiresAt: number | null;
  /** The group it belongs to (its parent id tag); null: none. */
  parentIdTag: string | null;
}

/** A meter reading of a transaction: epoch ms and the sampled values as the charge point sent them. */
export interface TransactionMeterValue {
  ts: number;
  sampledValue: ReadonlyArray<Record<string, unknown>>;
}

/** What a StartTransaction says. */
export interface TransactionStart {
  chargePointId: string;
  connectorId: number;
  idTag: string;
  /** Wh on the meter at the start. */
  meterStart: number;
  startedAt: number;
  reservationId: number | null;
}

/** What a StopTransaction says. */
export interface TransactionStop {
  /** Wh on the meter at the stop. */
  meterStop: number;
  stoppedAt: number;
  /** The stop reason (Local, Remote, EVDisconnected…); null: not given (taken as Local). */
  reason: string | null;
  /** The id tag that stopped it, when the charge point says. */
  idTag: string | null;
  /** The transactionData the charge point sent with it. */
  meterValues: readonly TransactionMeterValue[];
}

/** A charging transaction, open (no stop yet) or finished. */
export interface ChargingTransaction extends TransactionStart {
  /** The id the CSMS gave it: unique, positive, increasing. */
  id: number;
  meterStop: number | null;
  stoppedAt: number | null;
  stopReason: string | null;
  stopIdTag: string | null;
  /** The stop's transactionData (empty while open). */
  meterValues: TransactionMeterValue[];
}

export interface TransactionFilter {
  chargePointId?: string;
  /** true: only open ones; false: only finished ones. */
  open?: boolean;
  limit?: number;
}

export interface ChargingStore {
  /** The id tag, or null when the CSMS does not know it. */
  getIdTag(idTag: string): Promise<IdTag | null>;
  /** Adds or replaces an id tag. */
  saveIdTag(tag: IdTag): Promise<void>;
  /** Removes an id tag; false when there was none. */
  deleteIdTag(idTag: string): Promise<boolean>;
  /** Every id tag, by id. */
  listIdTags(): Promise<IdTag[]>;
  /** Numbers and keeps a new transaction: durable when the promise resolves. */
  startTransaction(start: TransactionStart): Promise<ChargingTransaction>;
  /**
   * Finishes a transaction: durable when the promise resolves; null when there is no such transaction. A
   * second stop of a finished one changes nothing and answers it as it is (a charge point repeats a stop
   * it had no answer to).
   */
  stopTransaction(id: number, stop: TransactionStop): Promise<ChargingTransaction | null>;
  getTransaction(id: number): Promise<ChargingTransaction | null>;
  /** Transactions newest first (by id), all of them unless limited. */
  queryTransactions(filter?: TransactionFilter): Promise<ChargingTransaction[]>;
}
