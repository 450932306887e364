// What the lease tests share: nodes (a LeaseManager on a pool of its own) whose acquisitions and losses are
// recorded with performance.now() in one log, a kill (timers stopped and pool ended, nothing released),
// bounded polls, and the checks every test makes of the log and of the database.

import assert from 'node:assert/strict';
import { LeaseManager, type LeaseManagerOptions } from '../../src/cluster/leases.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { StoreHealth } from '../../src/store/store-health.js';

/** Short durations, so that failovers take about a second (heartbeat + margin < ttl). */
export const FAST = { ttlMs: 1200, heartbeatMs: 200, safetyMarginMs: 300 } as const;

export type LeaseEvent =
  | { kind: 'acquired'; node: string; device: string; token: number; at: number }
  | { kind: 'lost'; node: string; device: string; reason: string; at: number };

export interface TestNode {
  name: string;
  manager: LeaseManager;
  db: PgDatabase;
  errors: Error[];
}

/** `count` device names, sorted as the database sorts them. */
export function deviceNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `dev-${String(i).padStart(3, '0')}`);
}

/** A cluster under test: its nodes and one log of every acquisition and loss in order. */
export class TestCluster {
  readonly events: LeaseEvent[] = [];
  readonly nodes: TestNode[] = [];

  constructor(
    readonly url: string,
    readonly devices: readonly string[],
  ) {}

  /** Makes (does not start) a node `name` on a pool of its own. */
  node(name: string, options: Partial<LeaseManagerOptions> = {}, url = this.url): TestNode {
    const db = new PgDatabase(url, new StoreHealth(), 'postgres', { max: 3, connectTimeoutMs: 2000 });
    const errors: Error[] = [];
    const manager = new LeaseManager(db, {
      ...FAST,
      node: name,
      devices: this.devices,
      onAcquired: (device, token) =>
        this.events.push({ kind: 'acquired', node: name, device, token, at: performance.now() }),
      onLost: (device, reason) =>
        this.events.push({ kind: 'lost', node: name, device, reason, at: performance.now() }),
      onError: (err) => errors.push(err),
      ...options,
    });
    const node = { name, manager, db, errors };
    this.nodes.push(node);
    return node;
  }

  /** Makes and starts a node. */
  async start(name: string, options: Partial<LeaseManagerOptions> = {}, url = this.url): Promise<TestNode> {
    const node = this.node(name, options, url);
    await node.manager.start();
    return node;
  }

  /** Stops every node without release and ends every pool (the end of a test). */
  async dispose(): Promise<void> {
    for (const node of this.nodes) {
      await node.manager.stop({ release: false }).catch(() => {});
      await node.db.close().catch(() => {});
    }
  }

  /** Device → the node that believes it owns it; fails if two nodes believe they own one device. */
  owners(nodes: readonly TestNode[] = this.nodes): Map<string, string> {
    const owners = new Map<string, string>();
    for (const node of nodes) {
      for (const device of node.manager.owned().keys()) {
        const other = owners.get(device);
        assert.equal(other, undefined, `${device} owned by both ${other} and ${node.name}`);
        owners.set(device, node.name);
      }
    }
    return owners;
  }

  /** Devices each of `nodes` believes it owns. */
  counts(nodes: readonly TestNode[]): number[] {
    return nodes.map((n) => n.manager.owned().size);
  }

  /** Whether every device is owned by one of `nodes`, each holding floor or ceil of its share. */
  balanced(nodes: readonly TestNode[]): boolean {
    const owners = this.owners();
    if (owners.size !== this.devices.length) return false;
    if ([...owners.values()].some((o) => !nodes.some((n) => n.name === o))) return false;
    const floor = Math.floor(this.devices.length / nodes.length);
    return this.counts(nodes).every(
      (c) => c === floor || c === Math.ceil(this.devices.length / nodes.length),
    );
  }

  /** Checks that at each device the tokens of successive acquisitions increase (strictly, across nodes). */
  assertTokensIncrease(): void {
    const last = new Map<string, { token: number; node: string }>();
    for (const e of this.events) {
      if (e.kind !== 'acquired') continue;
      const before = last.get(e.device) ?? { token: 0, node: '' };
      // The same token again only for the same node: a late renewal it believes again (never another node).
      const again = e.token === before.token && e.node === before.node;
      assert.ok(
        e.token > before.token || again,
        `${e.device}: token ${e.token} acquired by ${e.node} after ${before.token} by ${before.node}`,
      );
      last.set(e.device, { token: e.token, node: e.node });
    }
  }
}

/** A kill as the other nodes see it: the timers stop, nothing is released, the pool ends. */
export async function kill(node: TestNode): Promise<void> {
  await node.manager.stop({ release: false });
  await node.db.close();
}

/** Polls `condition` every 10 ms until it holds; fails after `capMs` with `what`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  capMs = 15_000,
): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await condition())) {
    if (performance.now() > end) assert.fail(`not within ${capMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
