// How many leases a node claims or releases at a heartbeat, from the lease counts of the live nodes: a pure
// function, so that its two promises are testable alone. (1) Every live node ends with floor(n/L) or
// ceil(n/L) of the n devices (L live nodes). (2) With stable membership nothing changes hands once there:
// a node releases only to a live node below its share, and a node that released does not claim back while
// that node is still below it.

export interface BalanceInput {
  /** This node's name. */
  me: string;
  /** Whether this node is draining (it then releases all and claims none). */
  draining: boolean;
  /** The devices to share (the site file's). */
  devices: number;
  /** Unexpired leases per live node (a live node holding none may be absent); this node's included. */
  held: ReadonlyMap<string, number>;
  /** The live nodes (by the database's clock), this node included unless it is draining or not live. */
  live: readonly string[];
}

export interface BalancePlan {
  /** Free (or expired) leases to claim at most. */
  claim: number;
  /** Own leases to release. */
  release: number;
}

export function balance(input: BalanceInput): BalancePlan {
  const mine = input.held.get(input.me) ?? 0;
  if (input.draining) return { claim: 0, release: mine };
  const live = input.live.includes(input.me) ? input.live : [...input.live, input.me];
  const floor = Math.floor(input.devices / live.length);
  const ceil = Math.ceil(input.devices / live.length);
  const others = live.filter((n) => n !== input.me).map((n) => input.held.get(n) ?? 0);
  const someoneBelowFloor = others.some((c) => c < floor);
  const someoneBelowCeil = others.some((c) => c < ceil);
  // While another live node is below the floor, leave the free leases to it beyond this node's floor.
  const limit = someoneBelowFloor ? floor : ceil;
  // Keep at least the share the neediest other node is waiting for; keep everything when none is below ceil.
  const keep = someoneBelowFloor ? floor : someoneBelowCeil ? ceil : Number.POSITIVE_INFINITY;
  return { claim: Math.max(0, limit - mine), release: Math.max(0, mine - keep) };
}
