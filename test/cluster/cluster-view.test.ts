// The cluster view of a node over real lease managers on a real PostgreSQL: it shows every node (this one
// marked) and every device's owner, follows the heartbeats, drains and takes back this node, and keeps its last
// snapshot, marked unreachable, while the database is down.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeaseClusterView } from '../../src/cluster/lease-cluster-view.js';
import type { ClusterSnapshot } from '../../src/runtime/services/cluster-view.js';
import { PartitionProxy } from '../support/partition-proxy.js';
import { filePostgres } from '../support/postgres.js';
import { deviceNames, TestCluster, type TestNode, until } from './leases-harness.js';

const { skip, postgres } = filePostgres({ fsync: false });

/** Two nodes a and b sharing four devices, and a's view (feed lag 42 ms); everything stopped at the end. */
async function withView(
  work: (view: LeaseClusterView, cluster: TestCluster) => Promise<void>,
): Promise<void> {
  const url = await postgres().createDatabase('view');
  const cluster = new TestCluster(url, deviceNames(4));
  const a = await cluster.start('a');
  await cluster.start('b');
  const view = new LeaseClusterView(a.manager, { feedLag: () => 42 });
  try {
    await view.start();
    await work(view, cluster);
  } finally {
    view.stop();
    await cluster.dispose();
  }
}

/** Polls the view until `ok` holds for its snapshot. */
function viewUntil(view: LeaseClusterView, ok: (s: ClusterSnapshot) => boolean, what: string) {
  return until(() => {
    const s = view.snapshot();
    return s !== null && ok(s);
  }, what);
}

const shares = (s: ClusterSnapshot) => s.nodes.map((n) => `${n.name}:${n.devices.length}`).join(' ');

test(
  'the view shows both nodes live, this one marked, each device owned, the feed lag',
  { skip },
  async () => {
    await withView(async (view) => {
      assert.equal(view.node, 'a');
      assert.equal(view.leaseMs, 1200);
      await viewUntil(view, (s) => shares(s) === 'a:2 b:2', 'two devices each');
      const s = view.snapshot() as ClusterSnapshot;
      assert.equal(s.databaseReachable, true);
      assert.equal(s.feedLagMs, 42);
      assert.deepEqual(
        s.nodes.map((n) => [n.name, n.self, n.live, n.draining, n.stopped]),
        [
          ['a', true, true, false, false],
          ['b', false, true, false, false],
        ],
      );
      assert.ok(s.nodes.every((n) => n.heartbeatAgeMs >= 0 && n.heartbeatAgeMs < 1200));
      assert.equal(s.devices.length, 4);
      for (const d of s.devices) {
        assert.ok(d.owner === 'a' || d.owner === 'b');
        assert.ok(d.token >= 1);
        assert.ok(d.expiresInMs !== null && d.expiresInMs > 0);
      }
    });
  },
);

test(
  'drain shows at once (no devices, draining) and the other node takes them; undrain takes a share back',
  { skip },
  async () => {
    await withView(async (view) => {
      await viewUntil(view, (s) => shares(s) === 'a:2 b:2', 'two devices each');
      await view.drain(true);
      const drained = view.snapshot() as ClusterSnapshot;
      const a = drained.nodes.find((n) => n.name === 'a');
      assert.deepEqual([a?.draining, a?.live, a?.devices.length], [true, false, 0]);
      await viewUntil(view, (s) => shares(s) === 'a:0 b:4', 'b owns all four');
      await view.drain(false);
      assert.equal(view.snapshot()?.nodes.find((n) => n.name === 'a')?.draining, false);
      await viewUntil(view, (s) => shares(s) === 'a:2 b:2', 'two devices each again');
    });
  },
);

test(
  'a node stopped cleanly shows stopped with no devices; the database down keeps the last snapshot, unreachable',
  { skip },
  async () => {
    await withView(async (view, cluster) => {
      await viewUntil(view, (s) => shares(s) === 'a:2 b:2', 'two devices each');
      await (cluster.nodes[1] as TestNode).manager.stop();
      await viewUntil(
        view,
        (s) => s.nodes.some((n) => n.name === 'b' && n.stopped && !n.live) && shares(s) === 'a:4 b:0',
        'b stopped, a owns all four',
      );
      const pg = postgres();
      await pg.stop();
      try {
        await viewUntil(view, (s) => !s.databaseReachable, 'the database unreachable');
        const s = view.snapshot() as ClusterSnapshot;
        assert.equal(shares(s), 'a:4 b:0', 'the last values read are kept');
      } finally {
        await pg.resume();
      }
      await viewUntil(view, (s) => s.databaseReachable, 'the database reachable again');
    });
  },
);

test(
  'a silent network (no answer, no refusal) marks the view unreachable within a lease time; healed, it reads again',
  { skip },
  async () => {
    const pg = postgres();
    const url = await pg.createDatabase('view');
    const cluster = new TestCluster(url, deviceNames(4));
    const proxy = await PartitionProxy.start(pg.port);
    const errors: Error[] = [];
    const a = await cluster.start('a', {}, proxy.via(url));
    await cluster.start('b');
    const view = new LeaseClusterView(a.manager, { onError: (err) => errors.push(err) });
    try {
      await view.start();
      await viewUntil(view, (s) => s.databaseReachable && s.nodes.length === 2, 'both nodes read');
      proxy.partition();
      await viewUntil(view, (s) => !s.databaseReachable, 'the database unreachable');
      assert.equal(view.snapshot()?.nodes.length, 2, 'the last values read are kept');
      assert.ok(
        errors.some((e) => /no answer from the database within 1200 ms/.test(e.message)),
        errors.join('; '),
      );
      proxy.heal();
      await viewUntil(view, (s) => s.databaseReachable, 'the database reachable again');
    } finally {
      view.stop();
      await proxy.close();
      await cluster.dispose();
    }
  },
);
