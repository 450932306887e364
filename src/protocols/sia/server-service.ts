// The SIA plug-in's server service: `start`'s SIA options, `server.sia` merged with them (sia-settings.ts),
// and the DC-09 receiver (receiver/receiver-server.ts) started on the running site.
//
// Until the store's alarm-report log is part of the services facade, the receiver's reports are kept in a
// file of the plug-in's state folder (`<data>/sia/reports.jsonl`, flushed before each ACK), or in memory
// when there is no data folder.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { portNumber } from '../../util/port-number.js';
import type { ServerService } from '../server-service.js';
import { FileReportSink } from './receiver/file-report-sink.js';
import { type ReceiverServer, startReceiverServer } from './receiver/receiver-server.js';
import type { AccountStats, AnswerCounts } from './receiver/receiver-stats.js';
import { MemoryReportSink } from './receiver/report-sink.js';
import { type SiaSettings, siaSettings } from './sia-settings.js';

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
    { flags: '--no-sia', description: 'do not run the SIA DC-09 receiver' },
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

  where: (settings) => (settings.receiver ? `${settings.receiver.host}:${settings.receiver.port}` : ''),

  async start(settings, context) {
    const receiver = settings.receiver;
    if (!receiver) throw new Error('no SIA receiver to start');
    const { services, log } = context;
    let file: FileReportSink | null = null;
    if (context.stateDir) {
      mkdirSync(context.stateDir, { recursive: true, mode: 0o700 });
      file = await FileReportSink.open(join(context.stateDir, 'reports.jsonl'));
    } else log.warn({}, 'sia receiver: no data folder: reports are kept in memory only');
    const memory = file ? null : new MemoryReportSink();
    const sink = file ?? (memory as MemoryReportSink);
    let server: ReceiverServer;
    try {
      server = await startReceiverServer({
        ...receiver,
        sink,
        now: () => services.clock.now(),
        log,
        onRequest: (ip) => context.onRequest(ip),
        onConnection: (ip, open) => context.onConnection(ip, open),
      });
    } catch (err) {
      await file?.close();
      throw err;
    }
    return {
      address: server.address,
      banner: [`SIA DC-09 receiver: ${server.listening.join(', ')}`],
      status: () => {
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
          reports: file
            ? { keptIn: 'file', writtenSinceStart: file.written }
            : { keptIn: 'memory', writtenSinceStart: memory?.reports.length ?? 0 },
        };
      },
      async close(graceMs) {
        await server.close(graceMs);
        await file?.close();
      },
    };
  },
};
