// The Modbus plug-in's server service: `start`'s Modbus options, the settings of `server.modbus` merged with
// them (settings.ts), and the Modbus TCP server (server.ts) started on the running site's services.

import { portNumber } from '../../util/port-number.js';
import type { ServerService } from '../server-service.js';
import { type ModbusServerSettings, startModbusServer } from './server.js';
import { modbusSettings } from './settings.js';

export const modbusServerService: ServerService<ModbusServerSettings> = {
  options: [
    {
      flags: '--modbus-port <port>',
      description: 'port of the Modbus TCP server (default: the site file’s server.modbus.port, else 5020)',
      parse: portNumber,
    },
    {
      flags: '--modbus-host <address>',
      description:
        'address of the Modbus TCP server (default: --host, else the site file’s server.modbus.host, else 127.0.0.1)',
    },
    {
      flags: '--modbus-read-only',
      description: 'serve Modbus reads only: every write is refused (exception 01)',
    },
    { flags: '--no-modbus', description: 'do not serve Modbus TCP' },
  ],

  settings(site, options, common) {
    const { settings, problems } = modbusSettings(
      site,
      {
        enabled: options.modbus as boolean | undefined,
        host: options.modbusHost as string | undefined,
        port: options.modbusPort as number | undefined,
        readOnly: options.modbusReadOnly as boolean | undefined,
      },
      common.host,
    );
    if (!settings.enabled) return { settings: null, problems };
    const { enabled: _, ...served } = settings;
    return { settings: served, problems };
  },

  where: (settings) => `${settings.host}:${settings.port}`,

  async start(settings, context) {
    const server = await startModbusServer({ ...settings, ...context });
    return { address: server.address, close: (graceMs) => server.close(graceMs) };
  },
};
