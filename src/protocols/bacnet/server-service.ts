// The BACnet plug-in's server service: `start`'s BACnet options, the settings of `server.bacnet` merged with
// them (bacnet-settings.ts), and the network side started on the running site's services: the UDP endpoint,
// the router and its virtual network, the transactions, the registration with a BBMD as a foreign device
// when one is set (foreign-device.ts: broadcasts then go through the BBMD); the application (objects and
// services) is built by the factory the plug-in passes, with the outbound port of this network side.

import { type Clock, RealClock } from '../../core/clock.js';
import { pointsWithRole } from '../../points/special-roles.js';
import type { Services } from '../../runtime/services/services.js';
import type { Site } from '../../site/model.js';
import { portNumber } from '../../util/port-number.js';
import type { ServerService } from '../server-service.js';
import type { BacnetApplication, BacnetApplicationFactory, BacnetOutbound } from './application.js';
import { type BacnetSettings, bacnetSettings, bbmdAddress } from './bacnet-settings.js';
import { type BipAddress, encodeFrame, type Frame, UnconfirmedService } from './codec/index.js';
import { ForeignDeviceRegistration, type ForeignDeviceSettings } from './foreign-device.js';
import { BacnetRouter, bipText, outboundOf, type RouterLink } from './router.js';
import {
  ClientTransactions,
  ServerTransactions,
  TRANSACTION_DEFAULTS,
  type TransactionTiming,
} from './transactions.js';
import { type EndpointCounters, UdpEndpoint } from './udp-endpoint.js';

export type { BacnetSettings } from './bacnet-settings.js';

/** The device that answers on the IP network: the one whose profile holds the System Enable, else the first. */
export function ipDeviceIdOf(site: Site): string | null {
  const holder = site.devices.find((d) => pointsWithRole(d.profile, 'system-enable').length > 0);
  return (holder ?? site.devices[0])?.id ?? null;
}

export interface BacnetNetworkOptions {
  readonly host: string;
  readonly port: number;
  readonly network: number;
  readonly ipNetwork: number;
  /** Where broadcasts go; null: worked out from `host`. */
  readonly broadcast?: string | null;
  /** The device on the IP network (see ipDeviceIdOf); null: the first. */
  readonly ipDeviceId: string | null;
  /** Builds the application with the outbound port. */
  readonly application: (outbound: BacnetOutbound) => BacnetApplication;
  /** Timers of the transactions; default: real time. */
  readonly clock?: Clock;
  readonly timing?: TransactionTiming;
  /** A person-readable line for each refusal and dropped datagram, and a failed foreign-device registration. */
  readonly log?: (line: string) => void;
  /** A person-readable line for what goes well but people want to know (a registration made). */
  readonly note?: (line: string) => void;
  /** Register with this BBMD as a foreign device; none: broadcasts stay on the local subnet. */
  readonly foreignDevice?: ForeignDeviceSettings | null;
  /** A datagram carrying a request arrived from this IP address. */
  readonly onRequest?: (remoteAddress: string) => void;
}

