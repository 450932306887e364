// The broker Pointyard runs itself when `server.mqtt` names no external one: aedes on a TCP port. Commands
// published to it (JSON `…/set`, Sparkplug DCMD/NCMD) reach the command handlers with their sender.

import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger } from '../../../runtime/services/services.js';
import type { CommandHandler, CommandSender, CommandSource } from '../commands.js';
import { topicMatches } from '../link/topic-match.js';
import type { EmbeddedBroker } from '../mqtt-settings.js';

export interface EmbeddedBrokerOptions {
  settings: EmbeddedBroker;
  /** The role of commands from clients (until users log in to the broker). */
  commandRole: CommandSender['role'];
  log: Logger;
  onConnection?(remoteAddress: string, open: boolean): void;
}

export interface RunningBroker {
  /** `host:port` it listens on. */
  readonly address: string;
  /** Commands published to it, with their sender. */
  readonly commands: CommandSource;
  status(): Record<string, unknown>;
  close(graceMs: number): Promise<void>;
}

function remoteOf(client: Client): string {
  const conn = client.conn as unknown as Socket | undefined;
  return conn?.remoteAddress ?? 'unknown';
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<RunningBroker> {
  const broker = await Aedes.createBroker();
  const handlers: { filter: string; handler: CommandHandler }[] = [];
  broker.on('publish', (packet, client) => {
    if (!client) return;
    const matching = handlers.filter((h) => topicMatches(h.filter, packet.topic));
    if (matching.length === 0) return;
    const sender: CommandSender = {
      who: 'mqtt',
      role: options.commandRole,
      remote: remoteOf(client),
      clientId: client.id,
    };
    for (const h of matching) h.handler(packet.topic, packet.payload as Buffer, sender);
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const remote = socket.remoteAddress ?? 'unknown';
    options.onConnection?.(remote, true);
    socket.on('close', () => {
      sockets.delete(socket);
      options.onConnection?.(remote, false);
    });
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.settings.port, options.settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.settings.port;
  const host = options.settings.host.includes(':') ? `[${options.settings.host}]` : options.settings.host;
  return {
    address: `${host}:${port}`,
    commands: { on: (filter, handler) => handlers.push({ filter, handler }) },
    status: () => ({ kind: 'embedded', clients: broker.connectedClients }),
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const timer = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, graceMs);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const s of sockets) s.end();
      await closed;
      clearTimeout(timer);
    },
  };
}
