// The site's SIA DC-09 transmitter: every `sia` event of every device (a PIR detector's BA, TA, YT…) is queued
// durably in the store under its account BEFORE anything is sent; the sending (sending.ts: each account's
// queue in order to the primary receiver, else the backup; periodic tests; link tests) runs only while this
// node plays the `sia-transmitter` role. Alone that is always, and queued reports left by an earlier run are
// sent at start. In a cluster every node queues its own devices' events in the shared queue and one node at a
// time sends the queue: a node taking the role over resumes where the last holder stopped.
import type { Logger } from '../../../core/logger.js';
import type { Services } from '../../../runtime/services/services.js';
import type { OutgoingReport } from '../../../store/alarm-reports.js';
import { followRole } from '../../role-gate.js';
import type { AccountCounters } from './account-sender.js';
import { accountOf } from './accounts.js';
import { type Sending, startSending } from './sending.js';
import type { TransmitterSettings } from './transmitter-settings.js';

/** The node-wide role of sending the queue: in a cluster one node at a time plays it. */
export const SIA_TRANSMITTER_ROLE = 'sia-transmitter';

/** How often the role's holder reads the shared queue for reports queued by the other nodes, ms. */
export const CLUSTER_QUEUE_POLL_MS = 500;

/**
 * The parts of the services facade the transmitter uses; without `roles` it always sends, and without
 * `cluster` (or with no cluster attached) the queue is its own.
 */
export type TransmitterServices = Pick<Services, 'clock' | 'simulation' | 'alarmReports'> &
  Partial<Pick<Services, 'roles' | 'cluster'>>;

export interface TransmitterStatus {
  /** Whether this node sends now (in a cluster: plays the role). */
  sending: boolean;
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

const ALWAYS = { holds: () => true, onChange: () => () => {} };

export async function startTransmitter(
  services: TransmitterServices,
  settings: TransmitterSettings,
  log: Logger,
): Promise<Transmitter> {
  const { clock, alarmReports: store } = services;
  const queuing = new Set<Promise<unknown>>();
  const queued = new Map<string, number>();
  let dropped = 0;
  let closed = false;
  let gate: { current(): Sending | null } = { current: () => null };

  /** Queues durably, then wakes the account's sender (when this node sends). */
  const enqueue = (account: string, report: OutgoingReport): void => {
    const done = store
      .enqueue(account, report)
      .then(() => {
        queued.set(account, (queued.get(account) ?? 0) + 1);
        gate.current()?.kick(account);
      })
      .catch((err) => {
        dropped++;
        log.error({ err, account, code: report.code }, 'SIA transmitter: the report could not be queued');
      })
      .finally(() => queuing.delete(done));
    queuing.add(done);
  };

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

  const clustered = services.cluster?.get() != null;
  const sending = followRole({
    roles: services.roles ?? ALWAYS,
    role: SIA_TRANSMITTER_ROLE,
    log,
    start: () =>
      startSending({
        store,
        clock,
        settings,
        log,
        enqueue,
        pollMs: clustered ? CLUSTER_QUEUE_POLL_MS : null,
      }),
    stop: (s) => s.close(),
  });
  gate = sending;
  await sending.settled();

  return {
    status: () => {
      const now = sending.current();
      const counters = new Map(now?.accounts() ?? []);
      const accounts = new Set([...counters.keys(), ...queued.keys()]);
      return {
        sending: now !== null,
        receivers:
          now?.receivers() ??
          settings.receivers.map((t) => ({
            name: t.name,
            host: t.host,
            port: t.port,
            transport: t.transport,
            connected: false,
          })),
        accounts: [...accounts].map((account) => ({
          account,
          queued: queued.get(account) ?? 0,
          ...(counters.get(account) ?? { delivered: 0, refused: 0, failedAttempts: 0, lastError: null }),
        })),
        dropped,
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      unfollow();
      await Promise.all([...queuing]);
      await sending.close();
    },
  };
}