/** A running network side. */
export interface BacnetNetwork {
  /** Where it is bound. */
  readonly address: BipAddress;
  readonly counters: EndpointCounters;
  /** The registration with a BBMD as a foreign device, or null when none is set. */
  readonly foreignDevice: ForeignDeviceRegistration | null;
  /** Stops the timers and closes the socket (UDP holds no connection: `graceMs` is not waited for). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Whether a datagram is a client's request (counted by the server metrics): a confirmed request, Who-Is,
 * Who-Has or Who-Is-Router-To-Network; not an answer, an announcement or the router's own broadcast.
 */
export function isRequest(frame: Frame): boolean {
  const apdu = frame.apdu;
  if (apdu?.type === 'confirmed-request') return true;
  if (apdu?.type === 'unconfirmed-request')
    return apdu.service === UnconfirmedService.WHO_IS || apdu.service === UnconfirmedService.WHO_HAS;
  return frame.networkMessage?.type === 'who-is-router-to-network';
}

/** Binds the endpoint, builds the application and the router, and announces the virtual network. */
export async function startBacnetNetwork(options: BacnetNetworkOptions): Promise<BacnetNetwork> {
  const clock = options.clock ?? new RealClock();
  const timing = options.timing ?? TRANSACTION_DEFAULTS;
  const log = options.log ?? (() => {});
  const client = new ClientTransactions(clock, timing);
  let router: BacnetRouter | null = null;
  const outbound = outboundOf((from, to, apdu) => router?.sendTo(from, to, apdu), client);
  const application = options.application(outbound);
  const server = new ServerTransactions(application, clock, timing, log);
  let endpoint: UdpEndpoint | null = null;
  const send = (datagram: Uint8Array, to: BipAddress) => endpoint?.send(datagram, to);
  const registration = options.foreignDevice
    ? new ForeignDeviceRegistration(options.foreignDevice, {
        send,
        clock,
        answerTimeoutMs: timing.apduTimeoutMs,
        warn: log,
        note: options.note ?? (() => {}),
        // What was broadcast on the local subnet only at start now reaches the BBMD's network too.
        onRegistered: () => router?.announce(),
      })
    : null;
  const link: RouterLink = {
    send,
    broadcast(frame) {
      if (!endpoint) return;
      if (registration?.registered)
        send(encodeFrame({ bvlc: 'distribute-broadcast', ...frame }), registration.settings.bbmd);
      else send(encodeFrame({ bvlc: 'original-broadcast', ...frame }), endpoint.broadcastAddress);
    },
    answersThroughBbmd: (from) =>
      registration?.registered === true && bipText(from) === bipText(registration.settings.bbmd),
  };
  const bound = new BacnetRouter(application, server, client, link, {
    network: options.network,
    ipNetwork: options.ipNetwork,
    ipDeviceId: options.ipDeviceId,
  });
  endpoint = await UdpEndpoint.bind(
    options.host,
    options.port,
    (received) => {
      if (isRequest(received.frame)) options.onRequest?.(received.replyTo.address);
      bound.receive(received);
    },
    {
      broadcast: options.broadcast,
      onDrop: (from, why) => log(`BACnet: datagram from ${bipText(from)} dropped: ${why}`),
      ...(registration ? { onResult: (code, from) => registration.result(code, from) } : {}),
    },
  );
  router = bound;
  bound.announce();
  registration?.start();
  const running = endpoint;
  return {
    address: running.address,
    counters: running.counters,
    foreignDevice: registration,
    async close() {
      registration?.close();
      server.close();
      client.close();
      application.close?.();
      await running.close();
    },
  };
}

/** The server service of the BACnet plug-in; `createApplication` builds the application side. */
export function bacnetServerService(
  createApplication: BacnetApplicationFactory<Services>,
): ServerService<BacnetSettings> {
  return {
    options: [
      {
        flags: '--bacnet-port <port>',
        description:
          'UDP port of the BACnet/IP server (default: the site file’s server.bacnet.port, else 47808)',
        parse: portNumber,
      },
      {
        flags: '--bacnet-host <address>',
        description:
          'IPv4 address of the BACnet/IP server (default: --host, else the site file’s server.bacnet.host, else 127.0.0.1)',
      },
      {
        flags: '--bacnet-bbmd <ip[:port]>',
        description:
          'register as a foreign device with this BBMD, broadcasts going through it (default: the site file’s server.bacnet.foreignDevice)',
        parse: bbmdAddress,
      },
      { flags: '--no-bacnet', description: 'do not serve BACnet/IP' },
    ],

    settings(site, options, common) {
      const { settings, problems } = bacnetSettings(
        site,
        {
          enabled: options.bacnet as boolean | undefined,
          host: options.bacnetHost as string | undefined,
          port: options.bacnetPort as number | undefined,
          bbmd: options.bacnetBbmd as BipAddress | undefined,
        },
        common.host,
      );
      if (!settings.enabled) return { settings: null, problems };
      const { enabled: _, ...served } = settings;
      return { settings: served, problems };
    },

    where: (settings) => `${settings.host}:${settings.port}`,

    async start(settings, context) {
      const network = await startBacnetNetwork({
        host: settings.host,
        port: settings.port,
        network: settings.network,
        ipNetwork: settings.ipNetwork,
        broadcast: settings.broadcast,
        ipDeviceId: ipDeviceIdOf(context.services.site),
        application: (outbound) => createApplication(context.services, outbound),
        log: (line) => context.log.warn(line),
        note: (line) => context.log.info(line),
        onRequest: (address) => context.onRequest(address),
        foreignDevice: settings.foreignDevice,
      });
      const address = bipText(network.address);
      const registration = network.foreignDevice;
      // The banner says how the registration went: the BBMD's answer, or none within the APDU timeout.
      await registration?.firstOutcome();
      return {
        address,
        banner: [
          `BACnet/IP: ${address} (router to network ${settings.network})`,
          ...(registration ? [`BACnet/IP: ${registration.describe()}`] : []),
        ],
        close: () => network.close(),
      };
    },
  };
}
