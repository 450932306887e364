// Pointyard's `cluster` and `clusterDrain` ops over real HTTP: without a cluster an empty grid with meta
// `cluster: false`; with the view of node a (sharing four devices with b on a real PostgreSQL) one row per node
// (with the roles it plays) and, with `devices`, one per device lease, then one per role; clusterDrain for admins only, its Bool checked.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HBool, type HGrid } from 'haystack-core';
import { LeaseClusterView } from '../../src/cluster/lease-cluster-view.js';
import { deviceNames, TestCluster, until } from '../cluster/leases-harness.js';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const skip = peerSkip(postgresMissing());
let postgres: PostgresCluster | undefined;
const server = await demoHaystack();

before(async () => {
  if (!skip) postgres = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await server.close();
  await postgres?.dispose();
});

const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);
const GET = { query: {} };
const metaBool = (grid: HGrid, name: string) => (grid.meta.get(name) as HBool | undefined)?.value;

/** Nodes a and b sharing four devices and the role `mqtt`, a's view attached to the server's services while `work` runs. */
async function withCluster(work: (view: LeaseClusterView) => Promise<void>): Promise<void> {
  const cluster = new TestCluster(await (postgres as PostgresCluster).createDatabase('op'), deviceNames(4));
  const a = await cluster.start('a', { roles: ['mqtt'] });
  await cluster.start('b', { roles: ['mqtt'] });
  const view = new LeaseClusterView(a.manager);
  await view.start();
  const detach = server.runtime.services.cluster.attach(view);
  try {
    await until(async () => {
      await view.refresh();
      return view.snapshot()?.nodes.every((n) => n.devices.length === 2) ?? false;
    }, 'two devices each');
    await work(view);
  } finally {
    detach();
    view.stop();
    await cluster.dispose();
  }
}

test('without a cluster: an empty grid, meta cluster false; clusterDrain says there is none', async () => {
  const answer = await call('cluster', GET);
  assert.equal(answer.error, null);
  assert.equal(answer.grid.getRows().length, 0);
  assert.equal(metaBool(answer.grid, 'cluster'), false);
  assert.deepEqual(
    answer.grid.getColumns().map((c) => c.name),
    ['name', 'self', 'live', 'draining', 'stopped', 'heartbeatAge', 'devices', 'roles'],
  );
  assert.match((await call('clusterDrain', 'ver:"3.0"\non\nT\n')).error ?? '', /no node of a cluster/);
});

test(
  'the nodes, this one marked; with devices, every lease after them; any logged-in user may read',
  { skip },
  async () => {
    await withCluster(async () => {
      const { fetch: viewer } = await server.login('victor');
      const answer = await call('cluster', GET, viewer);
      assert.equal(answer.error, null);
      const g = answer.grid;
      assert.equal(metaBool(g, 'cluster'), true);
      assert.equal(g.meta.get('node')?.toString(), 'a');
      assert.equal(metaBool(g, 'databaseReachable'), true);
      assert.equal(g.meta.get('leaseTime')?.toZinc(), '1200ms');
      const rows = g.getRows();
      assert.deepEqual(
        rows.map((r) => [
          String(r.get('name')),
          r.has('self'),
          String(r.get('live')),
          Number(r.get('devices')?.toString()),
          r.get('roles')?.toString(),
        ]),
        [
          // a started first: it took the role, and keeps it.
          ['a', true, 'true', 2, 'mqtt'],
          ['b', false, 'true', 2, undefined],
        ],
      );
      assert.ok(rows.every((r) => /ms$/.test(r.get('heartbeatAge')?.toZinc() ?? '')));

      const withDevices = await call('cluster', { query: { devices: 'T' } }, viewer);
      assert.equal(withDevices.error, null);
      const devices = withDevices.grid.getRows().filter((r) => r.has('device'));
      assert.deepEqual(
        devices.map((r) => String(r.get('device'))),
        deviceNames(4),
      );
      for (const r of devices) {
        assert.ok(['a', 'b'].includes(String(r.get('owner'))));
        assert.ok(Number(r.get('token')?.toString()) >= 1);
        assert.match(r.get('expiresIn')?.toZinc() ?? '', /^\d+ms$/);
      }
      // The role after the devices, never counted as one.
      const roles = withDevices.grid.getRows().filter((r) => r.has('role'));
      assert.deepEqual(
        roles.map((r) => [String(r.get('role')), String(r.get('owner'))]),
        [['mqtt', 'a']],
      );
      assert.equal(withDevices.grid.getRows().length, 2 + 4 + 1);
      assert.match(
        (await call('cluster', { query: { devices: '"yes"' } })).error ?? '',
        /devices must be a Bool/,
      );
    });
  },
);

test('clusterDrain: admins only, on checked; drains and takes back this node', { skip }, async () => {
  await withCluster(async (view) => {
    for (const user of ['olivia', 'victor']) {
      const { fetch } = await server.login(user);
      assert.match(
        (await call('clusterDrain', 'ver:"3.0"\non\nT\n', fetch)).error ?? '',
        /may not clusterDrain/,
      );
    }
    assert.equal(view.snapshot()?.nodes.find((n) => n.self)?.draining, false, 'nothing drained by them');
    assert.match((await call('clusterDrain', 'ver:"3.0"\non\n"x"\n')).error ?? '', /on must be a Bool/);
    assert.match((await call('clusterDrain', 'ver:"3.0"\nempty\nM\n')).error ?? '', /say on: true/);
    assert.equal((await call('clusterDrain', GET)).status, 405);

    const drained = await call('clusterDrain', 'ver:"3.0"\non\nT\n');
    assert.equal(drained.error, null);
    const a = drained.grid.getRows().find((r) => r.has('self'));
    assert.deepEqual([String(a?.get('draining')), String(a?.get('devices'))], ['true', '0']);
    const back = await call('clusterDrain', 'ver:"3.0"\non\nF\n');
    assert.equal(
      String(
        back.grid
          .getRows()
          .find((r) => r.has('self'))
          ?.get('draining'),
      ),
      'false',
    );
    assert.ok(back.grid.meta.get('cluster') instanceof HBool);
  });
});
