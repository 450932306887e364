// Signals and on-demand points across the nodes of a cluster (in-process nodes, each on its own PostgresStore
// and runtime, sharing one database of this file's own PostgreSQL cluster): a device reads the signals of a
// device run by another node; a node started later gets the signals from the feed's snapshot; a node reads a
// device's `Sur demande` point as the node running it computes it; after a takeover the new owner's signals
// are the ones every node reads.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Behaviour } from '../../src/behaviours/behaviour.js';
import { ClusterNode } from '../../src/cluster/node.js';
import { RealClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { OwnerCallError } from '../../src/runtime/services/owner-calls.js';
import type { Site } from '../../src/site/model.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { makeSite } from '../runtime/site-fixture.js';
import { filePostgres } from '../support/postgres.js';

const { skip, postgres } = filePostgres({ fsync: false });
const closers: Array<() => Promise<unknown>> = [];
const silent: Logger = { info() {}, warn() {}, error() {} };
const TTL_MS = 2000;
const HEARTBEAT_MS = 400;
/** The parking server profile steps every 30 s of site time: 100× makes it a step every 300 ms. */
const SPEED = 100;

async function closeAll(): Promise<void> {
  while (closers.length > 0) await closers.pop()?.();
}

/** Polls `ready` every 10 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => boolean, what: string, capMs = 20_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!ready()) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const DEVICES = ['count-a', 'count-b'];
const other = (id: string) => (id === 'count-a' ? 'count-b' : 'count-a');
const steps = (id: string) => `count/${id}/steps`;
const born = (id: string) => `count/${id}/born`;
const actions = (id: string) => `count/${id}/actions`;

interface CountState {
  steps: number;
  /** Momentary actions run. */
  actions: number;
  /** When this node started the device (init or takeover), site ms: differs from node to node. */
  born: number;
}

/**
 * A device that counts its steps: it publishes the count and when it was started as signals, shows the other
 * device's count (read from the signals) as `total-occupied`, and computes its on-demand point
 * `total-parking-capacity` as ten times its count.
 */
const counting: Behaviour<CountState> = {
  name: 'counting',
  faults: [],
  init: (_ctx, _rng, now) => ({ steps: 0, actions: 0, born: now }),
  step(ctx, state, inputs) {
    const next = { steps: state.steps + 1, actions: state.actions + inputs.actions.length, born: state.born };
    const id = ctx.device.id;
    return {
      state: next,
      outputs: { 'total-occupied': inputs.signals.get(steps(other(id))) ?? -1 },
      events: [],
      signals: { [steps(id)]: next.steps, [born(id)]: next.born, [actions(id)]: next.actions },
    };
  },
  relinquishDefault: () => 0,
  counters: () => ({}),
  onDemand: (_ctx, state, point) => (point.id === 'total-parking-capacity' ? state.steps * 10 : 0),
};

const site = (): Site => makeSite(DEVICES.map((id) => [id, 'parking-management-server']));

interface Node {
  name: string;
  runtime: Runtime;
  node: ClusterNode;
  kill(): Promise<void>;
}

/** A node as `pointyard start --node` builds one, with the counting behaviour for every device. */
async function startNode(url: string, name: string): Promise<Node> {
  const store = (await openPostgresStore(url)) as PostgresStore;
  store.joinCluster(name);
  const runtime = await Runtime.open({
    site: site(),
    store,
    clock: new RealClock(SPEED),
    seed: name,
    log: silent,
    clustered: true,
    behaviourFor: () => counting as Behaviour,
  });
  const node = await ClusterNode.start(store, runtime, {
    node: name,
    ttlMs: TTL_MS,
    heartbeatMs: HEARTBEAT_MS,
    log: silent,
  });
  await node.join();
  runtime.start();
  let stopped = false;
  const stop = async (release: boolean) => {
    if (stopped) return;
    stopped = true;
    if (release) await runtime.stop().catch(() => {});
    await node.stop({ release });
    if (!release) await runtime.stop().catch(() => {});
    await store.close();
  };
  closers.push(() => stop(true));
  return { name, runtime, node, kill: () => stop(false) };
}

const ownerOf = (nodes: Node[], device: string) => nodes.find((n) => n.runtime.owns(device));
const split = (nodes: Node[]) =>
  DEVICES.every((d) => nodes.filter((n) => n.runtime.owns(d)).length === 1) &&
  nodes.every((n) => DEVICES.some((d) => n.runtime.owns(d)));
const signal = (n: Node, name: string) => n.runtime.signals.get(name);
const pointValue = (n: Node, key: string) =>
  n.runtime.points.read(n.runtime.points.indexOf(key) as number).value;

