// The OCPP plug-in's server service: `start`'s OCPP options, the settings of `server.ocpp` merged with them
// (ocpp-settings.ts), and the CSMS started on the running site's services. While it listens the parking
// server's OCPP Backend Status is RUNNING.

import { portNumber } from '../../util/port-number.js';
import type { ServerService } from '../server-service.js';
import { Csms } from './csms.js';
import { listenersOf } from './gateway-listeners.js';
import { type OcppSettings, ocppSettings } from './ocpp-settings.js';

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

  where: (settings) => `${settings.host}:${settings.port}`,

  async start(settings, context) {
    const { services } = context;
    const listeners = listenersOf(services.site.devices);
    const csms = new Csms({
      settings,
      charging: services.charging,
      clock: services.clock,
      log: context.log,
      onSecurityIncident: () => context.onSecurityIncident?.(),
      listenerOf: (id) => listeners.get(id),
    });
    const address = await csms.listen();
    const detach = services.chargingBackend.attach(csms);
    context.onChargingBackend?.(true);
    const url = `${settings.tls ? 'wss' : 'ws'}://${address}${settings.path}/<chargePointId>`;
    return {
      address,
      banner: [`OCPP 1.6-J: ${url}`],
      async close(graceMs) {
        context.onChargingBackend?.(false);
        detach();
        await csms.close(graceMs);
      },
    };
  },
};
