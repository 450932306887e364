// The parking server's cluster measurements from this node's cluster view: the nodes counted, those healthy,
// the devices without an owner past their grace, whether the database answered, and Connected Devices across
// the nodes. docs/cluster.md (Cluster Status) says why each counts as it does:
// - a node stopped cleanly or draining is out of the count (a person's decision, its devices handed over):
//   the cluster is HEALTHY with one node fewer;
// - a node that stopped heartbeating (killed, crashed, cut off) is counted and not healthy: DEGRADED until it
//   comes back or is stopped cleanly;
// - a device is without an owner while its lease is free or held by a node that is not live; it counts only
//   once it has been so for a lease time (at start and after a loss the others are claiming it meanwhile).

import type { ClusterSnapshot } from '../runtime/services/cluster-view.js';

export interface ClusterMeasurements {
  clusterNodes: number;
  clusterNodesHealthy: number;
  /** Devices without an owner for at least a lease time. */
  clusterDevicesUnowned: number;
  /** 1 when the last read of the cluster's status got an answer from the database. */
  clusterDatabaseOk: number;
  /** Devices owned by a live node and communicating (this node's own: `localConnected`, at most its share). */
  connectedDevices: number;
}

export class ClusterMeasurer {
  /** Device → when (monotonic ms) it was first seen without an owner, while it stays so. */
  private readonly ownerless = new Map<string, number>();
  private last: Omit<ClusterMeasurements, 'clusterDatabaseOk' | 'connectedDevices'> | null = null;

  /**
   * The measurements of `snapshot` at `now` (monotonic ms), with a grace of `leaseMs`; `localConnected` is the
   * number of devices communicating on this node. Null before the view's first read.
   */
  measure(
    snapshot: ClusterSnapshot | null,
    leaseMs: number,
    now: number,
    localConnected: number,
  ): ClusterMeasurements | null {
    if (snapshot === null) return null;
    const counted = snapshot.nodes.filter((n) => !n.stopped && !n.draining);
    const live = new Set(snapshot.nodes.filter((n) => n.live).map((n) => n.name));
    // A stale snapshot (the database did not answer) says nothing new of the owners: the grace clocks wait.
    if (snapshot.databaseReachable || this.last === null) {
      const seen = new Set<string>();
      for (const d of snapshot.devices) {
        if (d.owner !== null && live.has(d.owner)) continue;
        seen.add(d.device);
        if (!this.ownerless.has(d.device)) this.ownerless.set(d.device, now);
      }
      for (const device of this.ownerless.keys()) if (!seen.has(device)) this.ownerless.delete(device);
      let unowned = 0;
      for (const since of this.ownerless.values()) if (now - since >= leaseMs) unowned++;
      this.last = {
        clusterNodes: counted.length,
        clusterNodesHealthy: counted.filter((n) => n.live).length,
        clusterDevicesUnowned: unowned,
      };
    }
    const self = snapshot.nodes.find((n) => n.self);
    const others = snapshot.nodes
      .filter((n) => !n.self && n.live)
      .reduce((sum, n) => sum + n.devices.length, 0);
    const mine = self?.live ? Math.min(localConnected, self.devices.length) : 0;
    return {
      ...this.last,
      clusterDatabaseOk: snapshot.databaseReachable ? 1 : 0,
      connectedDevices: others + mine,
    };
  }
}
