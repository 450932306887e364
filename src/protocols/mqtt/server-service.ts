// The MQTT plug-in's server service: `start`'s MQTT options, `server.mqtt` merged with them (mqtt-settings.ts),
// then the broker (the embedded one, or an external one by URL with the disk backlog for its outages), and
// Pointyard's own session on it (link-session.ts: the link and the publishers). On an external broker that
// session runs only while this node plays the `mqtt` role (alone: always; in a cluster: one node at a time).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { portNumber } from '../../util/port-number.js';
import { reachable } from '../reachable-address.js';
import { followRole } from '../role-gate.js';
import type { ServerService } from '../server-service.js';
import { startEmbeddedBroker } from './broker/embedded-broker.js';
import { DiskBacklog } from './link/disk-backlog.js';
import type { BrokerConnection } from './link/link.js';
import { openLinkSession } from './link-session.js';
import { type MqttSettings, mqttSettings } from './mqtt-settings.js';

/**
 * The node-wide role of publishing to an external broker: in a cluster one node at a time plays it (the
 * embedded broker runs on every node and needs none).
 */
export const MQTT_ROLE = 'mqtt';

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

  // Publishing to an external broker (and taking commands from it) is one node's job in a cluster.
  clusterRoles: (settings) => (settings.broker.kind === 'external' ? [MQTT_ROLE] : []),

  async start(settings, context) {
    const { services, log } = context;
    const stateDir = context.stateDir ?? null;
    if (stateDir) mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const onHost = (host: string, online: boolean) => context.onConnection(`sparkplug-host:${host}`, online);
    if (settings.broker.kind === 'external') {
      const external = settings.broker;
      const backlog = stateDir ? DiskBacklog.open(join(stateDir, 'backlog'), settings.buffer, log) : null;
      const connection: BrokerConnection = {
        url: external.url,
        username: external.username,
        password: external.password,
        ca: external.ca,
        cert: external.cert,
        key: external.key,
        protocolVersion: settings.protocolVersion,
      };
      // An external broker may be down: the session starts anyway and the backlog keeps what is published
      // until it answers. In a cluster the session runs on the node playing the role only.
      const gate = followRole({
        roles: services.roles,
        role: MQTT_ROLE,
        log,
        start: async () => {
          const session = openLinkSession({
            settings,
            context: { services, stateDir, log },
            broker: null,
            connection,
            backlog,
            onHost,
          });
          await session.link.start(false);
          return session;
        },
        stop: (session) => session.close(),
      });
      await gate.settled();
      return {
        address: external.url,
        banner: [`MQTT: publishing to ${external.url}`],
        async resync() {
          const session = gate.current();
          if (!session) return 'MQTT: another node of the cluster publishes to the broker';
          session.resync();
          return 'every point and birth published again on MQTT';
        },
        status: () => {
          const session = gate.current()?.status() ?? null;
          return {
            broker: {
              kind: 'external',
              url: external.url,
              hostApplications: session?.hostApplications ?? [],
            },
            // In a cluster: whether this node plays the role (publishes) now.
            publishing: session !== null,
            ...(session ? { link: session.link, publishers: session.publishers } : {}),
          };
        },
        async close() {
          await gate.close();
          backlog?.close();
        },
      };
    }
    const broker = await startEmbeddedBroker({
      settings: settings.broker,
      logins: services.logins,
      siteTopics: siteTopics(settings, services.site.site.id),
      log,
      onConnection: (ip, open) => context.onConnection(ip, open),
    });
    const session = openLinkSession({
      settings,
      context: { services, stateDir, log },
      broker,
      // The embedded broker (aedes) speaks MQTT 3.1.1 only.
      connection: {
        url: `mqtt://${reachable(broker.address)}`,
        username: broker.own.username,
        password: broker.own.password,
        ca: null,
        cert: null,
        key: null,
        protocolVersion: 4,
      },
      backlog: null,
      onHost,
    });
    // The embedded broker is ours: its first session is waited for.
    const refused = new Promise<'late'>((resolve) =>
      setTimeout(() => resolve('late'), OWN_LINK_WAIT_MS).unref(),
    );
    if ((await Promise.race([session.link.start(true), refused])) === 'late') {
      const why = session.link.status().lastError ?? 'no answer';
      await session.close();
      await broker.close(0);
      throw new Error(`the embedded broker did not let Pointyard's own connection in: ${why}`);
    }
    return {
      address: broker.address,
      banner: [`MQTT broker: mqtt://${broker.address}`],
      async resync() {
        session.resync();
        return 'every point and birth published again on MQTT';
      },
      status: () => {
        const { link, publishers } = session.status();
        return {
          broker: { kind: 'embedded', address: broker.address, ...broker.status() },
          link,
          publishers,
        };
      },
      async close(graceMs) {
        await session.close();
        await broker.close(graceMs);
      },
    };
  },
};
