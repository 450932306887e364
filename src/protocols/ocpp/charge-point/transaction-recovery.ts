// The transaction under way when a charge point opens. A session's StartTransaction (or StopTransaction) is
// queued first and the transaction saved just after: a process killed between the two leaves the outbox
// ahead of the saved state, and the outbox is what the CSMS will see, so it wins.

import type { OutboxMessage } from '../../../store/outbox.js';
import type { OpenTransaction } from './engine.js';

export function recoverTransaction(
  saved: OpenTransaction | null,
  queued: OutboxMessage[],
): OpenTransaction | null {
  let tx = saved;
  const stopped = (t: OpenTransaction) =>
    queued.some(
      (m) =>
        m.action === 'StopTransaction' &&
        (m.payload.transactionId === t.localId || (t.id !== undefined && m.payload.transactionId === t.id)),
    );
  if (tx && stopped(tx)) tx = null;
  const lastStart = queued.findLast((m) => m.action === 'StartTransaction');
  if (lastStart && (!tx || -tx.localId < lastStart.seq)) {
    const p = lastStart.payload as { idTag: string; meterStart: number; timestamp: string };
    const started: OpenTransaction = {
      localId: -lastStart.seq,
      idTag: p.idTag,
      startedAt: Date.parse(p.timestamp),
      meterStartWh: p.meterStart,
    };
    if (!stopped(started)) tx = started;
  }
  return tx;
}
