// The cluster of Pointyard nodes sharing this site, as the protocols' ops, the web UI and the parking server's
// Cluster Status see it: every node (alive or not, draining, the devices it runs), every device's owner and
// lease, every node-wide role's holder, this node's change-feed lag. A node started with `--node` attaches its view while it runs; a
// Pointyard alone has none (services.cluster.get() is null).

export interface ClusterNodeState {
  name: string;
  /** This node. */
  self: boolean;
  /** Heartbeating within the lease time, not stopped, not draining. */
  live: boolean;
  draining: boolean;
  /** Stopped cleanly (its devices handed over at once). */
  stopped: boolean;
  /** Milliseconds since its last heartbeat, by the database's clock. */
  heartbeatAgeMs: number;
  /** The devices whose lease it holds, sorted. */
  devices: string[];
  /** The node-wide roles it plays (publishing to an external broker…), sorted; absent: none. */
  roles?: string[];
}

export interface ClusterDeviceLease {
  device: string;
  /** The node holding its lease, or null while it has none (expired, never claimed). */
  owner: string | null;
  /** The fencing token of the last claim (0: never claimed). */
  token: number;
  /** Milliseconds until its lease expires; null while it has none. */
  expiresInMs: number | null;
}

/** A node-wide role (one node of the cluster plays it at a time) and its lease. */
export interface ClusterRoleLease {
  role: string;
  /** The node playing it, or null while nobody does. */
  owner: string | null;
  /** The fencing token of the last claim. */
  token: number;
  /** Milliseconds until its lease expires; null while it has none. */
  expiresInMs: number | null;
}

export interface ClusterSnapshot {
  /** When it was read, epoch ms (wall clock). */
  at: number;
  /** The database answered this read (false: the values below are the last ones read). */
  databaseReachable: boolean;
  nodes: ClusterNodeState[];
  devices: ClusterDeviceLease[];
  /** The node-wide roles declared by the nodes (never counted as devices); absent: none. */
  roles?: ClusterRoleLease[];
  /** This node's change feed: how far it is behind the newest change (ms of the last delivery; null: unknown). */
  feedLagMs: number | null;
}

export interface ClusterView {
  /** This node's name. */
  readonly node: string;
  /** The lease time: a node silent this long has lost its devices (ms). */
  readonly leaseMs: number;
  /** The cluster as last read (the node reads it at each heartbeat); null before the first read. */
  snapshot(): ClusterSnapshot | null;
  /** Drains this node (its devices go to the others) or takes it back; resolves once the database has it. */
  drain(on: boolean): Promise<void>;
}

/** Where the running node's view is found. */
export class ClusterSlot {
  private current: ClusterView | null = null;

  /** The view of the node running now, or null (no cluster). */
  get(): ClusterView | null {
    return this.current;
  }

  /** Attaches `view` while the node runs; the function returned detaches it. */
  attach(view: ClusterView): () => void {
    this.current = view;
    return () => {
      if (this.current === view) this.current = null;
    };
  }
}
