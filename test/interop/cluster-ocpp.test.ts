// OCPP 1.6-J on a cluster of two real `pointyard start --node` processes sharing the demo site on one
// PostgreSQL (this file's own): every simulated charger connects once across the nodes, to the central system
// of the node that runs it, and booted once there (each node's `chargePoints` and `chargerMessages` ops); one
// node killed with SIGKILL → its chargers connect to the other node's central system (bounded poll: the lease
// time plus a heartbeat plus the connection), and no charging session is duplicated in the shared store
// (`chargingSessions`). A foreign charge point (@voltbras/ts-ocpp, not our code) connected to one node is
// remote-started from the other: the call goes through the cluster's owner calls.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { until } from '../protocols/sia-pointyard-rig.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the peer is untyped as far as this test goes
type Any = any;
const tsOcpp: Any | null = (() => {
  try {
    return require('@voltbras/ts-ocpp');
  } catch {
    return null;
  }
})();

const skip = peerSkip(postgresMissing());
/** The demo's simulated chargers (a fleet of four). */
const CHARGERS = ['ev-charger-1', 'ev-charger-2', 'ev-charger-3', 'ev-charger-4'];
let cluster: PostgresCluster | undefined;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-ocpp-'));
before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

async function api(node: RunningPointyard) {
  const { fetch } = await haystackLogin(node.url, 'admin', ADMIN_PASSWORD);
  const op = async (name: string, body = ''): Promise<Row[]> => {
    const answer = await callOp(node.url, fetch, name, body);
    assert.equal(answer.error, null, answer.text);
    return rowsOf(answer.grid);
  };
  return {
    /** The charge points connected to this node's central system. */
    connected: async () => (await op('chargePoints')).map((r) => String(r.chargePoint)).sort(),
    /** How many BootNotifications this node's central system got from `id`. */
    boots: async (id: string) =>
      (await op('chargerMessages', `ver:"3.0"\nchargePoint\n"${id}"\n`)).filter(
        (r) => r.action === 'BootNotification' && r.direction === 'in' && r.type === 'call',
      ).length,
    sessions: () => op('chargingSessions'),
    /** The devices this node holds, by the cluster op. */
    devices: async () => {
      const rows = await op('cluster', 'ver:"3.0"\ndevices\nT\n');
      const self = rows.find((r) => r.self !== undefined && r.self !== false)?.name;
      return rows.filter((r) => r.device !== undefined && r.owner === self).map((r) => String(r.device));
    },
    op: async (name: string, body: string) => callOp(node.url, fetch, name, body),
  };
}

type Api = Awaited<ReturnType<typeof api>>;

/** Each charger on exactly one node, and the node whose central system holds it is the one that runs it. */
async function connectedOnce(apis: Api[]): Promise<boolean> {
  const lists = await Promise.all(apis.map((a) => a.connected()));
  return CHARGERS.every((id) => lists.filter((l) => l.includes(id)).length === 1);
}

/** No session twice: one row per id, and no two of a charger starting at the same time. */
function assertNoDuplicate(sessions: Row[]): void {
  const ids = sessions.map((s) => String(s.id));
  assert.equal(new Set(ids).size, ids.length, 'session ids unique');
  const starts = sessions.map((s) => `${s.chargePoint}@${JSON.stringify(s.start)}`);
  assert.equal(new Set(starts).size, starts.length, `no session twice: ${starts.join(', ')}`);
  for (const id of CHARGERS)
    assert.ok(
      sessions.filter((s) => s.chargePoint === id && s.open !== undefined).length <= 1,
      `${id}: at most one open session`,
    );
}

