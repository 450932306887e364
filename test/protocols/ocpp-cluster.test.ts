// OCPP on the nodes of a cluster (in-process servers, each on its own PostgresStore, sharing one database of
// this file's own PostgreSQL; each node its own central system on a free loopback port): every simulated
// charger connects once, to the central system of the node that runs it; a node lost hands its chargers to
// the other, whose central system they then connect to, and a transaction open then ends PowerLoss (as after
// a restart), once; one node shares the load-management limit among every node's charge points, decreases
// first; a
// call made on a node to a charge point connected to the other reaches it through owner
// calls (a simulated charger, and a foreign charge point addressed through a device the other node runs), and
// so does a read of its message log.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ocppRpc from 'ocpp-rpc';
import type { OwnerCallTransport } from '../../src/runtime/services/owner-calls.js';
import { OwnerCallError } from '../../src/runtime/services/owner-calls.js';
import type { RunningServer } from '../../src/server.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { startOcppNode, TTL_MS } from './ocpp-cluster-node.js';
import { until } from './ocpp-csms-rig.js';

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const closers: Array<() => Promise<unknown>> = [];
const CHARGERS = ['ev-1', 'ev-2'];
const DEVICES = [...CHARGERS, 'tank-1', 'tank-2'];

before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  while (closers.length > 0) await closers.pop()?.();
  await cluster?.dispose();
});

const charger = (id: string) => `
  - id: ${id}
    profile: ev-charger-level-2
    parameters:
      randomFaults: false
      arrivalsPerDay: 0
      rfidDelayMinS: 1
      rfidDelayMaxS: 1
      rfidFailureRate: 0
      sessionEnergyKwh: 50
      sessionEnergyMinKwh: 45`;

const SITE = `
site: { id: ocpp-cluster, name: OCPP cluster test, tz: UTC }
devices:${CHARGERS.map(charger).join('')}
  - { id: tank-1, profile: level-sensor }
  - { id: tank-2, profile: level-sensor }
server:
  ocpp:
    host: 127.0.0.1
    port: 0
    autoAccept: true
    idTags: [RFID-0001]
    chargers: { meterValueSampleInterval: 10 }
`;

const startNode = (url: string, name: string) => startOcppNode(SITE, url, name, closers);

const backendOf = (node: RunningServer) => {
  const backend = node.runtime.services.chargingBackend.get();
  assert.ok(backend, 'a charging back end runs');
  return backend;
};

/** Every charger connected to exactly one node's central system: the one of the node that runs it. */
const connectedWhereRun = (nodes: RunningServer[]) =>
  CHARGERS.every((id) => {
    const holders = nodes.filter((n) => backendOf(n).connected().includes(id));
    return holders.length === 1 && holders[0]?.runtime.owns(id) === true;
  });

/**
 * An in-process owner-call transport between these nodes: a call runs on the node that runs the device
 * (`runHere` there), as the cluster's transport does between processes (this test is about where OCPP sends
 * its calls, not about the transport, which has its own tests).
 */
function linkOwnerCalls(nodes: RunningServer[]): void {
  const transport: OwnerCallTransport = {
    async call(device, kind, payload) {
      const owner = nodes.find((n) => n.runtime.owns(device));
      if (!owner) throw new OwnerCallError(`no node runs ${device}`);
      return owner.runtime.services.ownerCalls.runHere(device, kind, payload);
    },
  };
  for (const node of nodes) node.runtime.services.ownerCalls.attach(transport);
}

