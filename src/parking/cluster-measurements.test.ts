import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyMeasurements, readMeasurements } from '../behaviours/parking-server/measurements.js';
import { DEFAULT_FALLBACKS } from '../behaviours/parking-server/parameters.js';
import { clusterStatus } from '../behaviours/parking-server/statuses.js';
import type { ClusterNodeState, ClusterSnapshot } from '../runtime/services/cluster-view.js';
import { ClusterMeasurer } from './cluster-measurements.js';

const LEASE = 4000;

function node(name: string, devices: string[], state: Partial<ClusterNodeState> = {}): ClusterNodeState {
  return {
    name,
    self: name === 'a',
    live: true,
    draining: false,
    stopped: false,
    heartbeatAgeMs: 100,
    devices,
    ...state,
  };
}

/** A snapshot of `nodes`; every device of `free` without an owner. */
function snapshot(nodes: ClusterNodeState[], free: string[] = [], reachable = true): ClusterSnapshot {
  const devices = [
    ...nodes.flatMap((n) =>
      n.devices.map((device) => ({ device, owner: n.name, token: 1, expiresInMs: 1000 })),
    ),
    ...free.map((device) => ({ device, owner: null, token: 0, expiresInMs: null })),
  ];
  return { at: 0, databaseReachable: reachable, nodes, devices, feedLagMs: null };
}

/** The Cluster Status word of `s` at `now` through the measurer, the env and the rule. */
function statusOf(measurer: ClusterMeasurer, s: ClusterSnapshot, now: number, local = 0): string {
  const env = measurer.measure(s, LEASE, now, local) as unknown as Record<string, number>;
  const m = emptyMeasurements();
  readMeasurements(env, DEFAULT_FALLBACKS, 0, m);
  return clusterStatus({ injected: new Set(), random: null, randomUntil: 0 }, m);
}

test('all nodes up is HEALTHY; a lost node (its devices taken over) is DEGRADED', () => {
  const measurer = new ClusterMeasurer();
  assert.equal(
    statusOf(measurer, snapshot([node('a', ['d1']), node('b', ['d2']), node('c', ['d3'])]), 0),
    'HEALTHY',
  );
  const lost = node('c', [], { live: false, heartbeatAgeMs: 9000 });
  assert.equal(
    statusOf(measurer, snapshot([node('a', ['d1', 'd3']), node('b', ['d2']), lost]), 10),
    'DEGRADED',
  );
  assert.deepEqual(
    measurer.measure(snapshot([node('a', ['d1', 'd3']), node('b', ['d2']), lost]), LEASE, 20, 5),
    {
      clusterNodes: 3,
      clusterNodesHealthy: 2,
      clusterDevicesUnowned: 0,
      clusterDatabaseOk: 1,
      connectedDevices: 3,
    },
  );
});

test('a node stopped cleanly or draining is out of the count: HEALTHY with one node fewer', () => {
  const measurer = new ClusterMeasurer();
  const stopped = node('c', [], { live: false, stopped: true, heartbeatAgeMs: 60_000 });
  const draining = node('b', [], { live: false, draining: true });
  assert.equal(statusOf(measurer, snapshot([node('a', ['d1', 'd2']), draining, stopped]), 0), 'HEALTHY');
  const m = measurer.measure(snapshot([node('a', ['d1', 'd2']), draining, stopped]), LEASE, 0, 2);
  assert.equal(m?.clusterNodes, 1);
  assert.equal(m?.clusterNodesHealthy, 1);
});

test('devices without an owner are a FAULT only after a lease time (at start, after a loss, they are being claimed)', () => {
  const measurer = new ClusterMeasurer();
  // At start: nothing claimed yet.
  assert.equal(statusOf(measurer, snapshot([node('a', [])], ['d1', 'd2']), 0), 'HEALTHY');
  assert.equal(statusOf(measurer, snapshot([node('a', ['d1'])], ['d2']), LEASE - 1), 'HEALTHY');
  assert.equal(statusOf(measurer, snapshot([node('a', ['d1'])], ['d2']), LEASE), 'FAULT');
  assert.equal(statusOf(measurer, snapshot([node('a', ['d1', 'd2'])]), LEASE + 1), 'HEALTHY');
  // A node lost with its leases not yet expired: its devices have no live owner; claimed within the grace.
  const t = 100_000;
  const lost = node('b', ['d3'], { live: false, heartbeatAgeMs: 5000 });
  assert.equal(statusOf(measurer, snapshot([node('a', ['d1', 'd2']), lost]), t), 'DEGRADED');
  assert.equal(
    statusOf(measurer, snapshot([node('a', ['d1', 'd2']), node('b', [], { live: false })], ['d3']), t + 10),
    'DEGRADED',
  );
  assert.equal(
    statusOf(measurer, snapshot([node('a', ['d1', 'd2', 'd3']), node('b', [], { live: false })]), t + 20),
    'DEGRADED',
  );
  // Never claimed: FAULT a lease time after it was first seen without an owner.
  assert.equal(
    statusOf(measurer, snapshot([node('a', ['d1', 'd2']), node('b', [], { live: false })], ['d3']), t + 30),
    'DEGRADED',
  );
  assert.equal(
    statusOf(
      measurer,
      snapshot([node('a', ['d1', 'd2']), node('b', [], { live: false })], ['d3']),
      t + 30 + LEASE,
    ),
    'FAULT',
  );
});

test('the database not answering is a FAULT, with the last nodes kept; no snapshot yet measures nothing', () => {
  const measurer = new ClusterMeasurer();
  assert.equal(measurer.measure(null, LEASE, 0, 0), null);
  const nodes = [node('a', ['d1']), node('b', ['d2'])];
  assert.equal(statusOf(measurer, snapshot(nodes), 0), 'HEALTHY');
  assert.equal(statusOf(measurer, snapshot(nodes, [], false), 10), 'FAULT');
  assert.equal(statusOf(measurer, snapshot(nodes), 20), 'HEALTHY');
});

test("Connected Devices: the devices of the other live nodes and this node's communicating ones, at most its share", () => {
  const measurer = new ClusterMeasurer();
  const lost = node('c', ['d9'], { live: false });
  const s = snapshot([node('a', ['d1', 'd2']), node('b', ['d3', 'd4', 'd5']), lost]);
  assert.equal(measurer.measure(s, LEASE, 0, 1)?.connectedDevices, 4);
  assert.equal(measurer.measure(s, LEASE, 0, 9)?.connectedDevices, 5, 'this node counts at most its own');
});
