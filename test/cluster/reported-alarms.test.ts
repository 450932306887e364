// Alarms reported from outside (an alarm receiver's events) on the nodes of a cluster: two nodes' runtimes on
// one database of this file's own PostgreSQL. Such an alarm belongs to no device: the node whose receiver
// raised it is not the only one that can clear it (the restore reached the other node) or acknowledge it (a
// user on the other node), and a report of a condition already standing is not raised again by the other node.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RealClock } from '../../src/core/clock.js';
import type { ReportedCondition } from '../../src/runtime/alarm-monitor.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import { makeSite } from '../runtime/site-fixture.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const closers: Array<() => Promise<unknown>> = [];

before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  while (closers.length > 0) await closers.pop()?.();
  await cluster?.dispose();
});

/** A node's runtime (clustered, running no device: reported alarms need none) on `url`. */
async function node(url: string): Promise<Runtime> {
  const store = await openPostgresStore(url);
  const runtime = await Runtime.open({
    site: makeSite([['tank-1', 'level-sensor']]),
    store,
    clock: new RealClock(1),
    seed: 1,
    clustered: true,
  });
  closers.push(async () => {
    await runtime.stop();
    await store.close();
  });
  return runtime;
}

const INTRUSION: ReportedCondition = {
  key: 'sia:1234:BA:3',
  source: '1234',
  subject: 'zone 3',
  value: 'BA',
  severity: 'alarm',
  text: 'Burglary alarm, zone 3',
};

const actor = { who: 'admin', role: 'admin', via: 'test', remote: null } as const;

describe('alarms reported from outside on the nodes of a cluster', { skip }, () => {
  test('raised on one node: not raised twice, cleared and acknowledged from the other', async () => {
    const url = await cluster.createDatabase('reported');
    const [a, b] = [await node(url), await node(url)];
    await a.services.alarms.raiseReported(INTRUSION);
    // The same report reaching the other node's receiver: the alarm already stands.
    await b.services.alarms.raiseReported(INTRUSION);
    const raised = await a.services.alarms.query({ key: INTRUSION.key });
    assert.equal(raised.length, 1, 'raised once');
    const id = raised[0]?.id as number;

    // The restore reaches the other node: it clears the alarm the first one raised.
    await b.services.alarms.clearReported(INTRUSION.key);
    const cleared = (await b.services.alarms.query({ key: INTRUSION.key }))[0];
    assert.equal(cleared?.state, 'cleared');
    assert.notEqual(cleared?.clearedAt, null);

    // A user on the first node acknowledges it: closed, and the clear is kept (the first node's memory of the
    // alarm was not taken over the store's).
    const acked = await a.services.alarms.acknowledge([id], actor);
    assert.ok(acked.ok, JSON.stringify(acked));
    const closed = (await a.services.alarms.query({ key: INTRUSION.key }))[0];
    assert.equal(closed?.state, 'cleared');
    assert.notEqual(closed?.clearedAt, null);
    assert.equal(closed?.ackedBy, 'admin');
    assert.deepEqual(await a.services.alarms.query({ state: 'open' }), []);

    // Raised again on the first node, acknowledged on the other: one alarm, acknowledged, still active.
    await a.services.alarms.raiseReported(INTRUSION);
    const again = (await b.services.alarms.query({ key: INTRUSION.key, state: 'open' }))[0];
    assert.ok(again);
    const second = await b.services.alarms.acknowledge([again.id], actor);
    assert.ok(second.ok, JSON.stringify(second));
    const open = await b.services.alarms.query({ state: 'open' });
    assert.deepEqual(
      open.map((x) => [x.id, x.state, x.clearedAt]),
      [[again.id, 'acknowledged', null]],
    );
    // And the first node clears it: closed.
    await a.services.alarms.clearReported(INTRUSION.key);
    assert.deepEqual(await b.services.alarms.query({ state: 'open' }), []);
  });
});