test(
  'two nodes: each charger connects and boots once; a node killed, its chargers move, no session duplicated',
  { skip, timeout: 300_000 },
  async () => {
    const url = await (cluster as PostgresCluster).createDatabase('ocpp');
    const start = (name: string) =>
      startPointyard(join(root, name), { args: ['--store', url, '--node', name] });
    const nodes = await Promise.all([start('n1'), start('n2')]);
    try {
      const apis = await Promise.all(nodes.map(api));
      await until('both nodes running devices', async () =>
        (await Promise.all(apis.map((a) => a.devices()))).every((d) => d.length > 0),
      );
      await until('each charger connected to one node', () => connectedOnce(apis), 120_000);
      // Settled: the same placement over a few reads, then one boot per charger where it is connected.
      for (const [i, a] of apis.entries())
        for (const id of await a.connected()) {
          assert.ok((await a.devices()).includes(id), `${id} connected to the node that runs it (n${i + 1})`);
          assert.equal(await a.boots(id), 1, `${id} booted once on n${i + 1}`);
        }
      const [n1, n2] = apis as [Api, Api];
      const victimIndex = (await n2.connected()).length > 0 ? 1 : 0;
      const victim = nodes[victimIndex] as RunningPointyard;
      const survivor = apis[1 - victimIndex] as Api;
      const moved = await (victimIndex === 1 ? n2 : n1).connected();
      assert.ok(moved.length > 0, 'the node killed holds chargers');
      const before = await survivor.sessions();
      assertNoDuplicate(before);
      const openAtKill = before.filter((s) => s.open !== undefined && moved.includes(String(s.chargePoint)));
      const killedAt = Date.now();
      assert.equal(await victim.stop('SIGKILL'), null);
      await until(
        'every charger connected to the survivor',
        async () => (await survivor.connected()).join() === CHARGERS.join(),
        60_000,
      );
      // Each charger taken over booted once on the survivor.
      for (const id of moved) assert.equal(await survivor.boots(id), 1, `${id} booted once on the survivor`);
      // Sessions open on the killed node's chargers end (PowerLoss, as after a restart), none twice.
      await until('no session of a moved charger left open', async () =>
        (await survivor.sessions()).every(
          (s) => !moved.includes(String(s.chargePoint)) || s.open === undefined,
        ),
      );
      const afterKill = await survivor.sessions();
      assertNoDuplicate(afterKill);
      // A session open at the kill ends PowerLoss on the survivor (unless it ended just before the kill).
      for (const open of openAtKill) {
        const ended = afterKill.find((s) => s.id === open.id);
        assert.ok(ended, `session ${String(open.id)} kept`);
        const stoppedBefore = Date.parse((ended.stop as { val: string }).val) < killedAt;
        assert.ok(
          ended.reason === 'PowerLoss' || stoppedBefore,
          `session ${String(open.id)}: ${ended.reason}`,
        );
      }
      assert.equal(await nodes[1 - victimIndex]?.stop(), 0);
    } finally {
      for (const node of nodes) await node.stop('SIGKILL');
    }
  },
);

test(
  'a foreign charge point connected to one node is remote-started from the other',
  {
    skip: skip || peerSkip(tsOcpp ? null : '@voltbras/ts-ocpp (npm ci installs it)'),
    timeout: 300_000,
  },
  async () => {
    const url = await (cluster as PostgresCluster).createDatabase('ocpp_foreign');
    const start = (name: string) =>
      startPointyard(join(root, name), { args: ['--store', url, '--node', name] });
    const nodes = await Promise.all([start('f1'), start('f2')]);
    let cp: Any = null;
    try {
      const [a, b] = (await Promise.all(nodes.map(api))) as [Api, Api];
      await until('both nodes running devices', async () =>
        (await Promise.all([a.devices(), b.devices()])).every((d) => d.length > 0),
      );
      const requests: Any[] = [];
      cp = new tsOcpp.ChargePoint(
        'FOREIGN-CP',
        (request: Any) => {
          requests.push(request);
          return { action: request.action, ocppVersion: request.ocppVersion, status: 'Accepted' };
        },
        (nodes[0] as RunningPointyard).ocppUrl,
      );
      await cp.connect();
      await until('the foreign charge point connected to f1', async () =>
        (await a.connected()).includes('FOREIGN-CP'),
      );
      assert.ok(!(await b.connected()).includes('FOREIGN-CP'), 'not connected to f2');
      const answer = await b.op(
        'remoteStart',
        'ver:"3.0"\nchargePoint,idTag,connector\n"FOREIGN-CP","RFID-0001",1\n',
      );
      assert.equal(answer.error, null, answer.text);
      assert.equal(rowsOf(answer.grid)[0]?.status, 'Accepted');
      const started = requests.filter((r) => r.action === 'RemoteStartTransaction');
      assert.equal(started.length, 1, 'asked once');
      assert.equal(started[0]?.idTag, 'RFID-0001');
      for (const node of nodes) assert.equal(await node.stop(), 0);
    } finally {
      cp?.close?.();
      for (const node of nodes) await node.stop('SIGKILL');
    }
  },
);
