// Node-wide roles that only one node of a cluster may play at a time: for instance speaking to one outside
// peer for the whole site (publishing to an external MQTT broker, transmitting alarm reports to a receiving
// centre), where two nodes doing it would send everything twice. Alone, a Pointyard plays every role; a node
// of a cluster plays the roles the cluster gives it (the cluster calls `set`) and none before.

export type RoleListener = (held: boolean) => void;

export class RolesService {
  private readonly held = new Set<string>();
  private readonly listeners = new Map<string, Set<RoleListener>>();

  /** `clustered`: a node of a cluster (no role until the cluster gives it one); alone it holds every role. */
  constructor(private readonly clustered: boolean) {}

  /** Whether this node plays `role` now. */
  holds(role: string): boolean {
    return !this.clustered || this.held.has(role);
  }

  /** Calls `listener` when this node takes (true) or loses (false) `role`; returns what stops it. */
  onChange(role: string, listener: RoleListener): () => void {
    const set = this.listeners.get(role) ?? new Set<RoleListener>();
    this.listeners.set(role, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The cluster gives this node `role` or takes it back (no effect alone, or when nothing changes). */
  set(role: string, held: boolean): void {
    if (!this.clustered || this.held.has(role) === held) return;
    if (held) this.held.add(role);
    else this.held.delete(role);
    for (const listener of this.listeners.get(role) ?? []) listener(held);
  }
}
