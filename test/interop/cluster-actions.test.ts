// Calls forwarded to the node that runs a device, on a two-node cluster of real `pointyard start --node`
// processes (the demo site, Debian's PostgreSQL), each asked over Haystack on the node that does NOT run the
// device: a momentary action (the DHW tank's Legionella Cycle) runs on its owner, and both nodes show the cycle
// IN_PROGRESS; a fault (the rainwater tank's sensor failure) reaches the device, whose owner raises its alarm;
// that alarm, acknowledged on the other node, is acknowledged in the store.
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

const SITE = 'lyon-confluence';
const TANK = 'dhw-tank';
const RAIN = 'rainwater-tank';
const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster | undefined;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-actions-'));
before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** The id of an alarm row (Hayson: a Ref). */
const refOf = (row: Record<string, unknown>) => String((row.id as { val: string }).val);

async function api(node: RunningPointyard) {
  const { fetch } = await haystackLogin(node.url, 'admin', ADMIN_PASSWORD);
  const op = async (name: string, body = '') => {
    const answer = await callOp(node.url, fetch, name, body);
    assert.equal(answer.status, 200, answer.text);
    return answer;
  };
  return {
    op,
    /** The device → owner rows of the `cluster` op. */
    async owners(): Promise<Map<string, string>> {
      const answer = await op('cluster', 'ver:"3.0"\ndevices\nM\n');
      assert.equal(answer.error, null, answer.text);
      const rows = rowsOf(answer.grid).filter((r) => typeof r.device === 'string');
      return new Map(rows.map((r) => [r.device as string, String(r.owner)]));
    },
    async curVal(point: string): Promise<string | undefined> {
      const answer = await op('read', `ver:"3.0"\nid\n@${SITE}.${point}\n`);
      return answer.error === null ? answer.grid.getRows()[0]?.get('curVal')?.toString() : undefined;
    },
    async alarms(point: string): Promise<Record<string, unknown>[]> {
      const answer = await op('alarms', `ver:"3.0"\nid\n@${SITE}.${point}\n`);
      assert.equal(answer.error, null, answer.text);
      return rowsOf(answer.grid);
    },
  };
}

test(
  'on the node that does not run the device: an action runs, a fault is injected, an alarm is acknowledged',
  { skip, timeout: 300_000 },
  async () => {
    const url = await (cluster as PostgresCluster).createDatabase('actions');
    const start = (name: string) =>
      startPointyard(join(root, name), { args: ['--store', url, '--node', name] });
    const nodes: RunningPointyard[] = [];
    try {
      for (const name of ['n1', 'n2']) nodes.push(await start(name));
      const apis = {
        n1: await api(nodes[0] as RunningPointyard),
        n2: await api(nodes[1] as RunningPointyard),
      };
      // Both nodes hold devices, and both see the same owners (the split has settled).
      let owners = new Map<string, string>();
      await until(
        'the devices split between n1 and n2',
        async () => {
          owners = await apis.n1.owners();
          const seen = new Set(owners.values());
          return seen.has('n1') && seen.has('n2') && [TANK, RAIN].every((d) => seen.has(owners.get(d) ?? ''));
        },
        60_000,
      );
      const other = (device: string) => (owners.get(device) === 'n1' ? apis.n2 : apis.n1);
      const both = [apis.n1, apis.n2];

      // A momentary action written on the node that does not run the tank: its owner starts the cycle.
      const action = await other(TANK).op(
        'invokeAction',
        `ver:"3.0" id:@${SITE}.${TANK}.legionella-cycle action:"TRIGGER"\nempty\n`,
      );
      assert.equal(action.error, null, action.text);
      await until(
        'Legionella Status IN_PROGRESS on both nodes',
        async () => {
          for (const node of both)
            if ((await node.curVal(`${TANK}.legionella-status`)) !== 'IN_PROGRESS') return false;
          return true;
        },
        60_000,
      );

      // A fault injected on the node that does not run the rainwater tank: its owner raises the alarm.
      const fault = await other(RAIN).op('fault', `ver:"3.0"\ndevice,fault\n"${RAIN}","sensor-failure"\n`);
      assert.equal(fault.error, null, fault.text);
      let alarm: Record<string, unknown> | undefined;
      await until(
        'the sensor status alarm raised by the owner',
        async () => {
          alarm = (await other(RAIN).alarms(`${RAIN}.sensor-status`)).find((a) => a.state === 'active');
          return alarm !== undefined;
        },
        60_000,
      );

      // Acknowledged on the node that does not run the tank (its alarm monitor never knew the alarm).
      const id = refOf(alarm as Record<string, unknown>);
      const ack = await other(RAIN).op('alarmAck', `ver:"3.0"\nid\n@${id}\n`);
      assert.equal(ack.error, null, ack.text);
      for (const node of both) {
        const acked = (await node.alarms(`${RAIN}.sensor-status`)).find((a) => refOf(a) === id);
        assert.equal(acked?.state, 'acknowledged', JSON.stringify(acked));
        assert.equal(acked?.ackedBy, 'admin');
      }
      for (const node of nodes) assert.equal(await node.stop(), 0);
    } finally {
      for (const node of nodes) await node.stop('SIGKILL');
    }
  },
);
