// Node-wide roles leased like devices (src/cluster/role-keys.ts, roles-balance.ts) among nodes on one
// PostgreSQL database: each role is played by one node at a time and taken once; roles spread over the nodes
// that declared them; a killed holder's role moves to a live node; drain moves them at once; a node that did
// not declare a role never plays it; the status lists roles apart from the devices.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeaseManagerOptions } from '../../src/cluster/leases.js';
import { balanceRoles } from '../../src/cluster/roles-balance.js';
import { filePostgres } from '../support/postgres.js';
import { deviceNames, kill, TestCluster, type TestNode, until } from './leases-harness.js';

const { skip, postgres } = filePostgres({ fsync: false });

interface RoleEvent {
  kind: 'taken' | 'lost';
  node: string;
  role: string;
  token?: number;
  reason?: string;
}

/** A cluster of 4 devices whose nodes record their role events in `roles`. */
class RoleCluster extends TestCluster {
  readonly roleEvents: RoleEvent[] = [];

  startPlaying(name: string, roles: string[], more: Partial<LeaseManagerOptions> = {}): Promise<TestNode> {
    return this.start(name, {
      roles,
      onRoleAcquired: (role, token) => this.roleEvents.push({ kind: 'taken', node: name, role, token }),
      onRoleLost: (role, reason) => this.roleEvents.push({ kind: 'lost', node: name, role, reason }),
      ...more,
    });
  }

  /** Role → the node playing it; fails if two nodes believe they play one role. */
  players(nodes: readonly TestNode[] = this.nodes): Map<string, string> {
    const out = new Map<string, string>();
    for (const node of nodes)
      for (const role of node.manager.roles()) {
        assert.equal(out.get(role), undefined, `${role} played by both ${out.get(role)} and ${node.name}`);
        out.set(role, node.name);
      }
    return out;
  }

  /** How many times `role` was taken. */
  taken(role: string): number {
    return this.roleEvents.filter((e) => e.kind === 'taken' && e.role === role).length;
  }
}

async function withRoles(work: (c: RoleCluster) => Promise<void>): Promise<void> {
  const url = await postgres().createDatabase('roles');
  const cluster = new RoleCluster(url, deviceNames(4));
  try {
    await work(cluster);
    cluster.assertTokensIncrease();
    // A role's tokens grow at every claim, as a device's.
    for (const role of new Set(cluster.roleEvents.map((e) => e.role))) {
      const tokens = cluster.roleEvents
        .filter((e) => e.kind === 'taken' && e.role === role)
        .map((e) => e.token);
      assert.deepEqual(
        tokens,
        [...tokens].sort((x, y) => (x ?? 0) - (y ?? 0)),
      );
      assert.equal(new Set(tokens).size, tokens.length);
    }
  } finally {
    await cluster.dispose();
  }
}

describe('roles balance (pure)', () => {
  test('a free role goes to a node holding no more than its rivals; one role handed to a node two fewer', () => {
    const both = new Set(['mqtt', 'sia']);
    assert.deepEqual(balanceRoles({ draining: false, mine: [], free: ['mqtt', 'sia'], others: [] }), {
      claim: ['mqtt', 'sia'],
      release: [],
    });
    // Another node declaring both and holding none: this node takes one, leaves the other.
    assert.deepEqual(
      balanceRoles({
        draining: false,
        mine: [],
        free: ['mqtt', 'sia'],
        others: [{ declared: both, held: 0 }],
      }),
      { claim: ['mqtt'], release: [] },
    );
    // Holding both while another node that declared them holds none: one is released.
    assert.deepEqual(
      balanceRoles({
        draining: false,
        mine: ['mqtt', 'sia'],
        free: [],
        others: [{ declared: both, held: 0 }],
      }),
      { claim: [], release: ['sia'] },
    );
    // A node that did not declare the roles is no rival: nothing is held back for it.
    assert.deepEqual(
      balanceRoles({
        draining: false,
        mine: ['mqtt'],
        free: ['sia'],
        others: [{ declared: new Set(), held: 0 }],
      }),
      { claim: ['sia'], release: [] },
    );
    // Stable: counts one apart.
    assert.deepEqual(
      balanceRoles({
        draining: false,
        mine: ['mqtt', 'sia'],
        free: [],
        others: [{ declared: both, held: 1 }],
      }),
      { claim: [], release: [] },
    );
    assert.deepEqual(balanceRoles({ draining: true, mine: ['mqtt'], free: ['sia'], others: [] }), {
      claim: [],
      release: ['mqtt'],
    });
  });
});

