// `cluster` and `clusterDrain` (docs/haystack.md): the nodes sharing this site as this node last read them,
// every device lease, the node-wide roles each node plays, and the drain of this node (admins).
import type { HaystackClient } from './client';
import { type Dict, gridOf, isMarker, num, str } from './hayson';

export interface ClusterNodeRow {
  name: string;
  self: boolean;
  live: boolean;
  draining: boolean;
  stopped: boolean;
  heartbeatAgeMs: number | null;
  devices: number;
  /** The node-wide roles it plays (`mqtt`, `sia-transmitter`…). */
  roles: string[];
}

export interface ClusterLeaseRow {
  device: string;
  /** Null: no owner now. */
  owner: string | null;
  token: number;
  expiresInMs: number | null;
}

export interface ClusterState {
  node: string;
  leaseMs: number | null;
  databaseReachable: boolean;
  feedLagMs: number | null;
  nodes: ClusterNodeRow[];
  leases: ClusterLeaseRow[];
}

function nodeOf(row: Dict): ClusterNodeRow {
  return {
    name: str(row.name) ?? '',
    self: isMarker(row.self),
    live: row.live === true,
    draining: row.draining === true,
    stopped: row.stopped === true,
    heartbeatAgeMs: num(row.heartbeatAge),
    devices: num(row.devices) ?? 0,
    roles: (str(row.roles) ?? '').split(',').filter((r) => r !== ''),
  };
}

function stateOf(grid: { meta: Dict; rows: Dict[] }): ClusterState | null {
  if (grid.meta.cluster !== true) return null;
  return {
    node: str(grid.meta.node) ?? '',
    leaseMs: num(grid.meta.leaseTime),
    databaseReachable: grid.meta.databaseReachable !== false,
    feedLagMs: num(grid.meta.feedLag),
    nodes: grid.rows.filter((r) => str(r.name) !== null).map(nodeOf),
    leases: grid.rows
      .filter((r) => str(r.device) !== null)
      .map((r) => ({
        device: str(r.device) ?? '',
        owner: str(r.owner),
        token: num(r.token) ?? 0,
        expiresInMs: num(r.expiresIn),
      })),
  };
}

/** The cluster with every lease, or null when this Pointyard is no node of one. */
export async function readCluster(client: HaystackClient): Promise<ClusterState | null> {
  return stateOf(await client.op('cluster', null, { query: { devices: 'T' } }));
}

/** Drains this node (`on`) or takes it back; the nodes as they are then. */
export async function drainThisNode(client: HaystackClient, on: boolean): Promise<void> {
  await client.op('clusterDrain', gridOf([{ on }]));
}
