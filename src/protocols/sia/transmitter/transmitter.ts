// The site's SIA DC-09 transmitter: every `sia` event of every device (a PIR detector's BA, TA, YT…) is queued
// durably in the store under its account BEFORE anything is sent, then each account's queue is sent in order
// (account-sender.ts) to the primary receiver, else the backup. Queued reports left by an earlier run are sent
// at start. Periodic tests (RP) are queued like events; link tests (NULL) are sent, not queued, when a
// receiver has had no message for an account for `supervisionS`.
import type { TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { Services } from '../../../runtime/services/services.js';
import type { OutgoingReport } from '../../../store/alarm-reports.js';
import { type AccountCounters, AccountSender } from './account-sender.js';
import { accountOf, initialAccounts } from './accounts.js';
import { ReceiverLink } from './receiver-link.js';
import { nullFrame } from './report-frame.js';
import type { TransmitterSettings } from './transmitter-settings.js';

/** The parts of the services facade the transmitter uses. */
export type TransmitterServices = Pick<Services, 'clock' | 'simulation' | 'alarmReports'>;

export interface TransmitterStatus {
  receivers: Array<{ name: string; host: string; port: number; transport: string; connected: boolean }>;
  /** Per account: reports queued since start (durably), and what became of those sent. */
  accounts: Array<{ account: string; queued: number } & AccountCounters>;
  /** Events that could not be queued (no account for their zone, or the store refused them). */
  dropped: number;
}

export interface Transmitter {
  status(): TransmitterStatus;
  /** Stops following events, waits for the queuing in progress, closes the links. Queued reports stay. */
  close(): Promise<void>;
}

export async function startTransmitter(
  services: TransmitterServices,
  settings: TransmitterSettings,
  log: Logger,
): Promise<Transmitter> {
  const { clock, alarmReports: store } = services;
  const links = settings.receivers.map((t) => new ReceiverLink(t, clock, settings.ackTimeoutMs));
  const senders = new Map<string, AccountSender>();
  const lastSent = new Map<string, number>();
  const timers = new Set<TimerHandle>();
  const queuing = new Set<Promise<unknown>>();
  const queued = new Map<string, number>();
  let nullSequence = 0;
  let dropped = 0;
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

  /** Queues durably, then wakes the account's sender. */
  const enqueue = (account: string, report: OutgoingReport): void => {
    const done = store
      .enqueue(account, report)
      .then(() => {
        queued.set(account, (queued.get(account) ?? 0) + 1);
        senderOf(account).kick();
      })
      .catch((err) => {
        dropped++;
        log.error({ err, account, code: report.code }, 'SIA transmitter: the report could not be queued');
      })
      .finally(() => queuing.delete(done));
    queuing.add(done);
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
      enqueue(account, {
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

  const unfollow = services.simulation.followEvents((device, ts, event) => {
    if (event.kind !== 'sia' || closed) return;
    const data = event.data ?? {};
    const code = typeof data.code === 'string' ? data.code : '';
    const zone = typeof data.zone === 'number' ? data.zone : Number(data.zone);
    const account = Number.isInteger(zone) ? accountOf(settings.accounts, zone) : null;
    if (!/^[A-Z]{2}$/.test(code) || account === null) {
      dropped++;
      log.warn(
        { device: device.id, code, zone: data.zone },
        'SIA transmitter: event with no code or account',
      );
      return;
    }
    enqueue(account, {
      code,
      zone: String(zone).padStart(3, '0'),
      text: typeof data.text === 'string' ? data.text : '',
      time: ts,
      device: device.id,
      point: event.point,
      extra: {
        area: String(zone),
        ...(typeof data.location === 'string' ? { location: data.location } : {}),
      },
    });
  });

  for (const account of initialAccounts(settings.accounts)) senderOf(account);
  for (const { account } of await store.accounts()) senderOf(account).kick();

  return {
    status: () => ({
      receivers: links.map((l) => ({
        name: l.target.name,
        host: l.target.host,
        port: l.target.port,
        transport: l.target.transport,
        connected: l.connected,
      })),
      accounts: [...senders].map(([account, s]) => ({
        account,
        queued: queued.get(account) ?? 0,
        ...s.counters,
      })),
      dropped,
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      unfollow();
      for (const t of timers) t.cancel();
      timers.clear();
      await Promise.all([...queuing]);
      const stopping = [...senders.values()].map((s) => s.close());
      for (const link of links) link.close();
      await Promise.all(stopping);
    },
  };
}