describe('signals and on-demand points across nodes', { skip }, () => {
  test('a device reads the signals of a device another node runs; a node started later gets them', async () => {
    try {
      const url = await postgres().createDatabase('signals');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
      await until(() => split(nodes), 'the devices split between the nodes');
      const [x, y] = DEVICES as [string, string];
      const ownerX = ownerOf(nodes, x) as Node;
      const ownerY = ownerOf(nodes, y) as Node;
      assert.notEqual(ownerX, ownerY);

      // Each node reads the other's device counting (its own copy of that device does not run).
      await until(
        () => (signal(ownerY, steps(x)) ?? 0) >= 5 && (signal(ownerX, steps(y)) ?? 0) >= 5,
        "each node reading the other node's device's count",
      );
      // x's behaviour (on its node) reads y's count (from the other node) and shows it.
      await until(
        () => (pointValue(ownerX, `${x}.total-occupied`) as number) >= 5,
        "x's behaviour reading y's signal from the other node",
      );
      // The signal as the owner set it: its own start time, not the other node's copy's.
      const bornX = signal(ownerX, born(x));
      await until(
        () => signal(ownerY, born(x)) === bornX,
        "the owner's value of a signal that does not move",
      );

      // A node started now: `born` of x does not change again, so only the snapshot can bring the owner's.
      const late = await startNode(url, 'c');
      await until(() => late.node.follower.status().snapshots >= 1, 'the late node following');
      await until(() => signal(late, born(x)) === bornX, "the late node holding the owner's signal");
    } finally {
      await closeAll();
    }
  });

  test('a node reads an on-demand point as the node running its device computes it', async () => {
    try {
      const url = await postgres().createDatabase('ondemand');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
      await until(() => split(nodes), 'the devices split between the nodes');
      const device = DEVICES[0] as string;
      const owner = ownerOf(nodes, device) as Node;
      const reader = nodes.find((n) => n !== owner) as Node;
      const key = `${device}.total-parking-capacity`;
      // Its copy on the reader never steps: what it computed itself would stay at 0.
      await until(() => (pointValue(reader, key) as number) >= 50, 'the reader reading the computed value');
      const read = pointValue(reader, key) as number;
      assert.equal(read % 10, 0);
      assert.ok(read <= (pointValue(owner, key) as number), 'never ahead of the owner');
    } finally {
      await closeAll();
    }
  });

  test("after a takeover every node reads the new owner's signals", async () => {
    try {
      const url = await postgres().createDatabase('takeover');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b'), await startNode(url, 'c')];
      await until(
        () => DEVICES.every((d) => nodes.filter((n) => n.runtime.owns(d)).length === 1),
        'every device run by one node',
      );
      const device = DEVICES[0] as string;
      const victim = ownerOf(nodes, device) as Node;
      const oldBorn = signal(victim, born(device));
      await victim.kill();
      const rest = nodes.filter((n) => n !== victim);
      // The heir starts the device again: a new `born`, published fenced by its lease; every node reads it (the
      // device may move once more while the two nodes left balance: whoever runs it in the end).
      await until(() => {
        const heir = ownerOf(rest, device);
        const now = heir && signal(heir, born(device));
        return now !== undefined && now !== oldBorn && rest.every((n) => signal(n, born(device)) === now);
      }, "every node reading the heir's signal");
    } finally {
      await closeAll();
    }
  });

  test('a momentary action committed on a node that does not run the device is run by its owner', async () => {
    try {
      const url = await postgres().createDatabase('action');
      const nodes = [await startNode(url, 'a'), await startNode(url, 'b')];
      await until(() => split(nodes), 'the devices split between the nodes');
      // The nodes' owner calls, linked in process (the cluster's transport does this between processes).
      for (const node of nodes)
        node.runtime.services.ownerCalls.attach({
          call: (device, kind, payload) => {
            const owner = ownerOf(nodes, device);
            if (!owner) return Promise.reject(new OwnerCallError(`no node runs ${device}`));
            return owner.runtime.services.ownerCalls.runHere(device, kind, payload);
          },
        });
      const device = DEVICES[0] as string;
      const owner = ownerOf(nodes, device) as Node;
      const other = nodes.find((n) => n !== owner) as Node;
      const result = await other.runtime.writes.write({
        key: `${device}.database-backup`,
        value: true,
        level: 16,
        who: 'test',
        role: 'admin',
        via: 'test',
      });
      assert.equal(result.ok, true, JSON.stringify(result));
      // Run by the owner's behaviour (its signal says so), seen on both nodes.
      await until(
        () => nodes.every((n) => signal(n, actions(device)) === 1),
        "the action run by the owner's behaviour",
      );
    } finally {
      await closeAll();
    }
  });
});
