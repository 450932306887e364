// The SIA plug-in's server service: `start`'s SIA options, `server.sia` merged with them (sia-settings.ts),
// and what runs on the site: the DC-09 receiver (receiver/receiver-server.ts), its reports kept in the store's
// alarm-report log (receiver/store-report-sink.ts), and the transmitter (transmitter/transmitter.ts), each
// alone or both. The transmitter starts after the receiver (a `host: builtin` target is the receiver's bound
// address) and stops before it.

import { portNumber } from '../../util/port-number.js';
import { followRole } from '../role-gate.js';
import type { ServerService, StartedServer } from '../server-service.js';
import { AlarmingSink } from './receiver/alarming-sink.js';
import type { ReceiverServer } from './receiver/receiver-server.js';
import { startReceiverServer } from './receiver/receiver-server.js';
import { StoreReportSink } from './receiver/store-report-sink.js';
import { receiverStatus } from './receiver-status.js';
import { type SiaSettings, siaSettings } from './sia-settings.js';
import { HeardSink } from './supervision/heard-sink.js';
import { type Supervision, startSupervision } from './supervision/supervision.js';
import { resolveBuiltin } from './transmitter/builtin-receiver.js';
import { SIA_TRANSMITTER_ROLE, startTransmitter, type Transmitter } from './transmitter/transmitter.js';
import type { ReceiverTarget, TransmitterSettings } from './transmitter/transmitter-settings.js';

/** The node-wide role of supervising the received links: in a cluster one node at a time plays it. */
export const SIA_SUPERVISION_ROLE = 'sia-supervision';

/** How often a node of a cluster reads a lost account's shared last-seen time, ms. */
const SHARED_POLL_MS = 1000;

/** `primary tcp 127.0.0.1:12300 (built-in receiver)`. */
function targetText(t: ReceiverTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.name} ${t.transport} ${host}:${t.port}${t.builtin ? ' (built-in receiver)' : ''}${t.key ? ' encrypted' : ''}`;
}

/** `SIA-DCS, accounts 1001…1006` or `SIA-DCS, account 1234`. */
function accountsText(s: TransmitterSettings): string {
  if (s.accounts.kind === 'site') return `account ${s.accounts.account}`;
  return `one account per zone from ${s.accounts.base}`;
}

export const siaServerService: ServerService<SiaSettings> = {
  options: [
    {
      flags: '--sia-port <port>',
      description:
        'TCP and UDP port of the SIA DC-09 receiver (default: the site file’s server.sia.receiver.port, else 12300)',
      parse: portNumber,
    },
    {
      flags: '--sia-host <address>',
      description:
        'address of the SIA DC-09 receiver (default: --host, else the site file’s server.sia.receiver.host, else 127.0.0.1)',
    },
    { flags: '--no-sia', description: 'run neither the SIA DC-09 receiver nor the transmitter' },
  ],

  settings(site, options, common) {
    return siaSettings(
      site,
      {
        enabled: options.sia as boolean | undefined,
        host: options.siaHost as string | undefined,
        port: options.siaPort as number | undefined,
      },
      common.host,
    );
  },

  // Sending the queue to the receiving centre is one node's job in a cluster (the receiver runs on every node).
  clusterRoles: (settings) => [
    ...(settings.transmitter ? [SIA_TRANSMITTER_ROLE] : []),
    ...(settings.receiver?.supervision ? [SIA_SUPERVISION_ROLE] : []),
  ],

  where: (settings) => {
    if (settings.receiver) return `${settings.receiver.host}:${settings.receiver.port}`;
    const primary = settings.transmitter?.receivers[0];
    return primary ? `${primary.host}:${primary.port}` : '';
  },

  async start(settings, context): Promise<StartedServer> {
    const { services, log } = context;
    const sink = new StoreReportSink(services.alarmReports);
    const supervised = settings.receiver?.supervision;
    // In a cluster one node supervises (the role's holder), from the last-seen times every receiver writes.
    const clustered = services.cluster.get() !== null;
    const gate = supervised
      ? followRole<Supervision>({
          roles: services.roles,
          role: SIA_SUPERVISION_ROLE,
          log,
          start: async () =>
            startSupervision(
              supervised,
              sink,
              services,
              log,
              clustered
                ? { lastSeen: (account) => services.alarmReports.lastSeen(account), pollMs: SHARED_POLL_MS }
                : null,
            ),
          stop: async (s) => s.close(),
        })
      : null;
    await gate?.settled();
    const supervision = gate
      ? {
          sink: new HeardSink(sink, (account, at) => gate.current()?.heard(account, at)),
          status: () => gate.current()?.status() ?? [],
          close: () => gate.close(),
        }
      : null;
    let server: ReceiverServer | null = null;
    if (settings.receiver)
      try {
        server = await startReceiverServer({
          ...settings.receiver,
          sink: new AlarmingSink(supervision?.sink ?? sink, settings.receiver.alarms, services.alarms),
          now: () => services.clock.now(),
          log,
          onRequest: (ip) => context.onRequest(ip),
          onConnection: (ip, open) => context.onConnection(ip, open),
        });
      } catch (err) {
        await supervision?.close();
        throw err;
      }
    let transmitter: Transmitter | null = null;
    let sending: TransmitterSettings | null = null;
    if (settings.transmitter) {
      sending = server
        ? resolveBuiltin(settings.transmitter, settings.receiver?.host ?? '', server.port)
        : settings.transmitter;
      try {
        transmitter = await startTransmitter(services, sending, log);
      } catch (err) {
        await server?.close(0);
        await supervision?.close();
        throw err;
      }
    }
    const banner: string[] = [];
    if (server) banner.push(`SIA DC-09 receiver: ${server.listening.join(', ')}`);
    if (sending)
      banner.push(
        `SIA DC-09 transmitter: ${sending.format} to ${sending.receivers.map(targetText).join(', ')}; ${accountsText(sending)}`,
      );
    const primary = sending?.receivers[0];
    return {
      address: server?.address ?? (primary ? `${primary.host}:${primary.port}` : ''),
      banner,
      status: () => ({
        // The receiver's fields at the top (as before the transmitter came), the transmitter's under its key.
        ...(server && settings.receiver ? receiverStatus(server, settings.receiver, sink) : {}),
        ...(supervision ? { supervision: supervision.status() } : {}),
        ...(transmitter ? { transmitter: transmitter.status() } : {}),
      }),
      async close(graceMs) {
        // The transmitter first: it may be sending to the receiver below.
        await transmitter?.close();
        await server?.close(graceMs);
        await supervision?.close();
      },
    };
  },
};
