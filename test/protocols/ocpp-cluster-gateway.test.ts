// A real charge point of a gateway device (`source: ocpp://CP-GW`) on the nodes of a cluster (in-process
// servers on one database of this file's own PostgreSQL, each its own central system): it connects to the node
// that does not run its device, and the device moves there (the only node that can read it and call it);
// what it reports shows on both nodes; a write made on the other node reaches it as a CSMS call; the nodes
// share the devices evenly again around it, and its device stays where it is once it leaves.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import type { RunningServer } from '../../src/server.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { startOcppNode } from './ocpp-cluster-node.js';
import { until } from './ocpp-csms-rig.js';

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const closers: Array<() => Promise<unknown>> = [];
const DEVICES = ['ev-gw', 'tank-1', 'tank-2', 'tank-3'];

before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  while (closers.length > 0) await closers.pop()?.();
  await cluster?.dispose();
});

const SITE = `
site: { id: ocpp-gateway-cluster, name: OCPP gateway cluster test, tz: UTC }
devices:
  - { id: ev-gw, profile: ev-charger-level-2, source: "ocpp://CP-GW" }
  - { id: tank-1, profile: level-sensor }
  - { id: tank-2, profile: level-sensor }
  - { id: tank-3, profile: level-sensor }
server:
  ocpp: { host: 127.0.0.1, port: 0, autoAccept: true }
`;

const startNode = (url: string, name: string) => startOcppNode(SITE, url, name, closers);

/** Every device run by exactly one of `nodes`, `counts` of them each (in the nodes' order). */
const shared = (nodes: RunningServer[], counts: number[]) =>
  DEVICES.every((d) => nodes.filter((n) => n.runtime.owns(d)).length === 1) &&
  nodes.every((n, i) => DEVICES.filter((d) => n.runtime.owns(d)).length === counts[i]);

const read = (node: RunningServer, point: string) => {
  const { points } = node.runtime.services;
  return points.read(points.indexOf(`ev-gw.${point}`) as number);
};

describe('a gateway charge point on the nodes of a cluster', { skip }, () => {
  test('its device moves to the node it connects to; its values show everywhere; writes reach it from any node', async () => {
    const url = await cluster.createDatabase('ocppgw');
    const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
    await until('the devices shared', () => shared(nodes, [2, 2]), 30_000);
    const first = nodes.find((n) => n.runtime.owns('ev-gw')) as RunningServer;
    const other = nodes.find((n) => n !== first) as RunningServer;
    const endpoint = other.endpoints.find((e) => e.name === 'ocpp')?.address;
    const requests: Array<{ action: string; params: unknown }> = [];
    const cp = new ocppRpc.RPCClient({
      endpoint: `ws://${endpoint}/ocpp`,
      identity: 'CP-GW',
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
    } as ConstructorParameters<typeof ocppRpc.RPCClient>[0]);
    cp.handle(async ({ method, params }) => {
      requests.push({ action: method ?? '', params });
      return { status: 'Accepted' };
    });
    await cp.connect();
    closers.push(() => cp.close({ force: true }));

    // Connected to the node that did not run its device: the device moves there, and only there.
    await until('ev-gw runs where its charge point is connected', () => other.runtime.owns('ev-gw'), 15_000);
    assert.equal(first.runtime.owns('ev-gw'), false);
    await cp.call('BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Gateway' });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    for (const node of nodes) {
      await until(
        'Charger Status CHARGING on both nodes',
        () => read(node, 'charger-status').value === 'CHARGING',
        10_000,
      );
      assert.equal(read(node, 'ocpp-connection').value, 'CONNECTED');
    }

    // A write on the node that does not run it: committed there, applied by the device's node, which calls
    // the charge point.
    const result = await first.runtime.services.writes.write({
      key: 'ev-gw.max-current-limit',
      value: 16,
      who: 'admin',
      role: 'admin',
      via: 'test',
    });
    assert.ok(result.ok, JSON.stringify(result));
    await until('SetChargingProfile reaches the charge point', () =>
      requests.some((r) => r.action === 'SetChargingProfile'),
    );

    // The nodes share the devices evenly again around it; it stays where its charge point is.
    await until('two devices each again', () => shared([other, first], [2, 2]), 15_000);
    assert.equal(other.runtime.owns('ev-gw'), true);

    // Gone: the device shows it, on both nodes, and stays where it is (nothing asks for it elsewhere).
    await cp.close({ force: true });
    for (const node of nodes)
      await until(
        'OCPP Connection DISCONNECTED on both nodes',
        () => read(node, 'ocpp-connection').value === 'DISCONNECTED',
        10_000,
      );
    assert.equal(other.runtime.owns('ev-gw'), true);
  });
});
