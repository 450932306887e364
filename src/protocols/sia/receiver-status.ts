// What the web UI's server page shows of the receiver: where it listens, its accounts with their counts of
// frames and answers, the accounts heard from without being configured, and how many events it logged.
import type { ReceiverServer } from './receiver/receiver-server.js';
import type { AccountStats, AnswerCounts } from './receiver/receiver-stats.js';
import type { StoreReportSink } from './receiver/store-report-sink.js';
import type { SiaReceiverSettings } from './sia-settings.js';

/** Counts as the status shows them (camel-case keys). */
function counts(c: AnswerCounts) {
  return { frames: c.frames, ack: c.ACK, nak: c.NAK, duh: c.DUH, unanswered: c.none };
}

function accountStatus(stats: AccountStats | undefined) {
  if (!stats) return { frames: 0, ack: 0, nak: 0, duh: 0, unanswered: 0, events: 0 };
  return {
    ...counts(stats),
    events: stats.events,
    lastSeen: stats.lastSeen,
    ...(stats.lastAck ? { lastAck: stats.lastAck } : {}),
  };
}

export function receiverStatus(
  server: ReceiverServer,
  receiver: SiaReceiverSettings,
  sink: StoreReportSink,
): Record<string, unknown> {
  const configured = new Set(receiver.accounts.map((a) => a.account.toUpperCase()));
  return {
    listening: server.listening,
    receiverNumber: receiver.receiverNumber,
    linePrefix: receiver.linePrefix,
    accounts: receiver.accounts.map((a) => ({
      account: a.account,
      encrypted: a.key !== undefined,
      ...accountStatus(server.stats.account(a.account)),
    })),
    acceptUnknownAccounts: receiver.acceptUnknownAccounts,
    // Accounts heard from that are not configured (acceptUnknownAccounts).
    otherAccounts: server.stats
      .accounts()
      .filter((a) => !configured.has(a.account))
      .map((a) => ({ account: a.account, ...accountStatus(a) })),
    ...counts(server.stats.total),
    droppedBytes: server.stats.droppedBytes,
    droppedDatagrams: server.stats.droppedDatagrams,
    connections: server.connections,
    reports: { keptIn: 'store', recordedSinceStart: sink.recordedCount },
  };
}