describe('roles as leases', { skip }, () => {
  test('each role is played by one node; two nodes play one each, each role taken once per holder', async () => {
    await withRoles(async (c) => {
      const a = await c.startPlaying('a', ['mqtt', 'sia-transmitter']);
      assert.deepEqual(a.manager.roles(), ['mqtt', 'sia-transmitter']);
      const b = await c.startPlaying('b', ['mqtt', 'sia-transmitter']);
      await until(() => a.manager.roles().length === 1 && b.manager.roles().length === 1, 'one role each');
      const players = c.players();
      assert.equal(players.size, 2);
      // Stable membership: nothing changes hands any more.
      const events = c.roleEvents.length;
      const beats = b.manager.heartbeats;
      await until(() => b.manager.heartbeats >= beats + 5, 'five more heartbeats');
      assert.equal(c.roleEvents.length, events);
      assert.deepEqual(c.players(), players);
      // a took both, then handed one to b: mqtt taken once, the other twice (a, then b).
      assert.equal(c.taken('mqtt') + c.taken('sia-transmitter'), 3);
      // Roles are no devices: the devices are shared 2 + 2, and the status lists the roles apart.
      assert.deepEqual(c.counts([a, b]), [2, 2]);
      const status = await a.manager.status();
      assert.deepEqual(
        status.devices.map((d) => d.device),
        deviceNames(4),
      );
      assert.deepEqual(status.roles.map((r) => [r.role, r.owner]).sort(), [
        ['mqtt', players.get('mqtt')],
        ['sia-transmitter', players.get('sia-transmitter')],
      ]);
      for (const n of status.nodes) {
        assert.equal(n.devices.length, 2);
        assert.deepEqual(
          n.roles,
          [...players].filter(([, node]) => node === n.name).map(([r]) => r),
        );
      }
    });
  });

  test('the holder killed: its role moves to the live node, with a greater token', async () => {
    await withRoles(async (c) => {
      const a = await c.startPlaying('a', ['mqtt']);
      const b = await c.startPlaying('b', ['mqtt']);
      assert.deepEqual(c.players(), new Map([['mqtt', 'a']]));
      await kill(a);
      await until(() => b.manager.playsRole('mqtt'), 'b plays mqtt');
      assert.deepEqual(c.players([b]), new Map([['mqtt', 'b']]));
      assert.equal(c.taken('mqtt'), 2);
    });
  });

  test('drain moves the roles at once; a node that did not declare a role never plays it', async () => {
    await withRoles(async (c) => {
      const a = await c.startPlaying('a', ['mqtt', 'sia-transmitter']);
      const b = await c.startPlaying('b', ['mqtt']);
      const d = await c.startPlaying('d', []);
      await until(() => b.manager.playsRole('mqtt') || a.manager.roles().length === 2, 'settled');
      await a.manager.drain();
      assert.deepEqual(a.manager.roles(), []);
      await until(() => b.manager.playsRole('mqtt'), 'b plays mqtt');
      // Nobody else declared sia-transmitter: it waits for a.
      assert.equal(c.players().get('sia-transmitter'), undefined);
      assert.deepEqual(d.manager.roles(), []);
      const lost = c.roleEvents.filter((e) => e.kind === 'lost' && e.node === 'a');
      assert.ok(lost.every((e) => e.reason === 'draining' || e.reason === 'rebalanced'));
      await a.manager.undrain();
      await until(() => a.manager.playsRole('sia-transmitter'), 'a plays sia-transmitter again');
      assert.deepEqual(d.manager.roles(), []);
      const status = await d.manager.status();
      assert.equal(status.devices.length, 4);
      assert.equal(status.roles.length, 2);
    });
  });
});
