// The MQTT plug-in's server service: `start`'s MQTT options, `server.mqtt` merged with them (mqtt-settings.ts),
// then the broker (the embedded one, or an external one by URL with the disk backlog for its outages),
// Pointyard's own connection to it (the link), and the publishers (JSON, Sparkplug B, Home Assistant).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { portNumber } from '../../util/port-number.js';
import { reachable } from '../reachable-address.js';
import type { ServerService } from '../server-service.js';
import { type RunningBroker, startEmbeddedBroker } from './broker/embedded-broker.js';
import type { CommandSource } from './commands.js';
import type { Backlog } from './link/backlog.js';
import { ClientLink } from './link/client-link.js';
import { DiskBacklog } from './link/disk-backlog.js';
import { followHostStates } from './link/host-states.js';
import type { BrokerConnection } from './link/link.js';
import { linkCommands } from './link/link-commands.js';
import { type MqttSettings, mqttSettings } from './mqtt-settings.js';
import type { Publisher } from './publisher.js';
import { PUBLISHERS } from './publishers.js';

/** How long the start waits for Pointyard's own connection to the embedded broker. */
const OWN_LINK_WAIT_MS = 10_000;

/** The topic prefixes of the site's data: a client subscribing under one is a host application. */
function siteTopics(settings: MqttSettings, site: string): string[] {
  return [
    ...(settings.json ? [`${settings.json.prefix}/${site}`] : []),
    ...(settings.sparkplug ? [`spBv1.0/${settings.sparkplug.group}`] : []),
  ];
}

export const mqttServerService: ServerService<MqttSettings> = {
  options: [
    {
      flags: '--mqtt-port <port>',
      description:
        'TCP port of the embedded MQTT broker (default: the site file’s server.mqtt.port, else 1883)',
      parse: portNumber,
    },
    {
      flags: '--mqtt-host <address>',
      description:
        'address of the embedded MQTT broker (default: --host, else the site file’s server.mqtt.host, else 127.0.0.1)',
    },
    {
      flags: '--mqtt-url <url>',
      description: 'publish to this broker (mqtt://host:port or mqtts://…) instead of running one',
    },
    { flags: '--no-mqtt', description: 'do not serve MQTT' },
  ],

  settings(site, options, common) {
    return mqttSettings(
      site,
      {
        enabled: options.mqtt as boolean | undefined,
        host: options.mqttHost as string | undefined,
        port: options.mqttPort as number | undefined,
        url: options.mqttUrl as string | undefined,
      },
      common.host,
    );
  },

  where: (settings) =>
    settings.broker.kind === 'embedded'
      ? `${settings.broker.host}:${settings.broker.port}`
      : settings.broker.url,

  async start(settings, context) {
    const { services, log } = context;
    const stateDir = context.stateDir ?? null;
    if (stateDir) mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    let broker: RunningBroker | null = null;
    let backlog: Backlog | null = null;
    let url: string;
    if (settings.broker.kind === 'embedded') {
      broker = await startEmbeddedBroker({
        settings: settings.broker,
        logins: services.logins,
        siteTopics: siteTopics(settings, services.site.site.id),
        log,
        onConnection: (ip, open) => context.onConnection(ip, open),
      });
      url = `mqtt://${reachable(broker.address)}`;
    } else {
      url = settings.broker.url;
      if (stateDir) backlog = DiskBacklog.open(join(stateDir, 'backlog'), settings.buffer, log);
    }
    const external = settings.broker.kind === 'external' ? settings.broker : null;
    let publishers: Publisher[] = [];
    const connection: BrokerConnection = {
      url,
      username: broker ? broker.own.username : (external?.username ?? null),
      password: broker ? broker.own.password : (external?.password ?? null),
      ca: external?.ca ?? null,
      cert: external?.cert ?? null,
      key: external?.key ?? null,
      // The embedded broker (aedes) speaks MQTT 3.1.1 only.
      protocolVersion: broker ? 4 : settings.protocolVersion,
    };
    const link = new ClientLink({
      ...connection,
      clientId: settings.clientId,
      will: () => publishers.find((p) => p.will)?.will?.() ?? null,
      finalize: (message, replayed) => {
        const by = publishers.find((p) => p.finalize);
        return by?.finalize ? by.finalize(message, replayed) : message;
      },
      backlog,
      log,
    });
    const commands: CommandSource = broker ? broker.commands : linkCommands(link, settings.commandRole);
    // Through an external broker, the Sparkplug host applications' STATE tells who reads the site.
    const hostStates = broker
      ? null
      : followHostStates(link, (host, online) => context.onConnection(`sparkplug-host:${host}`, online));
    const publisherContext = { services, settings, connection, link, commands, stateDir, log };
    publishers = PUBLISHERS.flatMap((start) => start(publisherContext) ?? []);
    // The embedded broker is ours: its first session is waited for. An external one may be down: the start
    // goes on and the backlog keeps what is published until it answers.
    if (broker) {
      const refused = new Promise<'late'>((resolve) =>
        setTimeout(() => resolve('late'), OWN_LINK_WAIT_MS).unref(),
      );
      if ((await Promise.race([link.start(true), refused])) === 'late') {
        const why = link.status().lastError ?? 'no answer';
        for (const p of publishers) await p.close();
        await link.close();
        await broker.close(0);
        throw new Error(`the embedded broker did not let Pointyard's own connection in: ${why}`);
      }
    } else await link.start(false);
    const address = broker ? broker.address : url;
    const banner = [broker ? `MQTT broker: mqtt://${broker.address}` : `MQTT: publishing to ${url}`];
    return {
      address,
      banner,
      async resync() {
        for (const p of publishers) p.resync();
        return 'every point and birth published again on MQTT';
      },
      status: () => ({
        broker: broker
          ? { kind: 'embedded', address: broker.address, ...broker.status() }
          : { kind: 'external', url, hostApplications: hostStates?.online() ?? [] },
        link: link.status(),
        publishers: publishers.map((p) => p.status()),
      }),
      async close(graceMs) {
        for (const p of publishers) await p.close();
        await link.close();
        hostStates?.close();
        backlog?.close();
        await broker?.close(graceMs);
      },
    };
  },
};
