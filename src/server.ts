// The composition root: builds a running Pointyard from a site and its settings, store → runtime → services,
// with one start/stop life cycle. Start: the data folder's lock, the store, the runtime, the HTTP host
// (Haystack's API, the web UI, file downloads), the Modbus server, then the devices. Stop (and a start that
// fails half way): the one ordered stop of runtime/shutdown.ts, which releases the lock last.

import { mkdirSync } from 'node:fs';
import { loadFakeSaltSecret } from './auth/fake-salt-secret.js';
import { ensureAdmin } from './auth/first-admin.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { healthOf } from './http/health.js';
import { createHttpHost } from './http/host.js';
import { ParkingEffects } from './parking/effects.js';
import { RealEnvironment } from './parking/real-environment.js';
import { ServerMetrics } from './parking/server-metrics.js';
import { Authenticator } from './protocols/haystack/auth/authenticator.js';
import { haystackRoutes } from './protocols/haystack/server.js';
import { modbusDriverFor } from './protocols/modbus/gateway/modbus-device.js';
import { type ModbusServer, startModbusServer } from './protocols/modbus/server.js';
import type { ModbusSettings } from './protocols/modbus/settings.js';
import { Runtime } from './runtime/runtime.js';
import {
  type ClosableServer,
  SHUTDOWN_GRACE_MS,
  type ShutdownOutcome,
  shutdown,
} from './runtime/shutdown.js';
import type { Site } from './site/model.js';
import { openStore } from './store/open.js';
import type { SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';
import { AlreadyRunning, type InstanceLock, lockDataFolder } from './util/instance-lock.js';

export interface ServerOptions {
  site: Site;
  /** The data folder (made if missing, owner-only): locked for this server, the store's and reports' home. */
  dataDir: string;
  /** An already opened store (tests); by default the site's store engine is opened in `dataDir`. */
  store?: Store;
  /** Options of the SQLite engine when the server opens it (integrity check, new databases). */
  sqlite?: Pick<SqliteStoreOptions, 'check' | 'acceptNewDatabase'>;
  clock: Clock;
  seed: string | number;
  log: Logger;
  /** Null serves no HTTP; host and port over the site file's `server.http` (else 127.0.0.1:8080). */
  http: { host?: string; port?: number; webUiDir?: string | null } | null;
  /** The Modbus server's settings, site file and flags merged (protocols/modbus/settings.ts). */
  modbus: ModbusSettings;
  /** Where the first admin's password is read from (`POINTYARD_ADMIN_PASSWORD`); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Messages for the person who started it (the first admin's generated password). */
  tell?: (text: string) => void;
  /** Time given to requests under way when stopping, ms (default 1,500). */
  stopGraceMs?: number;
}

export interface RunningServer {
  site: Site;
  dataDir: string;
  store: Store;
  runtime: Runtime;
  /** Haystack's API URL (`http://127.0.0.1:8080/api/`) and the host's origin, or null without HTTP. */
  http: { url: string; origin: string } | null;
  /** The Modbus server's `host:port`, or null without one. */
  modbus: { address: string } | null;
  /** The ordered stop; `signal` (SIGTERM…) is logged. Calling it again answers the same stop. */
  stop(signal?: string): Promise<ShutdownOutcome>;
}

/** A start that failed: `message` is for a person; the ordered stop has run ('timed out' when it did not end). */
export class StartFailed extends Error {
  constructor(
    message: string,
    readonly cleanup: ShutdownOutcome | 'nothing started',
  ) {
    super(message);
  }
}

/** Takes the data folder's lock; undefined when the lock cannot be made (the store's checks then say why). */
async function tryLock(dataDir: string): Promise<InstanceLock | undefined> {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return await lockDataFolder(dataDir);
  } catch (err) {
    if (err instanceof AlreadyRunning) throw new StartFailed(err.message, 'nothing started');
    return undefined;
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { site, dataDir, log } = options;
  // The folder's lock first, so that a second start never opens (nor checks, nor tightens) the databases of a
  // running one.
  let lock = await tryLock(dataDir);
  let store: Store;
  try {
    store =
      options.store ??
      (await openStore(
        { engine: site.store.engine, path: dataDir },
        {
          sqlite: {
            ...options.sqlite,
            onTightened: (path, from, to) =>
              log.warn(
                { path, from: from.toString(8), to: to.toString(8) },
                'data file or folder was readable by others: made owner-only',
              ),
          },
        },
      ));
  } catch (err) {
    lock?.release();
    throw new StartFailed((err as Error).message, 'nothing started');
  }
  if (!lock) {
    try {
      lock = await lockDataFolder(dataDir);
    } catch (err) {
      await store.close().catch(() => {});
      throw new StartFailed(
        `cannot lock the data folder ${dataDir}: ${(err as Error).message}`,
        'nothing started',
      );
    }
  }
  const metrics = new ServerMetrics();
  let runtime: Runtime | null = null;
  /** The servers started so far: the stop closes them. */
  const servers: ClosableServer[] = [];
  let stopping: Promise<ShutdownOutcome> | null = null;
  const stop = (signal?: string) => {
    if (signal) log.info({ signal }, 'stopping');
    stopping ??= shutdown({
      refuseWrites: () => runtime?.writes.close(),
      writesAnswered: () => runtime?.writes.answered() ?? Promise.resolve(),
      servers,
      stopRuntime: () => runtime?.stop() ?? Promise.resolve(),
      closeStore: () => store.close(),
      releaseLock: () => lock?.release(),
      log,
      graceMs: options.stopGraceMs ?? SHUTDOWN_GRACE_MS,
    });
    return stopping;
  };
  /** Stops what started, in order, and fails with `message`. */
  const abandon = async (message: string): Promise<never> => {
    throw new StartFailed(message, await stop());
  };

  try {
    runtime = await Runtime.open({
      site,
      store,
      clock: options.clock,
      seed: options.seed,
      recordHistory: true,
      log,
      environment: new RealEnvironment(store, metrics, () => runtime?.activeDevices() ?? 0),
      effects: new ParkingEffects(site, store, dataDir, log),
      driverFor: modbusDriverFor,
    });
  } catch (err) {
    return abandon(`cannot start ${site.site.id}: ${(err as Error).message}`);
  }
  const running = runtime;

  let http: RunningServer['http'] = null;
  if (options.http) {
    const settings = (site.server.http ?? {}) as { host?: unknown; port?: unknown };
    const host = options.http.host ?? (typeof settings.host === 'string' ? settings.host : '127.0.0.1');
    const port = options.http.port ?? (typeof settings.port === 'number' ? settings.port : 8080);
    try {
      await ensureAdmin(store, options.env ?? process.env, options.tell ?? (() => {}));
      const authenticator = new Authenticator({
        store,
        log,
        fakeSecret: loadFakeSaltSecret(dataDir),
        onSecurityIncident: () => metrics.securityIncident(),
      });
      const httpHost = createHttpHost({ health: () => healthOf(site, store) });
      // Closed by the stop from here on, even when it never listens.
      servers.push({ name: 'http', close: (graceMs) => httpHost.close(graceMs) });
      httpHost.mount(haystackRoutes, {
        site,
        runtime: running,
        log,
        authenticator,
        dataDir,
        onRequest: () => metrics.countRequest(Date.now()),
        ...(options.http.webUiDir !== undefined ? { webUiDir: options.http.webUiDir } : {}),
      });
      const { origin } = await httpHost.listen(host, port);
      http = { url: `${origin}/api/`, origin };
      log.info({ url: http.url }, 'haystack api listening');
    } catch (err) {
      return abandon(`cannot serve HTTP on ${host}:${port}: ${(err as Error).message}`);
    }
  }

  let modbus: ModbusServer | null = null;
  if (options.modbus.enabled) {
    const { enabled: _, ...settings } = options.modbus;
    try {
      const server = await startModbusServer({
        services: running.services,
        ...settings,
        log,
        onRequest: (ip) => metrics.clientSeen(`modbus:${ip}`, Date.now()),
        onConnection: (ip, open) => metrics.connection(`modbus:${ip}`, open, Date.now()),
      });
      modbus = server;
      servers.push({ name: 'modbus', close: (graceMs) => server.close(graceMs) });
    } catch (err) {
      return abandon(
        `cannot serve Modbus TCP on ${settings.host}:${settings.port}: ${(err as Error).message}`,
      );
    }
  }

  running.start();
  return {
    site,
    dataDir,
    store,
    runtime: running,
    http,
    modbus: modbus ? { address: modbus.address } : null,
    stop,
  };
}
