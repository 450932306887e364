// The sending half of the SIA DC-09 transmitter: each account's queue sent in order (account-sender.ts) over
// the receiver links, periodic tests (RP, queued) and link tests (NULL, sent when a receiver has had no
// message for an account for `supervisionS`). It runs only on the node playing the `sia-transmitter` role
// (alone: always): it starts with the reports waiting in the shared queue, and, in a cluster, reads the queue
// again every `pollMs` for the reports the other nodes' devices queued. The queuing half is transmitter.ts.

import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { AlarmReportsStore, OutgoingReport } from '../../../store/alarm-reports.js';
import { type AccountCounters, AccountSender } from './account-sender.js';
import { initialAccounts } from './accounts.js';
import { ReceiverLink } from './receiver-link.js';
import { nullFrame } from './report-frame.js';
import type { TransmitterSettings } from './transmitter-settings.js';

export interface Sending {
  /** Something was queued for `account`: send it. */
  kick(account: string): void;
  receivers(): Array<{ name: string; host: string; port: number; transport: string; connected: boolean }>;
  accounts(): Array<[string, AccountCounters]>;
  /** Stops after the exchanges under way; queued reports stay queued. */
  close(): Promise<void>;
}

export interface SendingOptions {
  store: AlarmReportsStore;
  clock: Clock;
  settings: TransmitterSettings;
  log: Logger;
  /** Queues a report durably (the periodic test), as the events are. */
  enqueue: (account: string, report: OutgoingReport) => void;
  /** Reads the shared queue again this often (ms; null: never, the queue is this node's alone). */
  pollMs: number | null;
}

export async function startSending(options: SendingOptions): Promise<Sending> {
  const { store, clock, settings, log } = options;
  const links = settings.receivers.map((t) => new ReceiverLink(t, clock, settings.ackTimeoutMs));
  const senders = new Map<string, AccountSender>();
  const lastSent = new Map<string, number>();
  const timers = new Set<TimerHandle>();
  let nullSequence = 0;
  let closed = false;

  const context = {
    store,
    clock,
    log,
    links,
    format: settings.format,
    extendedData: settings.extendedData,
    retries: settings.retries,
    maxBackoffMs: settings.maxBackoffMs,
    sent: (account: string) => lastSent.set(account, clock.now()),
  };
  const senderOf = (account: string): AccountSender => {
    let sender = senders.get(account);
    if (!sender) {
      sender = new AccountSender(account, context);
      senders.set(account, sender);
      lastSent.set(account, clock.now());
      if (settings.supervisionS > 0) superviseLater(account, settings.supervisionS * 1000);
      if (settings.testIntervalS > 0) testLater(account);
    }
    return sender;
  };

  const later = (ms: number, fn: () => void): void => {
    if (closed) return;
    const timer = clock.at(clock.now() + ms, () => {
      timers.delete(timer);
      if (!closed) fn();
    });
    timers.add(timer);
  };

  function testLater(account: string): void {
    later(settings.testIntervalS * 1000, () => {
      options.enqueue(account, {
        code: 'RP',
        zone: '000',
        text: 'Periodic test',
        time: clock.now(),
        device: '',
        point: null,
      });
      testLater(account);
    });
  }

  /** A NULL when nothing went to the account's receiver for supervisionS; any message restarts the wait. */
  function superviseLater(account: string, ms: number): void {
    later(ms, () => {
      const quietMs = clock.now() - (lastSent.get(account) ?? 0);
      const interval = settings.supervisionS * 1000;
      if (quietMs < interval) {
        superviseLater(account, interval - quietMs);
        return;
      }
      void linkTest(account).finally(() => superviseLater(account, interval));
    });
  }

  /** One NULL, to the primary, else the backup; nothing queued, nothing retried. */
  async function linkTest(account: string): Promise<void> {
    nullSequence = (nullSequence % 9999) + 1;
    for (const link of links) {
      const frame = nullFrame(account, nullSequence, link.target, new Date(clock.now() + link.clockOffsetMs));
      const answer = await link.exchange(frame.text, frame.header);
      if (closed) return;
      if (answer.kind !== 'unreachable') lastSent.set(account, clock.now());
      if (answer.kind === 'ACK') return;
      if (answer.kind === 'NAK' && answer.receiverTime)
        link.clockOffsetMs = answer.receiverTime.getTime() - clock.now();
      log.warn(
        { account, receiver: link.target.name, answer: answer.kind },
        'SIA transmitter: link test failed',
      );
    }
  }

  /** Wakes the sender of every account with reports waiting in the (shared) queue. */
  async function readQueue(): Promise<void> {
    for (const { account } of await store.accounts()) if (!closed) senderOf(account).kick();
  }

  function pollLater(ms: number): void {
    later(ms, () => {
      readQueue()
        .catch((err) => log.warn({ err }, 'SIA transmitter: the queue could not be read'))
        .finally(() => pollLater(ms));
    });
  }

  for (const account of initialAccounts(settings.accounts)) senderOf(account);
  await readQueue();
  if (options.pollMs !== null) pollLater(options.pollMs);

  return {
    kick: (account) => {
      if (!closed) senderOf(account).kick();
    },
    receivers: () =>
      links.map((l) => ({
        name: l.target.name,
        host: l.target.host,
        port: l.target.port,
        transport: l.target.transport,
        connected: l.connected,
      })),
    accounts: () => [...senders].map(([account, s]) => [account, s.counters]),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) t.cancel();
      timers.clear();
      const stopping = [...senders.values()].map((s) => s.close());
      for (const link of links) link.close();
      await Promise.all(stopping);
    },
  };
}
