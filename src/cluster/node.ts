// A Pointyard node of a cluster (`pointyard start --node <name>`): the devices of the site are shared among
// the nodes by leases (LeaseManager); this node runs the devices whose lease it holds and publishes their
// points' changes to the change feed, fenced by those leases (ChangePublisher); it follows the other nodes'
// changes (ChangeFollower): their values into its point store, their committed writes' priority arrays into
// its write path; FeedRetention keeps the feed's table bounded. The runtime does what running a device means
// (Runtime.takeOver / release / applyShared); this class only wires the cluster's parts to it.

import type { Logger } from '../core/logger.js';
import type { PointStatus } from '../core/point-status.js';
import type { PriorityArray } from '../core/priority-array.js';
import type { PointEntry } from '../runtime/point-store.js';
import type { Runtime } from '../runtime/runtime.js';
import { decodePriorityArray } from '../store/postgres/pg-feed-priority.js';
import type { PostgresStore } from '../store/postgres/postgres-store.js';
import type { Alarm } from '../store/store.js';
import { ChangeFollower } from './change-follower.js';
import { ChangePublisher } from './change-publisher.js';
import { migrateCluster } from './cluster-schema.js';
import type { PointValue, PublishedChange } from './feed-change.js';
import { FeedRetention } from './feed-retention.js';
import { parseSignalKey } from './feed-signal-key.js';
import { type LeaseLossReason, LeaseManager } from './leases.js';
import { NodeOutbox } from './node-outbox.js';
import { OwnerCallHub } from './owner-call-hub.js';

/** Devices taken over between two turns of the event loop. */
const TAKE_OVER_SLICE = 200;

export interface ClusterNodeOptions {
  /** This node's name, unique in the cluster. */
  node: string;
  /** Lease time, ms (default 4000): a node silent this long loses its devices. */
  ttlMs?: number;
  /** Heartbeat period, ms (default 1000). */
  heartbeatMs?: number;
  /** The node-wide roles this node may play (declared by the protocols' servers): services.roles follows them. */
  roles?: readonly string[];
  log: Logger;
}

export class ClusterNode {
  readonly name: string;
  readonly leases: LeaseManager;
  readonly follower: ChangeFollower;
  private readonly outbox: NodeOutbox;
  private readonly retention: FeedRetention;
  private unsubscribe: (() => void) | null = null;
  /** Calls to the node running a device (services.ownerCalls' transport), and this node's runs of them. */
  calls: OwnerCallHub | null = null;
  private unfollowShared: (() => void) | null = null;
  private unfollowWants: (() => void) | null = null;
  /** Devices acquired whose counters and arrays are being loaded. */
  private readonly acquiring = new Set<string>();
  private loading: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private snapshots = 0;
  private stopped = false;

  private constructor(
    private readonly store: PostgresStore,
    private readonly runtime: Runtime,
    publisher: ChangePublisher,
    private readonly options: ClusterNodeOptions,
  ) {
    const { node, log } = options;
    this.name = node;
    this.outbox = new NodeOutbox(publisher, runtime, log);
    this.follower = new ChangeFollower(store.db, {
      node,
      // Its own priority changes come back: the arrays as committed (merged with the other nodes' writes).
      logger: log,
      onSnapshot: (values) => this.onSnapshot(values),
      // Cut off from the feed, the other nodes' values are marked stale until the snapshot brings them again.
      onLost: () => this.markSharedStale(),
      reloadOnReconnect: true,
      onChange: (change) => this.onChange(change),
    });
    this.retention = new FeedRetention(store.db);
    this.leases = new LeaseManager(store.db, {
      node,
      devices: runtime.options.site.devices.map((d) => d.id),
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      onAcquired: (device) => this.acquired(device),
      onLost: (device, reason) => this.lost(device, reason),
      ...(options.roles === undefined ? {} : { roles: options.roles }),
      onRoleAcquired: (role) => {
        log.info({ node, role }, 'cluster: role taken');
        runtime.services.roles.set(role, true);
      },
      onRoleLost: (role, reason) => {
        log.info({ node, role, reason }, 'cluster: role lost');
        runtime.services.roles.set(role, false);
      },
      onError: (err) => log.warn({ err: err.message, node }, 'cluster: heartbeat failed'),
    });
  }

