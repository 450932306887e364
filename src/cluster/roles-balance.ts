// Which roles a node claims or releases at a heartbeat: a pure function. A role goes only to a node that
// declared it (a node started without MQTT never publishes), so roles are not shared by counts alone as
// devices are (leases-balance.ts), where a node that cannot play a role would hold the others back. The rule:
// a free role is claimed by a node that declared it and holds no more roles than any other live node that
// declared it (so somebody always claims it); a node releases one role per heartbeat to a live node that
// declared it and holds two roles fewer. With stable membership nothing changes hands once every role has a
// holder and the counts differ by at most one.

export interface RolesBalanceInput {
  /** Whether this node is draining (it then releases all and claims none). */
  draining: boolean;
  /** The roles this node holds now (renewed), sorted. */
  mine: readonly string[];
  /** The free roles (expired or never claimed) this node declared, sorted. */
  free: readonly string[];
  /** The other live nodes: the roles each declared and how many it holds. */
  others: ReadonlyArray<{ declared: ReadonlySet<string>; held: number }>;
}

export interface RolesBalancePlan {
  claim: string[];
  release: string[];
}

export function balanceRoles(input: RolesBalanceInput): RolesBalancePlan {
  if (input.draining) return { claim: [], release: [...input.mine] };
  let count = input.mine.length;
  const claim: string[] = [];
  for (const role of input.free) {
    const rivals = input.others.filter((o) => o.declared.has(role)).map((o) => o.held);
    if (rivals.every((held) => count <= held)) {
      claim.push(role);
      count++;
    }
  }
  if (claim.length > 0) return { claim, release: [] };
  for (const role of [...input.mine].reverse())
    if (input.others.some((o) => o.declared.has(role) && o.held <= count - 2))
      return { claim: [], release: [role] };
  return { claim: [], release: [] };
}
