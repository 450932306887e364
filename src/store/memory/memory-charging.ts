// The charging concern kept in memory: id tags and transactions, as the SQLite engine keeps them.

import type {
  ChargingStore,
  ChargingTransaction,
  IdTag,
  TransactionFilter,
  TransactionStart,
  TransactionStop,
} from '../charging.js';

export class MemoryCharging implements ChargingStore {
  private readonly tags = new Map<string, IdTag>();
  private readonly transactions: ChargingTransaction[] = [];

  getIdTag(idTag: string): Promise<IdTag | null> {
    const tag = this.tags.get(idTag);
    return Promise.resolve(tag ? { ...tag } : null);
  }

  saveIdTag(tag: IdTag): Promise<void> {
    this.tags.set(tag.idTag, { ...tag });
    return Promise.resolve();
  }

  deleteIdTag(idTag: string): Promise<boolean> {
    return Promise.resolve(this.tags.delete(idTag));
  }

  listIdTags(): Promise<IdTag[]> {
    const tags = [...this.tags.values()].sort((a, b) => (a.idTag < b.idTag ? -1 : 1));
    return Promise.resolve(tags.map((t) => ({ ...t })));
  }

  startTransaction(start: TransactionStart): Promise<ChargingTransaction> {
    const transaction: ChargingTransaction = {
      ...start,
      id: this.transactions.length + 1,
      meterStop: null,
      stoppedAt: null,
      stopReason: null,
      stopIdTag: null,
      meterValues: [],
    };
    this.transactions.push(transaction);
    return Promise.resolve(structuredClone(transaction));
  }

  stopTransaction(id: number, stop: TransactionStop): Promise<ChargingTransaction | null> {
    const transaction = this.transactions[id - 1];
    if (!transaction) return Promise.resolve(null);
    if (transaction.stoppedAt === null) {
      transaction.meterStop = stop.meterStop;
      transaction.stoppedAt = stop.stoppedAt;
      transaction.stopReason = stop.reason;
      transaction.stopIdTag = stop.idTag;
      transaction.meterValues = structuredClone([...stop.meterValues]);
    }
    return Promise.resolve(structuredClone(transaction));
  }

  getTransaction(id: number): Promise<ChargingTransaction | null> {
    const transaction = this.transactions[id - 1];
    return Promise.resolve(transaction ? structuredClone(transaction) : null);
  }

  queryTransactions(filter: TransactionFilter = {}): Promise<ChargingTransaction[]> {
    const rows = this.transactions
      .filter(
        (t) =>
          (filter.chargePointId === undefined || t.chargePointId === filter.chargePointId) &&
          (filter.open === undefined || (t.stoppedAt === null) === filter.open),
      )
      .reverse();
    const limited = filter.limit === undefined || filter.limit < 0 ? rows : rows.slice(0, filter.limit);
    return Promise.resolve(limited.map((t) => structuredClone(t)));
  }
}
