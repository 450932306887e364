// The composition root: builds a running Pointyard from a site, its settings and the protocol plug-ins,
// store → runtime → services, with one start/stop life cycle. Start: the data folder's lock, the store, the
// runtime (its devices' drivers from the plug-ins' connectors), the HTTP host with every plug-in's routes,
// each plug-in's own server in the registry's order, then the devices. Stop (and a start that fails half
// way): the one ordered stop of runtime/shutdown.ts, which releases the lock last.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFakeSaltSecret } from './auth/fake-salt-secret.js';
import { ensureAdmin } from './auth/first-admin.js';
import { LeaseClusterView } from './cluster/lease-cluster-view.js';
import { ClusterNode, type ClusterNodeOptions } from './cluster/node.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { healthOf } from './http/health.js';
import { createHttpHost } from './http/host.js';
import { ParkingEffects } from './parking/effects.js';
import type { Resyncable } from './parking/integration-sync.js';
import { RealEnvironment } from './parking/real-environment.js';
import { ServerMetrics } from './parking/server-metrics.js';
import { driverFactoryOf } from './protocols/driver-factory.js';
import type { RunningInterface } from './protocols/http-service.js';
import type { ProtocolPlugin } from './protocols/plugin.js';
import { PROTOCOLS } from './protocols/registry.js';
import { Runtime } from './runtime/runtime.js';
import {
  type ClosableServer,
  SHUTDOWN_GRACE_MS,
  type ShutdownOutcome,
  shutdown,
} from './runtime/shutdown.js';
import type { Site } from './site/model.js';
import { openStore } from './store/open.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
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
  /** The protocol plug-ins (default: the registry's, PROTOCOLS). */
  plugins?: readonly ProtocolPlugin[];
  /**
   * Null serves no HTTP; host and port over the site file's `server.http` (else 127.0.0.1:8080). Every
   * plug-in's routes are mounted on it; `webUiDir` is the web UI's folder (default the package's, null none).
   */
  http: { host?: string; port?: number; webUiDir?: string | null } | null;
  /**
   * The settings of each plug-in's own server by plug-in name, site file and flags merged
   * (protocols/server-settings.ts); a plug-in whose settings are absent or null is not served.
   */
  servers: Readonly<Record<string, unknown>>;
  /** Where the first admin's password is read from (`POINTYARD_ADMIN_PASSWORD`); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Messages for the person who started it (the first admin's generated password). */
  tell?: (text: string) => void;
  /** Time given to requests under way when stopping, ms (default 1,500). */
  stopGraceMs?: number;
  /**
   * A node of a cluster (`start --node`): the site's devices are shared with the other nodes on the same
   * PostgreSQL database; absent, this server runs every device.
   */
  cluster?: Omit<ClusterNodeOptions, 'log'>;
}

export interface RunningServer {
  site: Site;
  dataDir: string;
  store: Store;
  runtime: Runtime;
  /** This node of a cluster (its leases, its change feed), or null when the server runs alone. */
  cluster: ClusterNode | null;
  /** The HTTP host's origin (`http://127.0.0.1:8080`), or null without HTTP. */
  http: { origin: string } | null;
  /** What answers, in start order: each plug-in's routes on the HTTP host, then each plug-in's server. */
  endpoints: Endpoint[];
  /** The ordered stop; `signal` (SIGTERM…) is logged. Calling it again answers the same stop. */
  stop(signal?: string): Promise<ShutdownOutcome>;
}

