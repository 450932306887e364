// `pointyard start`: runs a site in real time (or faster) with its store, until SIGINT or SIGTERM.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { ParkingEffects } from '../parking/effects.js';
import { RealEnvironment } from '../parking/real-environment.js';
import { ServerMetrics } from '../parking/server-metrics.js';
import { Authenticator } from '../protocols/haystack/auth/authenticator.js';
import { loadFakeSaltSecret } from '../protocols/haystack/auth/fake-salt-secret.js';
import { ensureAdmin } from '../protocols/haystack/auth/first-admin.js';
import { type HaystackServer, startHaystackServer } from '../protocols/haystack/server.js';
import { DEFAULT_WEB_UI_DIR, hasWebUi } from '../protocols/haystack/web-ui.js';
import { modbusDriverFor } from '../protocols/modbus/gateway/modbus-device.js';
import { type ModbusServer, startModbusServer } from '../protocols/modbus/server.js';
import { modbusSettings } from '../protocols/modbus/settings.js';
import { RealClock } from '../runtime/clock.js';
import { Runtime } from '../runtime/runtime.js';
import { type ClosableServer, SHUTDOWN_BOUND_MS, SHUTDOWN_GRACE_MS, shutdown } from '../runtime/shutdown.js';
import { openStore } from '../store/open.js';
import { INTEGRITY_CHECKS, type IntegrityCheck } from '../store/sqlite/integrity.js';
import type { Store } from '../store/store.js';
import { StoreError } from '../store/store-error.js';
import { parseDuration } from '../util/time.js';
import { AlreadyRunning, type InstanceLock, lockDataFolder } from './instance-lock.js';
import { openSite } from './open-site.js';

interface StartFlags {
  site: string;
  data?: string;
  speed: number;
  seed: string;
  logLevel: string;
  /** False with --no-http. */
  http?: boolean;
  httpPort?: number;
  host?: string;
  /** False with --no-modbus. */
  modbus?: boolean;
  modbusPort?: number;
  modbusHost?: string;
  modbusReadOnly?: boolean;
  check: IntegrityCheck;
  acceptNewDatabase?: boolean;
  /** Time requests under way get to finish when stopping, ms. */
  stopGrace: number;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('expected a port number 0–65535');
  return n;
}

/** The stop's grace: a duration up to 8 s, so that it always ends well inside the 10 s bound of the stop. */
function stopGrace(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms < 0 || ms > 8000)
    throw new InvalidArgumentError('expected a duration from 0s to 8s (1.5s, 500ms…)');
  return ms;
}

function integrityCheck(text: string): IntegrityCheck {
  if (!(INTEGRITY_CHECKS as readonly string[]).includes(text))
    throw new InvalidArgumentError(`expected ${INTEGRITY_CHECKS.join(', ')}`);
  return text as IntegrityCheck;
}

