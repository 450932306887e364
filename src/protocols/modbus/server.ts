// The Modbus TCP server: every device of the site on one port, addressed by its unit id, served from the
// point store and written through the one write path. A bounded number of connections; `close` ends them all.

import { createServer, type Socket } from 'node:net';
import type { Role, Services } from '../../runtime/services/services.js';
import { ModbusConnection } from './connection.js';
import { EXCEPTION, type OfflineException } from './constants.js';
import { identityObjects } from './device-id.js';
import type { WordOrder } from './register-codec.js';
import { type ModbusLogger, RequestHandler } from './request-handler.js';
import { bindUnits, type DeviceOptions } from './units.js';

export interface ModbusServerSettings {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Refuse every write (exception 01). */
  readOnly: boolean;
  /** Priority level of Modbus writes, 1–16. */
  priority: number;
  /** The role every master writes with (Modbus has no login): what it may write, as a user of that role. */
  role: Role;
  /** Word order of 32-bit values and the zero-gaps option of every device, unless `devices` says otherwise. */
  wordOrder: WordOrder;
  zeroGaps: boolean;
  /** Options of single devices, by device id. */
  devices: Record<string, Partial<DeviceOptions>>;
  /** A connection silent this long is closed; 0 never. */
  idleTimeoutMs: number;
  /** Connections beyond this many are closed as soon as they open. */
  maxConnections: number;
  /** Answer to a read of a point with no current value (its real device is down or not read yet). */
  offlineException: OfflineException;
}

export const MODBUS_DEFAULTS: ModbusServerSettings = {
  host: '127.0.0.1',
  port: 5020,
  readOnly: false,
  priority: 16,
  role: 'operator',
  wordOrder: 'high-first',
  zeroGaps: false,
  devices: {},
  idleTimeoutMs: 60_000,
  maxConnections: 100,
  offlineException: EXCEPTION.gatewayTargetFailedToRespond,
};

export interface ModbusServerOptions extends Partial<ModbusServerSettings> {
  /** What the server sees of the running site (`runtime.services`): its points and the write path. */
  services: Pick<Services, 'site' | 'points' | 'writes'>;
  log?: ModbusLogger;
  /** A master sent a request (its IP address): the parking server counts it as a BMS client. */
  onRequest?: (remoteAddress: string) => void;
  /** A master connected (`open` true) or went away. */
  onConnection?: (remoteAddress: string, open: boolean) => void;
}

export interface ModbusServer {
  host: string;
  port: number;
  /** `host:port`, as `start` prints it. */
  address: string;
  /** Connections open now. */
  readonly connections: number;
  /**
   * Stops listening and ends every connection (answers already written go out first); connections still
   * open `graceMs` later are destroyed. Without a grace, every connection is destroyed at once.
   */
  close(graceMs?: number): Promise<void>;
}

export async function startModbusServer(options: ModbusServerOptions): Promise<ModbusServer> {
  const settings = settingsOf(options);
  const { services, log } = options;
  const { site } = services;
  const units = bindUnits(
    site,
    services.points,
    { wordOrder: settings.wordOrder, zeroGaps: settings.zeroGaps },
    settings.devices,
  );
  const identities = new Map<number, Map<number, Buffer>>();
  for (const binding of units) {
    if (!binding) continue;
    const { device } = binding;
    identities.set(
      binding.unit,
      identityObjects({
        profileId: device.profile.id,
        profileName: device.profile.name,
        localName: device.profile.localName,
        deviceId: device.id,
        deviceName: device.name,
        siteName: site.site.name,
      }),
    );
  }
  const handler = new RequestHandler({
    units,
    identities,
    points: services.points,
    writes: services.writes,
    readOnly: settings.readOnly,
    priority: settings.priority,
    role: settings.role,
    offlineException: settings.offlineException,
    ...(log ? { log } : {}),
  });
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const ip = socket.remoteAddress ?? 'unknown';
    if (sockets.size >= settings.maxConnections) {
      log?.warn(
        { remote: ip, limit: settings.maxConnections },
        'modbus connection refused: too many connections',
      );
      socket.destroy();
      return;
    }
    sockets.add(socket);
    options.onConnection?.(ip, true);
    log?.info({ remote: `${ip}:${socket.remotePort}`, connections: sockets.size }, 'modbus client connected');
    socket.once('close', () => {
      sockets.delete(socket);
      options.onConnection?.(ip, false);
      log?.info(
        { remote: `${ip}:${socket.remotePort}`, connections: sockets.size },
        'modbus client disconnected',
      );
    });
    const onRequest = options.onRequest;
    new ModbusConnection(socket, {
      handler,
      idleTimeoutMs: settings.idleTimeoutMs,
      ...(log ? { log } : {}),
      ...(onRequest ? { onRequest: () => onRequest(ip) } : {}),
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: settings.host, port: settings.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log?.error({ err }, 'modbus server error'));
  const port = (server.address() as { port: number }).port;
  const address = `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  log?.info({ address, devices: identities.size, readOnly: settings.readOnly }, 'modbus tcp listening');
  return {
    host: settings.host,
    port,
    address,
    get connections() {
      return sockets.size;
    },
    close: (graceMs = 0) =>
      new Promise<void>((resolve) => {
        const destroyAll = () => {
          for (const socket of sockets) socket.destroy();
        };
        const timer = graceMs > 0 ? setTimeout(destroyAll, graceMs) : null;
        server.close(() => {
          if (timer) clearTimeout(timer);
          resolve();
        });
        if (timer) for (const socket of sockets) socket.end();
        else destroyAll();
      }),
  };
}

/** The defaults, overridden by the options given. */
function settingsOf(options: Partial<ModbusServerSettings>): ModbusServerSettings {
  const settings = { ...MODBUS_DEFAULTS };
  for (const key of Object.keys(MODBUS_DEFAULTS) as Array<keyof ModbusServerSettings>) {
    if (options[key] !== undefined) Object.assign(settings, { [key]: options[key] });
  }
  return settings;
}
