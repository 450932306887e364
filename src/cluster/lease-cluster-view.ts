// The ClusterView of a node that shares its site through device leases: what the `cluster` op, the web UI's
// Cluster panel and the parking server's Cluster Status read. It reads the cluster's status from the database
// once per heartbeat (a timer of its own, unref'd, one read at a time) and keeps the last snapshot; a read that
// fails keeps the last values, marked `databaseReachable: false`. Drain goes through the lease manager.

import type { ClusterSnapshot, ClusterView } from '../runtime/services/cluster-view.js';
import type { LeaseManager } from './leases.js';
import type { ClusterStatus } from './nodes-status.js';

/** What the view reads: the manager's node, times, drain and status. */
export type ViewedLeases = Pick<
  LeaseManager,
  'node' | 'ttlMs' | 'heartbeatMs' | 'status' | 'drain' | 'undrain'
>;

export interface LeaseClusterViewOptions {
  /** This node's change-feed lag in ms (null: unknown); absent: always null. */
  feedLag?: () => number | null;
  /** A read failed (the snapshot keeps the last values). */
  onError?: (err: Error) => void;
}

export class LeaseClusterView implements ClusterView {
  readonly node: string;
  readonly leaseMs: number;
  private last: ClusterSnapshot | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The read under way, if any: reads are one at a time. */
  private reading: Promise<ClusterSnapshot> | null = null;

  constructor(
    private readonly leases: ViewedLeases,
    private readonly options: LeaseClusterViewOptions = {},
  ) {
    this.node = leases.node;
    this.leaseMs = leases.ttlMs;
  }

  /** Reads a first snapshot, then one per heartbeat until `stop()`. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  /** Stops the timer; the last snapshot stays readable. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  snapshot(): ClusterSnapshot | null {
    return this.last;
  }

  async drain(on: boolean): Promise<void> {
    if (on) await this.leases.drain();
    else await this.leases.undrain();
    // The panel shows the drain at once, not a heartbeat later: a fresh read, not one begun before the drain.
    await this.reading;
    await this.refresh();
  }

  /** Reads the status now (or joins the read under way) and keeps it; never rejects. */
  refresh(): Promise<ClusterSnapshot> {
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<ClusterSnapshot> {
    let status: ClusterStatus | null = null;
    try {
      status = await this.withinLease(this.leases.status());
    } catch (err) {
      this.options.onError?.(err as Error);
    }
    const feedLagMs = this.options.feedLag?.() ?? null;
    const at = Date.now();
    this.last =
      status === null
        ? {
            at,
            databaseReachable: false,
            nodes: this.last?.nodes ?? [],
            devices: this.last?.devices ?? [],
            roles: this.last?.roles ?? [],
            feedLagMs,
          }
        : {
            at,
            databaseReachable: true,
            nodes: status.nodes.map((n) => ({
              name: n.name,
              self: n.name === this.node,
              live: n.live,
              draining: n.draining,
              stopped: n.stopped,
              heartbeatAgeMs: n.heartbeatAgeMs,
              devices: n.devices,
              roles: n.roles,
            })),
            devices: status.devices,
            roles: status.roles,
            feedLagMs,
          };
    return this.last;
  }

  /** `work`, or a rejection when it has not settled within a lease time (a silent network must not stall the view). */
  private withinLease<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`cluster view of ${this.node}: no answer from the database within ${this.leaseMs} ms`),
          ),
        this.leaseMs,
      );
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh().then(() => this.schedule());
    }, this.leases.heartbeatMs);
    this.timer.unref();
  }
}