/** A plug-in's routes or server, answering. */
export interface Endpoint {
  /** The plug-in's name (its key) and title (for people). */
  name: string;
  title: string;
  /** Its URL on the HTTP host, or the `host:port` its server listens on. */
  address: string;
  /** The lines `start` prints for it. */
  banner: readonly string[];
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

/** A server's status now; a status that fails to be read says why rather than failing the request. */
function statusNow(status: (() => Record<string, unknown>) | undefined): Record<string, unknown> | null {
  if (!status) return null;
  try {
    return status();
  } catch (err) {
    return { error: `status unavailable: ${(err as Error).message}` };
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
  const plugins = options.plugins ?? PROTOCOLS;
  // Settings no server reads are a caller's mistake (a misspelt name), not a server silently left out.
  for (const name of Object.keys(options.servers))
    if (!plugins.some((plugin) => plugin.name === name && plugin.server))
      throw new StartFailed(`no protocol plug-in named '${name}' has a server`, 'nothing started');
  // The folder's lock first, so that a second start never opens (nor checks, nor tightens) the databases of a
  // running one.
  let lock = await tryLock(dataDir);
  let store: Store;
  try {
    store =
      options.store ??
      (await openStore(
        {
          engine: site.store.engine,
          path: dataDir,
          url: site.store.url ?? null,
          ...(site.store.poolSize ? { poolSize: site.store.poolSize } : {}),
        },
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
  /** What answers, in start order (RunningServer.endpoints); filled as the routes and servers start. */
  const endpoints: Endpoint[] = [];
  /** The status of the endpoints whose server reports one. */
  const statusOf = new Map<Endpoint, () => Record<string, unknown>>();
  /** The started servers that can send everything again: the parking server's Integration Sync. */
  const resyncable: Resyncable[] = [];
  let runtime: Runtime | null = null;
  let node: ClusterNode | null = null;
  /** Takes the cluster's view off the services and stops it. */
  let detachView: () => void = () => {};
  /** The servers started so far: the stop closes them. */
  const servers: ClosableServer[] = [];
  let stopping: Promise<ShutdownOutcome> | null = null;
  const stop = (signal?: string) => {
    if (signal) log.info({ signal }, 'stopping');
    stopping ??= shutdown({
      refuseWrites: () => runtime?.writes.close(),
      writesAnswered: () => runtime?.writes.answered() ?? Promise.resolve(),
      servers,
      // A node's devices stop, their counters and history are saved, then its leases go (before the store).
      stopRuntime: async () => {
        try {
          await runtime?.stop();
        } finally {
          detachView();
          await node?.stop();
        }
      },
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

  if (options.cluster) {
    const refusal = clusterRefusal(store);
    if (refusal) return abandon(refusal);
    (store as PostgresStore).joinCluster(options.cluster.node);
  }
  try {
    runtime = await Runtime.open({
      site,
      store,
      clock: options.clock,
      seed: options.seed,
      recordHistory: true,
      log,
      environment: new RealEnvironment(
        store,
        metrics,
        () => runtime?.activeDevices() ?? 0,
        () => runtime?.services.cluster.get() ?? null,
      ),
      effects: new ParkingEffects(site, store, dataDir, log, () => resyncable),
      driverFor: driverFactoryOf(plugins),
      // One login path for every protocol (services.logins): one throttle, one audit, one Security Alert.
      logins: {
        fakeSecret: loadFakeSaltSecret(dataDir),
        onSecurityIncident: () => metrics.securityIncident(),
      },
      clustered: options.cluster !== undefined,
    });
    if (options.cluster) {
      node = await ClusterNode.start(store as PostgresStore, runtime, {
        ...options.cluster,
        roles: clusterRoles(plugins, options.servers),
        log,
      });
      detachView = await attachClusterView(node, runtime);
    }
  } catch (err) {
    return abandon(`cannot start ${site.site.id}: ${(err as Error).message}`);
  }
  const running = runtime;
  const interfaces = (): RunningInterface[] =>
    endpoints.map((e) => ({
      name: e.name,
      title: e.title,
      address: e.address,
      status: statusNow(statusOf.get(e)),
    }));

  let http: RunningServer['http'] = null;
  if (options.http) {
    const settings = (site.server.http ?? {}) as { host?: unknown; port?: unknown };
    const host = options.http.host ?? (typeof settings.host === 'string' ? settings.host : '127.0.0.1');
    const port = options.http.port ?? (typeof settings.port === 'number' ? settings.port : 8080);
    try {
      await ensureAdmin(store, options.env ?? process.env, options.tell ?? (() => {}));
      const httpHost = createHttpHost({ health: () => healthOf(site, store) });
      // Closed by the stop from here on, even when it never listens.
      servers.push({ name: 'http', close: (graceMs) => httpHost.close(graceMs) });
      const context = {
        site,
        plugins,
        runtime: running,
        store,
        dataDir,
        log,
        onRequest: () => metrics.countRequest(Date.now()),
        onSecurityIncident: () => metrics.securityIncident(),
        interfaces,
        ...(options.http.webUiDir !== undefined ? { webUiDir: options.http.webUiDir } : {}),
      };
      const mounted = plugins.flatMap((plugin) =>
        plugin.http ? [{ plugin, endpointAt: plugin.http.mount(httpHost, context) }] : [],
      );
      const { origin } = await httpHost.listen(host, port);
      http = { origin };
      for (const { plugin, endpointAt } of mounted) {
        const endpoint = endpointAt(origin);
        endpoints.push({ name: plugin.name, title: plugin.title, ...endpoint });
        log.info({ url: endpoint.address }, `${plugin.title} listening`);
      }
    } catch (err) {
      return abandon(`cannot serve HTTP on ${host}:${port}: ${(err as Error).message}`);
    }
  }

  for (const plugin of plugins) {
    const service = plugin.server;
    const settings = options.servers[plugin.name];
    if (!service || settings === undefined || settings === null) continue;
    try {
      const server = await service.start(settings, {
        services: running.services,
        log,
        onRequest: (ip) => metrics.clientSeen(`${plugin.name}:${ip}`, Date.now()),
        onConnection: (ip, open) => metrics.connection(`${plugin.name}:${ip}`, open, Date.now()),
        onSecurityIncident: () => metrics.securityIncident(),
        onChargingBackend: (on) => {
          metrics.ocppBackendRunning = on;
        },
        stateDir: join(dataDir, plugin.name),
      });
      servers.push({ name: plugin.name, close: (graceMs) => server.close(graceMs) });
      const { address } = server;
      const endpoint: Endpoint = {
        name: plugin.name,
        title: plugin.title,
        address,
        banner: server.banner ?? [`${plugin.title}: ${address}`],
      };
      endpoints.push(endpoint);
      const { status, resync } = server;
      if (status) statusOf.set(endpoint, () => status.call(server));
      if (resync) resyncable.push({ title: plugin.title, resync: () => resync.call(server) });
    } catch (err) {
      return abandon(`cannot serve ${plugin.title} on ${service.where(settings)}: ${(err as Error).message}`);
    }
  }

  // A node takes its share of the devices only now: starting the servers of a large site holds the event loop
  // for seconds, and leases taken before that would expire meanwhile.
  if (node) {
    try {
      await node.join();
    } catch (err) {
      return abandon(`cannot join the cluster as node ${node.name}: ${(err as Error).message}`);
    }
  }
  running.start();
  return {
    site,
    dataDir,
    store,
    runtime: running,
    cluster: node,
    http,
    endpoints,
    stop,
  };
}

/**
 * Puts the node's view of the cluster (read at each heartbeat) on the services, for Cluster Status, the
 * `cluster` op and the web UI; returns what takes it off again.
 */
async function attachClusterView(node: ClusterNode, runtime: Runtime): Promise<() => void> {
  const view = new LeaseClusterView(node.leases, {
    // Behind the newest change: how long since the last delivery; caught up: 0.
    feedLag: () => {
      const lag = node.follower.lag();
      if (lag.behind === 0) return 0;
      return lag.lastDeliveryAt === null ? null : Date.now() - lag.lastDeliveryAt;
    },
  });
  await view.start();
  const detach = runtime.services.cluster.attach(view);
  return () => {
    detach();
    view.stop();
  };
}

/** The node-wide roles the servers to be started declare (one node of a cluster plays each at a time). */
function clusterRoles(
  plugins: readonly ProtocolPlugin[],
  servers: Readonly<Record<string, unknown>>,
): string[] {
  return plugins.flatMap((plugin) => {
    const settings = servers[plugin.name];
    if (settings === undefined || settings === null) return [];
    return plugin.server?.clusterRoles?.(settings) ?? [];
  });
}

/**
 * Why this store cannot hold a cluster, or null. A real device (gateway mode) is read only by the node that
 * runs it (Runtime.takeOver / release start and stop its driver).
 */
function clusterRefusal(store: Store): string | null {
  if (!(store instanceof PostgresStore))
    return 'a node of a cluster needs a PostgreSQL store (--store postgres://…): the nodes share its database';
  return null;
}
