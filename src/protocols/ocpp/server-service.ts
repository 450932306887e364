// The OCPP plug-in's server service: `start`'s OCPP options, the settings of `server.ocpp` merged with them
// (ocpp-settings.ts), the CSMS started on the running site's services (while it listens the parking
// server's OCPP Backend Status is RUNNING), then the site's simulated chargers as its charge points
// (fleet/), or as charge points of a foreign CSMS (`server.ocpp.chargers.url`). On a node of a cluster each
// node runs its own CSMS, and the chargers whose devices it runs connect to it (csms-cluster-backend.ts
// reaches the charge points connected to the other nodes).

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { portNumber } from '../../util/port-number.js';
import { reachable } from '../reachable-address.js';
import type { ServerService } from '../server-service.js';
import { Csms } from './csms.js';
import { ClusterChargingBackend } from './csms-cluster-backend.js';
import { ChargePointFleet, chargePointDevices } from './fleet/fleet.js';
import { listenersOf } from './gateway-listeners.js';
import { LOAD_SHARING_ROLE, LoadSharing } from './load-sharing.js';
import { type OcppSettings, ocppSettings } from './ocpp-settings.js';
import { hashPassword } from './password-hash.js';
import { seedIdTags } from './seed-id-tags.js';

/** PBKDF2 iterations of the run's own secret: 24 random bytes need no stretching, the format's minimum does. */
const OWN_SECRET_ITERATIONS = 1000;

export const ocppServerService: ServerService<OcppSettings> = {
  options: [
    {
      flags: '--ocpp-port <port>',
      description:
        'TCP port of the OCPP 1.6-J central system (default: the site file’s server.ocpp.port, else 9000)',
      parse: portNumber,
    },
    {
      flags: '--ocpp-host <address>',
      description:
        'address of the OCPP central system (default: --host, else the site file’s server.ocpp.host, else 127.0.0.1)',
    },
    { flags: '--no-ocpp', description: 'do not serve OCPP' },
  ],

  settings(site, options, common) {
    return ocppSettings(
      site,
      {
        enabled: options.ocpp as boolean | undefined,
        host: options.ocppHost as string | undefined,
        port: options.ocppPort as number | undefined,
      },
      common.host,
    );
  },

  // The load sharing runs on one node of a cluster for every charge point (load-sharing.ts).
  clusterRoles: (settings) => (settings.sharesLoad ? [LOAD_SHARING_ROLE] : []),

  where: (settings) => `${settings.host}:${settings.port}`,

  async start(settings, context) {
    const { services, log } = context;
    const own = settings.chargers?.url === null ? chargePointDevices(services) : [];
    // The site's own chargers log in to the built-in CSMS with a secret made for this run (random, so that
    // a cheap hash of it is enough).
    const secret = randomBytes(24).toString('base64url');
    let csms: Csms | null = null;
    let address = '';
    const banner: string[] = [];
    if (settings.serveCsms) {
      await seedIdTags(services, settings.idTags);
      const ownHash = own.length > 0 ? await hashPassword(secret, OWN_SECRET_ITERATIONS) : '';
      const chargePoints = {
        ...settings.chargePoints,
        ...Object.fromEntries(own.map((d) => [d.id, { passwordHash: ownHash }])),
      };
      // A real charge point connected here: its device is asked to run here (in a cluster it moves here).
      const listeners = listenersOf(services.site.devices, (device, wanted) =>
        services.ownership.want(device, wanted),
      );
      csms = new Csms({
        settings: { ...settings, chargePoints },
        charging: services.charging,
        clock: services.clock,
        log,
        onSecurityIncident: () => context.onSecurityIncident?.(),
        listenerOf: (id) => listeners.get(id),
      });
      address = await csms.listen();
      context.onChargingBackend?.(true);
      banner.push(`OCPP 1.6-J: ${settings.tls ? 'wss' : 'ws'}://${address}${settings.path}/<chargePointId>`);
    }
    // The ops' back end: this node's central system, and the other nodes' through owner calls (in a cluster).
    const backend = csms ? new ClusterChargingBackend(services, csms) : null;
    const unserve = backend?.serve() ?? (() => {});
    const detach = backend ? services.chargingBackend.attach(backend) : () => {};
    const sharing = backend ? new LoadSharing(services, backend, log) : null;
    sharing?.start();
    let fleet: ChargePointFleet | null = null;
    const chargers = settings.chargers;
    if (chargers) {
      const builtIn = chargers.url === null;
      const url = builtIn
        ? `${settings.tls ? 'wss' : 'ws'}://${reachable(address)}${settings.path}`
        : (chargers.url as string);
      const ca = builtIn && settings.tls ? readFileSync(settings.tls.cert, 'utf8') : chargers.ca;
      fleet = await ChargePointFleet.start(
        services,
        {
          url,
          password: builtIn
            ? own.some((d) => !settings.chargePoints[d.id])
              ? secret
              : null
            : chargers.password,
          ca,
          meterValueSampleInterval: chargers.meterValueSampleInterval,
        },
        log,
      );
      if (fleet.chargers > 0)
        banner.push(`OCPP charge points: ${fleet.chargers} simulated chargers → ${url}`);
    }
    return {
      address: address || (chargers?.url ?? ''),
      banner,
      async close(graceMs) {
        sharing?.stop();
        await fleet?.stop();
        if (csms) {
          context.onChargingBackend?.(false);
          detach();
          unserve();
          await csms.close(graceMs);
        }
      },
    };
  },
};