describe('OCPP on the nodes of a cluster', { skip }, () => {
  test('each charger connects once, where it runs; a node lost: they move, an open transaction ends PowerLoss once', async () => {
    const url = await cluster.createDatabase('moves');
    const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
    await until(
      'each charger connected once, to the node that runs it',
      () => connectedWhereRun(nodes),
      30_000,
    );
    // A car on ev-1, on the node that runs it: its card, then a transaction in the shared store.
    const owner = nodes.find((n) => n.runtime.owns('ev-1')) as RunningServer;
    const survivor = nodes.find((n) => n !== owner) as RunningServer;
    // The charge point's link, which its agent sets where it runs, reaches the other node through the feed.
    await until(
      'the link of ev-1 known on the other node',
      () => survivor.runtime.services.simulation.signal('ev/ev-1/ocppLink') === 1,
      10_000,
    );
    owner.runtime.services.simulation.setSignal('ev-1', 'ev/ev-1/plugins', 1);
    const sessions = () => owner.runtime.services.charging.queryTransactions({ chargePointId: 'ev-1' });
    await until(
      'the transaction opened',
      async () => (await sessions()).some((t) => t.stoppedAt === null),
      30_000,
    );
    const [open] = await sessions();
    // The owner lost (its leases not released: they expire): the survivor runs ev-1 and its charge point.
    await owner.cluster?.stop({ release: false });
    await until(
      'the survivor runs every charger',
      () => CHARGERS.every((id) => survivor.runtime.owns(id)),
      6 * TTL_MS,
    );
    await until('every charger connected to the survivor', () => connectedWhereRun([survivor]), 30_000);
    assert.deepEqual(backendOf(owner).connected(), [], 'nothing left on the lost node');
    await until(
      'the transaction ended',
      async () => (await sessions()).every((t) => t.stoppedAt !== null),
      30_000,
    );
    const after = await sessions();
    assert.equal(after.length, 1, 'one transaction, not duplicated');
    assert.equal(after[0]?.id, open?.id);
    assert.equal(after[0]?.stopReason, 'PowerLoss');
    assert.ok((after[0]?.meterStop ?? -1) >= (open?.meterStart ?? 0));
  });

  test('a node started after the one running a session stopped: the transaction ends PowerLoss there, once', async () => {
    const url = await cluster.createDatabase('restart');
    const first = await startNode(url, 'a');
    await until('the chargers connected to a', () => connectedWhereRun([first]), 30_000);
    first.runtime.services.simulation.setSignal('ev-1', 'ev/ev-1/plugins', 1);
    const sessions = () => first.runtime.services.charging.queryTransactions({ chargePointId: 'ev-1' });
    await until(
      'the transaction opened',
      async () => (await sessions()).some((t) => t.stoppedAt === null),
      30_000,
    );
    // a stops cleanly (its leases released at once): b takes every device at its start, before its chargers'
    // charge points open, while the shared points still show ev-1 charging.
    await first.stop();
    const second = await startNode(url, 'b');
    await until('every charger connected to b', () => connectedWhereRun([second]), 30_000);
    const ended = () => second.runtime.services.charging.queryTransactions({ chargePointId: 'ev-1' });
    await until(
      'the transaction ended',
      async () => (await ended()).every((t) => t.stoppedAt !== null),
      30_000,
    );
    const after = await ended();
    assert.equal(after.length, 1, 'one transaction, not duplicated');
    assert.equal(after[0]?.stopReason, 'PowerLoss');
  });

  test('load management: one node shares the limit among the charge points of every node, decreases first', async () => {
    const url = await cluster.createDatabase('shares');
    const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
    // One charger on each node (each node asks for one).
    const [a, b] = nodes as [RunningServer, RunningServer];
    a.runtime.services.ownership.want('ev-1', true);
    b.runtime.services.ownership.want('ev-2', true);
    await until(
      'ev-1 connected to a, ev-2 to b',
      () => a.runtime.owns('ev-1') && b.runtime.owns('ev-2') && connectedWhereRun(nodes),
      30_000,
    );
    linkOwnerCalls(nodes);
    // The car park's shares as every node sees them (signals between devices shared by the cluster).
    const share = (id: string, amps: number) => {
      for (const node of nodes) {
        node.runtime.services.simulation.setSignal(id, `ev/${id}/limitA`, amps);
        node.runtime.services.simulation.setSignal(id, `ev/${id}/managed`, 1);
      }
    };
    share('ev-1', 10);
    share('ev-2', 6);
    const sharing = nodes.filter((n) => n.runtime.services.roles.holds('ocpp-load-sharing'));
    assert.equal(sharing.length, 1, 'one node shares the limit');
    /** The profiles charger `id` accepted, from its connection's log (on the node holding it). */
    const accepted = (id: string) => {
      const holder = nodes.find((n) => backendOf(n).connected().includes(id)) as RunningServer;
      const log = backendOf(holder).messages(id);
      return log.filter((m) => m.action === 'SetChargingProfile' && m.type === 'result');
    };
    await until(
      'each charger got its share',
      () => CHARGERS.every((id) => accepted(id).length === 1),
      30_000,
    );
    // ev-1 down and ev-2 up at once: ev-2's increase is sent only once ev-1 accepted its decrease.
    share('ev-1', 4);
    share('ev-2', 12);
    await until('both changes sent', () => CHARGERS.every((id) => accepted(id).length === 2), 30_000);
    const decreased = accepted('ev-1')[1]?.ts as number;
    const holderOf2 = nodes.find((n) => backendOf(n).connected().includes('ev-2')) as RunningServer;
    const increase = backendOf(holderOf2)
      .messages('ev-2')
      .filter((m) => m.action === 'SetChargingProfile' && m.type === 'call')[1];
    assert.ok(increase && increase.ts >= decreased, 'the increase after the decrease was accepted');
  });

  test('a call made on one node reaches the charge point connected to the other', async () => {
    const url = await cluster.createDatabase('calls');
    const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
    await until(
      'each charger connected once, to the node that runs it',
      () => connectedWhereRun(nodes),
      30_000,
    );
    await until('each node runs a device', () => nodes.every((n) => DEVICES.some((d) => n.runtime.owns(d))));
    const [a, b] = nodes as [RunningServer, RunningServer];
    const onA = CHARGERS.find((id) => a.runtime.owns(id)) ?? 'ev-1';
    const elsewhere = a.runtime.owns(onA) ? b : a;
    linkOwnerCalls(nodes);
    // Its message log, read on the other node, is the one of the node holding its connection.
    const log = await backendOf(elsewhere).findMessages(onA);
    assert.ok(log.some((m) => m.action === 'BootNotification' && m.direction === 'in'));
    const here = elsewhere === a ? b : a;
    assert.deepEqual(await backendOf(elsewhere).call(onA, 'UnlockConnector', { connectorId: 1 }), {
      status: 'Unlocked',
    });
    // The charge point's own refusal is the answer (not another node's "not connected").
    assert.equal(
      (await backendOf(elsewhere).call(onA, 'RemoteStopTransaction', { transactionId: 424242 })).status,
      'Rejected',
    );
    // A foreign charge point connected to `here`, called from `elsewhere`.
    const endpoint = (here.endpoints.find((e) => e.name === 'ocpp')?.address ?? '') as string;
    const foreign = new ocppRpc.RPCClient({
      endpoint: `ws://${endpoint}/ocpp`,
      identity: 'FOREIGN-1',
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
    } as ConstructorParameters<typeof ocppRpc.RPCClient>[0]);
    const asked: unknown[] = [];
    foreign.handle('GetConfiguration', async ({ params }) => {
      asked.push(params);
      return { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] };
    });
    await foreign.connect();
    closers.push(() => foreign.close({ force: true }));
    await until('the foreign charge point connected', () =>
      backendOf(here).connected().includes('FOREIGN-1'),
    );
    const answer = await backendOf(elsewhere).call('FOREIGN-1', 'GetConfiguration', {
      key: ['HeartbeatInterval'],
    });
    assert.equal((answer.configurationKey as Array<{ value: string }>)[0]?.value, '60');
    assert.equal(asked.length, 1, 'asked once');
    await assert.rejects(
      backendOf(elsewhere).call('NOWHERE-9', 'GetConfiguration', {}),
      /not connected to any node/,
    );
  });
});