  /**
   * Prepares to join the cluster on `store`'s database with `runtime` (opened `clustered`): follows the feed
   * (the shared values first) and takes calls; it holds no device until `join`, which the caller makes once the
   * rest of the process has started (building a large site's protocol servers holds the event loop for
   * seconds, and leases taken before would expire meanwhile). Everything started is stopped again if it fails.
   */
  static async start(
    store: PostgresStore,
    runtime: Runtime,
    options: ClusterNodeOptions,
  ): Promise<ClusterNode> {
    let leases: LeaseManager | undefined;
    const publisher = await ChangePublisher.open(store.db, {
      node: options.node,
      logger: options.log,
      leaseRefusals: (client, devices) => (leases as LeaseManager).leaseRefusals(client, devices),
    });
    const node = new ClusterNode(store, runtime, publisher, options);
    leases = node.leases;
    try {
      await migrateCluster(store.db);
      await node.follower.start();
      node.unsubscribe = runtime.points.subscribe((change) => node.outbox.changed(change));
      node.unfollowShared = runtime.followShared(node.outbox);
      await node.retention.start();
      node.calls = await OwnerCallHub.start(store.db, {
        node: options.node,
        devices: runtime.options.site.devices.map((d) => d.id),
        ownership: runtime.services.ownership,
        fence: (client, devices) => node.leases.fenceCheck(client, devices),
        calls: runtime.services.ownerCalls,
        log: options.log,
      });
    } catch (err) {
      await node.stop({ release: true }).catch(() => {});
      throw err;
    }
    return node;
  }

  /** Takes this node's share of the devices from now on (a first heartbeat now); rejects when it cannot. */
  async join(): Promise<void> {
    // What the protocols ask to run here (a real charge point connected to this node) is asked for from now on.
    this.unfollowWants = this.runtime.wants.follow((device, wanted) => this.leases.want(device, wanted));
    await this.leases.start();
    this.options.log.info({ node: this.name, devices: this.leases.owned().size }, 'cluster: node joined');
  }

