// `pointyard start`: runs a site in real time (or faster) with its store, until SIGINT or SIGTERM. The flags,
// messages and signals are here; the server itself is built by the composition root (src/server.ts).

import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { RealClock } from '../core/clock.js';
import type { ProtocolPlugin } from '../protocols/plugin.js';
import { PROTOCOLS } from '../protocols/registry.js';
import type { ServerOption } from '../protocols/server-service.js';
import { serverSettingsOf } from '../protocols/server-settings.js';
import { SHUTDOWN_BOUND_MS, SHUTDOWN_GRACE_MS } from '../runtime/shutdown.js';
import { type RunningServer, StartFailed, startServer } from '../server.js';
import { describeStore, POSTGRES_SCHEMES, urlScheme } from '../store/engines.js';
import { INTEGRITY_CHECKS, type IntegrityCheck } from '../store/sqlite/integrity.js';
import { portNumber } from '../util/port-number.js';
import { parseDuration } from '../util/time.js';
import { storeOption } from './data-store.js';
import { openSite } from './open-site.js';

interface StartFlags {
  site: string;
  data?: string;
  /** The store engine or database URL, over the site file's `store.engine`. */
  store?: string;
  speed: number;
  seed: string;
  logLevel: string;
  /** False with --no-http. */
  http?: boolean;
  httpPort?: number;
  host?: string;
  check: IntegrityCheck;
  acceptNewDatabase?: boolean;
  /** Time requests under way get to finish when stopping, ms. */
  stopGrace: number;
  /** This node's name in a cluster sharing the site's PostgreSQL database. */
  node?: string;
}

/** A parser's error as commander shows it (`option '--x <n>' argument 'y' is invalid. expected …`). */
function asOptionParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

const port = asOptionParser(portNumber);

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

/** A node's name: letters, digits, '-', '_' and '.', at most 64. */
function nodeName(text: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(text))
    throw new InvalidArgumentError("expected 1 to 64 letters, digits, '.', '-' or '_'");
  return text;
}

function positive(text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

/** `flags` holds the plug-ins' options too (server-service.ts, OptionValues). */
async function run(plugins: readonly ProtocolPlugin[], flags: StartFlags): Promise<void> {
  const opened = openSite(flags.site);
  if (!opened) return;
  const site =
    flags.store === undefined ? opened : { ...opened, store: { ...opened.store, engine: flags.store } };
  if (flags.node !== undefined) {
    const engine = site.store.engine ?? 'sqlite';
    const scheme = urlScheme(engine);
    if (!(engine === 'postgres' || (scheme !== null && POSTGRES_SCHEMES.includes(scheme)))) {
      process.stderr.write(
        `pointyard: --node ${flags.node}: a node of a cluster needs a PostgreSQL store shared by every node (--store postgres://… or the site file's store.engine), not ${engine}\n`,
      );
      process.exitCode = 2;
      return;
    }
  }
  const common = flags.host !== undefined ? { host: flags.host } : {};
  const servers = serverSettingsOf(plugins, site, flags as unknown as Record<string, unknown>, common);
  if (servers.problems.length > 0) {
    for (const problem of servers.problems) process.stderr.write(`pointyard: ${problem}\n`);
    process.exitCode = 2;
    return;
  }
  const log = pino({ level: flags.logLevel, base: { site: site.site.id } });
  const dataDir = resolve(flags.data ?? site.store.path ?? join(process.cwd(), 'data'));
  // Listening for signals before the start: a signal during it stops as soon as it is done, and one sent as
  // soon as the banner appears stops cleanly. A second signal while stopping exits at once.
  let signalled: string | null = null;
  let server: RunningServer | null = null;
  let stopNow: (signal: string) => void = () => {};
  const stopped = new Promise<void>((done) => {
    stopNow = (signal) => {
      void (server as RunningServer).stop(signal).then((outcome) => {
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
    if (server) stopNow(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    server = await startServer({
      site,
      dataDir,
      sqlite: { check: flags.check, acceptNewDatabase: flags.acceptNewDatabase ?? false },
      clock: new RealClock(flags.speed),
      seed: flags.seed,
      log,
      http: flags.http === false ? null : { host: flags.host, port: flags.httpPort },
      plugins,
      servers: servers.settings,
      tell: (text) => process.stderr.write(`${text}\n`),
      stopGraceMs: flags.stopGrace,
      ...(flags.node === undefined ? {} : { cluster: { node: flags.node } }),
    });
  } catch (err) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stderr.write(`pointyard: ${(err as Error).message}\n`);
    process.exitCode = 1;
    if (err instanceof StartFailed && err.cleanup === 'timed out') process.exit(1);
    return;
  }
  const { runtime } = server;
  const store = describeStore(site.store.engine, site.store.url, dataDir);
  log.info(
    { data: dataDir, speed: flags.speed, devices: site.devices.length, points: runtime.points.size },
    'started',
  );
  process.stderr.write(
    `Pointyard is running ${site.site.name}: ${site.devices.length} devices, ${runtime.points.size} points, data in ${dataDir}${store === `in ${dataDir}` ? '' : `, store ${store}`}.\n` +
      server.endpoints.flatMap((endpoint) => endpoint.banner.map((line) => `${line}\n`)).join('') +
      'Ctrl+C stops it.\n',
  );
  if (signalled) stopNow(signalled);
  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Adds a plug-in's option to `command`, its parser's errors shown as commander shows its own. */
function addOption(command: Command, option: ServerOption): void {
  if (option.parse) command.option(option.flags, option.description, asOptionParser(option.parse));
  else command.option(option.flags, option.description);
}

/** `pointyard start`, with the options of `plugins`' servers after the HTTP host's. */
export function startCommand(plugins: readonly ProtocolPlugin[] = PROTOCOLS): Command {
  const command = new Command('start')
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
    .addOption(storeOption())
    .option('--speed <n>', 'run N times faster than real time', positive, 1)
    .option('--seed <seed>', 'random seed of the simulation', '1')
    .option('--log-level <level>', 'pino log level (trace, debug, info, warn, error)', 'info')
    .option(
      '--http-port <port>',
      'port of the HTTP host: the API and the web UI (default: the site file’s server.http.port, else 8080)',
      port,
    )
    .option(
      '--host <address>',
      'address every server listens on unless its own flag says otherwise (default: each server’s host in the site file, else 127.0.0.1)',
    )
    .option('--no-http', 'do not serve HTTP: neither the API nor the web UI')
    .option(
      '--node <name>',
      'run as the node <name> of a cluster: the nodes started with the same site and PostgreSQL store share its devices',
      nodeName,
    );
  for (const plugin of plugins) for (const option of plugin.server?.options ?? []) addOption(command, option);
  return command
    .option(
      '--stop-grace <time>',
      'when stopping, how long requests under way get to finish before their connections are closed (at most 8s)',
      stopGrace,
      SHUTDOWN_GRACE_MS,
    )
    .action((flags: StartFlags) => run(plugins, flags));
}