function positive(text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

async function run(flags: StartFlags): Promise<void> {
  const site = openSite(flags.site);
  if (!site) return;
  const modbus = modbusSettings(
    site,
    {
      enabled: flags.modbus,
      host: flags.modbusHost,
      port: flags.modbusPort,
      readOnly: flags.modbusReadOnly,
    },
    flags.host,
  );
  if (modbus.problems.length > 0) {
    for (const problem of modbus.problems) process.stderr.write(`pointyard: server.modbus: ${problem}\n`);
    process.exitCode = 2;
    return;
  }
  const log = pino({ level: flags.logLevel, base: { site: site.site.id } });
  const dataDir = resolve(flags.data ?? site.store.path ?? join(process.cwd(), 'data'));
  // The folder's lock first, so that a second `start` never opens (nor checks, nor tightens) the databases of a
  // running one. A folder the lock cannot be made in is left to the store's checks, whose messages say why.
  let lock: InstanceLock | undefined;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    lock = await lockDataFolder(dataDir);
  } catch (err) {
    if (err instanceof AlreadyRunning) {
      process.stderr.write(`pointyard: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
  }
  let store: Store;
  try {
    store = await openStore(
      { engine: site.store.engine, path: dataDir },
      {
        sqlite: {
          check: flags.check,
          acceptNewDatabase: flags.acceptNewDatabase ?? false,
          onTightened: (path, from, to) =>
            log.warn(
              { path, from: from.toString(8), to: to.toString(8) },
              'data file or folder was readable by others: made owner-only',
            ),
        },
      },
    );
  } catch (err) {
    process.stderr.write(`pointyard: ${err instanceof StoreError ? err.message : (err as Error).message}\n`);
    process.exitCode = 1;
    lock?.release();
    return;
  }
  if (!lock) {
    try {
      lock = await lockDataFolder(dataDir);
    } catch (err) {
      process.stderr.write(`pointyard: cannot lock the data folder ${dataDir}: ${(err as Error).message}\n`);
      process.exitCode = 1;
      await store.close().catch(() => {});
      return;
    }
  }
  const metrics = new ServerMetrics();
  let runtime: Runtime | null = null;
  const environment = new RealEnvironment(store, metrics, () => runtime?.activeDevices() ?? 0);
  /** The servers started so far: the stop closes them. */
  const servers: ClosableServer[] = [];
  // The one stop, in order (see runtime/shutdown.ts), for a signal and for a start that fails half way.
  const stopAll = () =>
    shutdown({
      refuseWrites: () => runtime?.writes.close(),
      writesAnswered: () => runtime?.writes.answered() ?? Promise.resolve(),
      servers,
      stopRuntime: () => runtime?.stop() ?? Promise.resolve(),
      closeStore: () => store.close(),
      releaseLock: () => lock?.release(),
      log,
      graceMs: flags.stopGrace,
    });
  /** Stops after a start that failed half way, with exit code 1. */
  const abandon = async (message: string) => {
    process.stderr.write(`pointyard: ${message}\n`);
    process.exitCode = 1;
    if ((await stopAll()) === 'timed out') process.exit(1);
  };
  try {
    runtime = await Runtime.open({
      site,
      store,
      clock: new RealClock(flags.speed),
      seed: flags.seed,
      recordHistory: true,
      log,
      environment,
      effects: new ParkingEffects(site, store, dataDir, log),
      driverFor: modbusDriverFor,
    });
  } catch (err) {
    return abandon(`cannot start ${site.site.id}: ${(err as Error).message}`);
  }
  const running = runtime;
  let http: HaystackServer | null = null;
  let modbusServer: ModbusServer | null = null;
  // Listening for signals before the servers start: a signal during the start stops as soon as it is done,
  // and one sent as soon as the banner appears stops cleanly. A second signal while stopping exits at once.
  let signalled: string | null = null;
  let ready = false;
  let stopNow: (signal: string) => void = () => {};
  const stopped = new Promise<void>((done) => {
    stopNow = (signal) => {
      log.info({ signal }, 'stopping');
      void stopAll().then((outcome) => {
        if (outcome === 'timed out') {
          log.error({ signal, boundMs: SHUTDOWN_BOUND_MS }, 'not stopped in time: exiting');
          process.exit(1);
        }
        if (outcome === 'failed') process.exitCode = 1;
        else log.info('stopped cleanly');
        done();
      });
    };
  });
  const onSignal = (signal: string) => {
    if (signalled) {
      log.error({ signal, first: signalled }, 'second signal while stopping: exiting at once');
      process.exit(1);
    }
    signalled = signal;
    if (ready) stopNow(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (flags.http !== false) {
    const settings = (site.server.http ?? {}) as { host?: unknown; port?: unknown };
    const host = flags.host ?? (typeof settings.host === 'string' ? settings.host : '127.0.0.1');
    const port = flags.httpPort ?? (typeof settings.port === 'number' ? settings.port : 8080);
    try {
      await ensureAdmin(store, process.env, (text) => process.stderr.write(`${text}\n`));
      const authenticator = new Authenticator({
        store,
        log,
        fakeSecret: loadFakeSaltSecret(dataDir),
        onSecurityIncident: () => metrics.securityIncident(),
      });
      const server = await startHaystackServer({
        site,
        runtime: running,
        host,
        port,
        log,
        authenticator,
        dataDir,
        onRequest: () => metrics.countRequest(Date.now()),
      });
      http = server;
      servers.push({ name: 'haystack', close: (graceMs) => server.close(graceMs) });
    } catch (err) {
      return abandon(`cannot serve HTTP on ${host}:${port}: ${(err as Error).message}`);
    }
  }
  if (modbus.settings.enabled) {
    const { settings } = modbus;
    try {
      const server = await startModbusServer({
        services: running.services,
        ...settings,
        log,
        onRequest: (ip) => metrics.clientSeen(`modbus:${ip}`, Date.now()),
        onConnection: (ip, open) => metrics.connection(`modbus:${ip}`, open, Date.now()),
      });
      modbusServer = server;
      servers.push({ name: 'modbus', close: (graceMs) => server.close(graceMs) });
    } catch (err) {
      return abandon(
        `cannot serve Modbus TCP on ${settings.host}:${settings.port}: ${(err as Error).message}`,
      );
    }
  }
  running.start();
  log.info(
    { data: dataDir, speed: flags.speed, devices: site.devices.length, points: running.points.size },
    'started',
  );
  process.stderr.write(
    `Pointyard is running ${site.site.name}: ${site.devices.length} devices, ${running.points.size} points, data in ${dataDir}.\n` +
      (http ? `Haystack API: ${http.url}\n` : '') +
      (http && hasWebUi(DEFAULT_WEB_UI_DIR) ? `Web UI: ${http.url.replace(/api\/$/, '')}\n` : '') +
      (modbusServer ? `Modbus TCP: ${modbusServer.address}\n` : '') +
      'Ctrl+C stops it.\n',
  );
  ready = true;
  if (signalled) stopNow(signalled);
  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

export function startCommand(): Command {
  return new Command('start')
    .description('run a site in real time with its store (Ctrl+C or SIGTERM stops it cleanly)')
    .option('-s, --site <file|demo>', 'a site file, or the built-in demo', 'demo')
    .option(
      '--data <dir>',
      'data folder: databases, backups, reports (default: the site file’s store.path, else ./data)',
    )
    .option(
      '--check <quick|full|off>',
      'integrity check of both databases before start: quick (structure), full (also every index; slower), off',
      integrityCheck,
      'quick' as IntegrityCheck,
    )
    .option(
      '--accept-new-database',
      'create a missing or empty pointyard.db or history.db beside existing data instead of refusing to start',
    )
    .option('--speed <n>', 'run N times faster than real time', positive, 1)
    .option('--seed <seed>', 'random seed of the simulation', '1')
    .option('--log-level <level>', 'pino log level (trace, debug, info, warn, error)', 'info')
    .option(
      '--http-port <port>',
      'port of the Haystack API (default: the site file’s server.http.port, else 8080)',
      port,
    )
    .option(
      '--host <address>',
      'address every server listens on unless its own flag says otherwise (default: each server’s host in the site file, else 127.0.0.1)',
    )
    .option('--no-http', 'do not serve the Haystack API')
    .option(
      '--modbus-port <port>',
      'port of the Modbus TCP server (default: the site file’s server.modbus.port, else 5020)',
      port,
    )
    .option(
      '--modbus-host <address>',
      'address of the Modbus TCP server (default: --host, else the site file’s server.modbus.host, else 127.0.0.1)',
    )
    .option('--modbus-read-only', 'serve Modbus reads only: every write is refused (exception 01)')
    .option('--no-modbus', 'do not serve Modbus TCP')
    .option(
      '--stop-grace <time>',
      'when stopping, how long requests under way get to finish before their connections are closed (at most 8s)',
      stopGrace,
      SHUTDOWN_GRACE_MS,
    )
    .action(run);
}