  /**
   * Leaves the cluster: the changes of its devices still waiting are published (with `release`), its leases
   * are dropped at once (its devices stop running) and, with `release` (default), expired in the database so
   * that the others claim them at their next heartbeat; `release: false` is what a kill looks like.
   */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.calls?.stop();
    this.unfollowShared?.();
    this.unfollowShared = null;
    this.unfollowWants?.();
    this.unfollowWants = null;
    if (release) await this.outbox.flushNow();
    try {
      await this.leases.stop({ release });
    } finally {
      await this.loading?.catch(() => {});
      await this.follower.stop();
      await this.retention.stop();
      await this.outbox.stop();
    }
  }

  /**
   * The feed's connection was lost: the values of the devices this node does not run (those of other nodes
   * and of devices without an owner) are marked stale, so that a reader of this node sees that they may be
   * old (a Cluster Status or Database Status another node computes, for one); the snapshot reloaded at the
   * reconnect brings them back with their statuses.
   */
  private markSharedStale(): void {
    this.markStale(this.runtime.points.entries.filter((e) => !this.runtime.owns(e.device.id)));
    // What it can tell by itself (the car park's Database Status and Cluster Status) shows its own view.
    this.runtime.showCutOff(this.runtime.options.site.devices.map((d) => d.id));
  }

  private markStale(entries: readonly PointEntry[]): void {
    const { points } = this.runtime;
    for (const entry of entries) {
      if (entry.point.update === 'onDemand' || !points.hasValue(entry.index)) continue;
      points.setStatus(entry.index, 'stale', points.read(entry.index).ts);
    }
  }

  /** The shared values (at the start, and after changes were missed): those of the devices run elsewhere. */
  private onSnapshot(values: ReadonlyMap<string, PointValue>): void {
    for (const [key, v] of values) this.applyValue(key, v.value, v.status, v.ts);
    // Changes were missed (not at the start): writes committed meanwhile are read again from the store.
    if (this.snapshots++ === 0) return;
    this.store.loadPriorities().then(
      (arrays) => {
        for (const [key, array] of arrays) this.runtime.writes.adopt(key, array);
      },
      (err: unknown) =>
        this.options.log.error({ err: (err as Error).message }, 'cluster: cannot reload the priority arrays'),
    );
  }

  /** A value of a device another node runs, or the priority array of a write committed (by any node). */
  private onChange(change: PublishedChange): void {
    if (change.kind === 'value') {
      if (change.node === this.name) return; // its own devices' values, already in its point store
      this.applyValue(change.key, change.value as PointValue['value'], change.status, change.ts);
      return;
    }
    const array = decodePriorityArray(change.value);
    if (array) this.runtime.writes.adopt(change.key, array);
    else
      this.options.log.warn(
        { key: change.key, seq: change.seq },
        'cluster: malformed priority change ignored',
      );
  }

  /** A point's value or a device's signal, from the node that runs the device. */
  private applyValue(key: string, value: PointValue['value'], status: string, ts: number): void {
    const signal = parseSignalKey(key);
    if (signal === null) this.runtime.applyShared(key, value, status as PointStatus, ts);
    else this.runtime.applySharedSignal(signal.device, signal.name, typeof value === 'number' ? value : null);
  }

  /** Lost: the device stops running at once (its commits would be refused anyway). */
  private lost(device: string, reason: LeaseLossReason): void {
    this.runtime.release(device);
    // Lost while cut off from the feed: its values will not come from its new node until the feed is back.
    if (this.follower.status().state !== 'following') {
      this.markStale(this.runtime.points.entriesOf(device));
      this.runtime.showCutOff([device]);
    }
    this.acquiring.delete(device);
    this.outbox.forget(device);
    this.options.log.info({ node: this.name, device, reason }, 'cluster: device lost');
    // Handed over on purpose: its counters go to the store now, for the node that takes it (best effort: that
    // node may load them first, then it starts from the last periodic save, as after a kill).
    if (reason === 'rebalanced' || reason === 'draining' || reason === 'handed-over')
      this.runtime
        .saveCountersOf(device)
        .catch((err: unknown) =>
          this.options.log.warn(
            { device, err: (err as Error).message },
            'cluster: counters not saved at hand-over',
          ),
        );
  }

  /** Acquired: its counters and arrays are loaded (with the others acquired at the same time), then it runs. */
  private acquired(device: string): void {
    this.acquiring.add(device);
    this.loading ??= Promise.resolve().then(() => this.loadAcquired());
  }

  private async loadAcquired(): Promise<void> {
    try {
      while (this.acquiring.size > 0 && !this.stopped) {
        const devices = [...this.acquiring];
        let counters: Map<string, number>;
        let arrays: Map<string, PriorityArray>;
        let alarms: Alarm[];
        try {
          [counters, arrays, alarms] = await Promise.all([
            this.store.loadCounters(),
            this.store.loadPriorities(),
            this.store.queryAlarms({ state: 'open' }),
          ]);
        } catch (err) {
          // Held but not loaded: tried again after a heartbeat (a device lost meanwhile is forgotten).
          this.options.log.error(
            { err: (err as Error).message, devices },
            'cluster: cannot take devices over yet',
          );
          this.retryTimer = setTimeout(() => this.acquired(devices[0] as string), this.leases.heartbeatMs);
          this.retryTimer.unref();
          return;
        }
        // Sorted out by device once, not once per device: thousands may be taken over at once.
        const countersOf = byDevice(counters, devices);
        const arraysOf = byDevice(arrays, devices);
        const alarmsOf = new Map<string, Alarm[]>();
        for (const alarm of alarms)
          alarmsOf.get(alarm.device)?.push(alarm) ?? alarmsOf.set(alarm.device, [alarm]);
        for (const [i, device] of devices.entries()) {
          // Thousands may come at once: the event loop (the heartbeat among others) gets a turn every so often.
          if (i > 0 && i % TAKE_OVER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
          this.acquiring.delete(device);
          if (this.stopped || !this.leases.owns(device)) continue;
          const own: Record<string, number> = {};
          for (const [key, value] of countersOf.get(device) ?? []) own[key.slice(device.length + 1)] = value;
          this.runtime.takeOver(device, own, new Map(arraysOf.get(device) ?? []), alarmsOf.get(device) ?? []);
          this.outbox.publishDevice(device);
          this.options.log.info({ node: this.name, device }, 'cluster: device taken over');
        }
      }
    } finally {
      this.loading = null;
    }
  }
}

/** The entries of `values` (keyed `<device>.<…>`) of each of `devices`, by device. */
function byDevice<T>(
  values: ReadonlyMap<string, T>,
  devices: readonly string[],
): Map<string, Array<[string, T]>> {
  const wanted = new Set(devices);
  const found = new Map<string, Array<[string, T]>>();
  for (const [key, value] of values) {
    // A device id may hold dots: every prefix of the key before a dot may be the device.
    for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
      const device = key.slice(0, dot);
      if (!wanted.has(device)) continue;
      const list = found.get(device) ?? [];
      found.set(device, list);
      list.push([key, value]);
    }
  }
  return found;
}
