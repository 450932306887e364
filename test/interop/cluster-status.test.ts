// Cluster Status as a person sees it on a three-node cluster of real `pointyard start --node` processes (the
// demo site, Debian's PostgreSQL): HEALTHY with the three up; one killed with SIGKILL → DEGRADED (read on a
// surviving node, whichever node runs the parking server), its devices taken over; the killed node started
// again under its name → HEALTHY. The `cluster` op lists the three nodes, the killed one not live meanwhile.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { until } from '../protocols/sia-pointyard-rig.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const CLUSTER_STATUS = 'lyon-confluence.parking-server.cluster-status';
const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster | undefined;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-status-'));
before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function api(node: RunningPointyard) {
  const { fetch } = await haystackLogin(node.url, 'admin', ADMIN_PASSWORD);
  return {
    async status(): Promise<string | undefined> {
      const answer = await callOp(node.url, fetch, 'read', `ver:"3.0"\nid\n@${CLUSTER_STATUS}\n`);
      return answer.error === null ? answer.grid.getRows()[0]?.get('curVal')?.toString() : undefined;
    },
    async nodes(): Promise<Record<string, unknown>[]> {
      const answer = await callOp(node.url, fetch, 'cluster');
      assert.equal(answer.error, null, answer.text);
      return rowsOf(answer.grid);
    },
  };
}

test(
  'Cluster Status: HEALTHY, DEGRADED when a node is killed, HEALTHY when it is back',
  { skip, timeout: 300_000 },
  async () => {
    const url = await (cluster as PostgresCluster).createDatabase('status');
    const start = (name: string) =>
      startPointyard(join(root, name), { args: ['--store', url, '--node', name] });
    const nodes: RunningPointyard[] = [];
    try {
      for (const name of ['n1', 'n2', 'n3']) nodes.push(await start(name));
      const n1 = await api(nodes[0] as RunningPointyard);
      const live = async () => (await n1.nodes()).filter((r) => r.live === true).map((r) => r.name);
      await until('three live nodes', async () => (await live()).join() === 'n1,n2,n3', 60_000);
      await until('HEALTHY with three nodes', async () => (await n1.status()) === 'HEALTHY', 120_000);
      await (nodes[2] as RunningPointyard).stop('SIGKILL');
      await until('DEGRADED once n3 is lost', async () => (await n1.status()) === 'DEGRADED', 120_000);
      const lost = (await n1.nodes()).find((r) => r.name === 'n3');
      assert.equal(lost?.live, false, 'n3 is not live');
      nodes[2] = await start('n3');
      await until('HEALTHY again with n3 back', async () => (await n1.status()) === 'HEALTHY', 120_000);
      for (const node of nodes) assert.equal(await node.stop(), 0);
    } finally {
      for (const node of nodes) await node.stop('SIGKILL');
    }
  },
);
