// The broker Pointyard runs itself when `server.mqtt` names no external one: aedes on a TCP port. Clients log
// in with Pointyard's users (broker-access.ts); commands published to it (JSON `…/set`, Sparkplug DCMD/NCMD)
// reach the command handlers with the user who sent them. A client subscribing to the site's topics is an MQTT
// host application: reported as a connection (the parking server's BMS Integration Status) until it leaves.

import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger, Logins } from '../../../runtime/services/services.js';
import type { CommandHandler, CommandSender, CommandSource } from '../commands.js';
import { topicMatches } from '../link/topic-match.js';
import type { EmbeddedBroker } from '../mqtt-settings.js';
import { BrokerAccess, remoteOf } from './broker-access.js';
import { filterReaches } from './site-filter.js';

export interface EmbeddedBrokerOptions {
  settings: EmbeddedBroker;
  /** The site's login path (services.logins). */
  logins: Pick<Logins, 'checkPassword'>;
  /** Topic prefixes of the site's data (`pointyard/demo`, `spBv1.0/demo`): their subscribers are host applications. */
  siteTopics: readonly string[];
  log: Logger;
  /** A host application connected (`open` true) or went away. */
  onConnection?(remoteAddress: string, open: boolean): void;
}

export interface RunningBroker {
  /** `host:port` it listens on. */
  readonly address: string;
  /** The user name and password Pointyard's own connection logs in with. */
  readonly own: { readonly username: string; readonly password: string };
  /** Commands published to it, with their sender. */
  readonly commands: CommandSource;
  status(): Record<string, unknown>;
  close(graceMs: number): Promise<void>;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<RunningBroker> {
  const { log } = options;
  const access = new BrokerAccess(options.logins, options.settings.anonymous, log);
  const broker = await Aedes.createBroker({
    authenticate: access.authenticate,
    authorizePublish: access.authorizePublish,
  });
  const handlers: { filter: string; handler: CommandHandler }[] = [];
  let messagesIn = 0;
  broker.on('publish', (packet, client) => {
    if (!client) return;
    const identity = access.identity(client);
    if (identity?.kind !== 'user') return; // Pointyard's own messages; nobody else may publish
    messagesIn++;
    const matching = handlers.filter((h) => topicMatches(h.filter, packet.topic));
    if (matching.length === 0) return;
    const sender: CommandSender = {
      who: identity.name,
      role: identity.role,
      remote: remoteOf(client),
      clientId: client.id,
    };
    for (const h of matching) h.handler(packet.topic, packet.payload as Buffer, sender);
  });
  /** Host applications connected now, with their address. */
  const hosts = new Map<Client, string>();
  broker.on('subscribe', (subscriptions, client) => {
    if (!client || hosts.has(client) || access.identity(client)?.kind === 'pointyard') return;
    const reads = subscriptions.some((s) => options.siteTopics.some((p) => filterReaches(s.topic, p)));
    if (!reads) return;
    const remote = remoteOf(client);
    hosts.set(client, remote);
    options.onConnection?.(remote, true);
  });
  const sockets = new Set<Socket>();
  /** Every client with an open connection (logged in or not yet). */
  const clients = new Set<Client>();
  const loggedIn = () => {
    let n = 0;
    for (const c of clients) if (c.connected && access.identity(c)?.kind !== 'pointyard') n++;
    return n;
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const client = broker.handle(socket);
    clients.add(client);
    socket.on('close', () => {
      sockets.delete(socket);
      clients.delete(client);
      const remote = hosts.get(client);
      if (remote === undefined) return;
      hosts.delete(client);
      options.onConnection?.(remote, false);
    });
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
    own: access.own,
    commands: { on: (filter, handler) => handlers.push({ filter, handler }) },
    status: () => ({
      // Pointyard's own connection is not counted.
      clients: loggedIn(),
      hostApplications: hosts.size,
      messagesIn,
      refusedLogins: access.refusedLogins,
      refusedPublishes: access.refusedPublishes,
    }),
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients still connected after the grace are cut off.
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
