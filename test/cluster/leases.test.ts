// Device leases among two and three nodes on one PostgreSQL database (a cluster of its own, a fresh database
// per test): devices spread evenly; a node stopped gracefully loses its devices within a heartbeat or two; a
// killed node's within ttl + heartbeat by the database's clock; a partitioned node gives its devices up by its
// own clock before another node claims them; drain and undrain; no lease changes hands with stable membership;
// a second process under a node's name supersedes the first; a device asked for moves to the node asking;
// the status. Tokens always increase.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { LeaseManager } from '../../src/cluster/leases.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { PartitionProxy } from '../support/partition-proxy.js';
import { filePostgres } from '../support/postgres.js';
import { deviceNames, FAST, kill, TestCluster, type TestNode, until } from './leases-harness.js';

const { skip, postgres } = filePostgres({ fsync: false });

/** Runs `work` on a fresh database with `devices` devices; every node is stopped at the end. */
async function withCluster(devices: number, work: (c: TestCluster) => Promise<void>): Promise<void> {
  const url = await postgres().createDatabase('leases');
  const cluster = new TestCluster(url, deviceNames(devices));
  try {
    await work(cluster);
    cluster.assertTokensIncrease();
  } finally {
    await cluster.dispose();
  }
}

/** One query on `url` (its own connection). */
async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Waits until each of `nodes` ran `more` heartbeats more than now. */
async function heartbeats(nodes: readonly TestNode[], more: number): Promise<void> {
  const from = nodes.map((n) => n.manager.heartbeats);
  await until(
    () => nodes.every((n, i) => n.manager.heartbeats >= (from[i] as number) + more),
    `${more} heartbeats of ${nodes.map((n) => n.name).join(', ')}`,
  );
}

/** Cuts a off mid-heartbeat behind `proxy`: b takes everything after a gave it up; healed, a takes its share back. */
async function cutAndHeal(c: TestCluster, proxy: PartitionProxy): Promise<void> {
  const a = await c.start('a', {}, proxy.via(c.url));
  const b = await c.start('b');
  await until(() => c.balanced([a, b]), 'balanced');
  const had = [...a.manager.owned().keys()];
  // The cut comes right after a's renewal reached the server: connections stay open, nothing answers,
  // and a's transaction holds its lease rows locked until the server ends it (idle in transaction).
  proxy.cutAfter('FOR NO KEY UPDATE OF l');
  await until(() => proxy.isCut, 'the cut in the middle of a heartbeat');
  await until(() => b.manager.owned().size === 6, 'b holds every device', 10_000);
  assert.equal(a.manager.owned().size, 0);
  for (const device of had) {
    const lost = c.events.find((e) => e.kind === 'lost' && e.node === 'a' && e.device === device);
    const gained = c.events.find((e) => e.kind === 'acquired' && e.node === 'b' && e.device === device);
    assert.ok(lost !== undefined && gained !== undefined);
    assert.ok(lost.at < gained.at, `${device}: a lost it at ${lost.at}, b gained it at ${gained.at}`);
  }
  await until(
    () => a.errors.some((e) => /no answer from the database/.test(e.message)),
    "a's silent heartbeat is abandoned",
  );
  proxy.heal();
  await until(() => c.balanced([a, b]), 'a takes its share back once the network heals', 10_000);
}

describe('device leases', { skip }, () => {
  test('two and three nodes spread the devices evenly, and the status says so', async () => {
    await withCluster(9, async (c) => {
      const a = await c.start('a');
      const b = await c.start('b');
      await until(() => c.balanced([a, b]), 'two nodes hold 4 and 5 devices');
      const d = await c.start('d');
      await until(() => c.balanced([a, b, d]), 'three nodes hold 3 devices each');
      assert.deepEqual(c.counts([a, b, d]), [3, 3, 3]);
      const status = await a.manager.status();
      assert.deepEqual(
        status.nodes.map((n) => [n.name, n.live, n.devices.length]),
        [
          ['a', true, 3],
          ['b', true, 3],
          ['d', true, 3],
        ],
      );
      for (const n of status.nodes) assert.ok(n.heartbeatAgeMs < FAST.ttlMs, `${n.name} heartbeat age`);
      for (const device of status.devices) {
        const owner = c.owners().get(device.device);
        assert.equal(device.owner, owner);
        assert.equal(
          device.token,
          c.nodes
            .find((n) => n.name === owner)
            ?.manager.owned()
            .get(device.device),
        );
        assert.ok((device.expiresInMs ?? 0) > 0 && (device.expiresInMs ?? 0) <= FAST.ttlMs);
      }
    });
  });

  test('a node stopped gracefully releases its devices: the others take them within a heartbeat or two', async () => {
    await withCluster(10, async (c) => {
      const nodes = [await c.start('a'), await c.start('b'), await c.start('d')];
      await until(() => c.balanced(nodes), 'balanced');
      const [a, b, d] = nodes as [TestNode, TestNode, TestNode];
      const had = [...a.manager.owned().keys()];
      assert.ok(had.length >= 3);
      await a.manager.stop();
      assert.equal(a.manager.owned().size, 0);
      const rows = await sql<{ n: string }>(
        c.url,
        "SELECT count(*)::text AS n FROM device_leases WHERE node = 'a' AND expires_at > clock_timestamp()",
      );
      assert.equal(rows[0]?.n, '0', 'the stop released every lease in the database');
      const from = [b.manager.heartbeats, d.manager.heartbeats];
      await until(() => c.balanced([b, d]), 'b and d hold every device');
      // A heartbeat already under way when the stop committed may not have seen it: two more at most.
      assert.ok(b.manager.heartbeats - (from[0] as number) <= 3, 'b took them within two heartbeats');
      assert.ok(d.manager.heartbeats - (from[1] as number) <= 3, 'd took them within two heartbeats');
      const stopped = (await b.manager.status()).nodes.find((n) => n.name === 'a');
      assert.equal(stopped?.stopped, true);
      assert.equal(stopped?.live, false);
      for (const device of had)
        assert.ok(c.events.some((e) => e.kind === 'lost' && e.node === 'a' && e.device === device));
    });
  });

  test("a killed node's devices are owned again within ttl + heartbeat, by the database's clock", async () => {
    await withCluster(9, async (c) => {
      const nodes = [await c.start('a'), await c.start('b'), await c.start('d')];
      await until(() => c.balanced(nodes), 'balanced');
      const [a, b, d] = nodes as [TestNode, TestNode, TestNode];
      const had = [...a.manager.owned().keys()];
      await kill(a);
      const killedAt = (await sql<{ t: Date }>(c.url, 'SELECT clock_timestamp() AS t'))[0]?.t as Date;
      await until(() => c.balanced([b, d]), 'b and d hold every device', 10_000);
      const taken = await sql<{ device: string; node: string; acquired_at: Date }>(
        c.url,
        'SELECT device, node, acquired_at FROM device_leases WHERE device = ANY($1)',
        [had],
      );
      // The last renewal of the killed node came before the kill: its leases expired at most a ttl after it;
      // the others claim at their first heartbeat after that (allowing for the heartbeat's own round trip).
      for (const row of taken) {
        assert.notEqual(row.node, 'a');
        const after = row.acquired_at.getTime() - killedAt.getTime();
        assert.ok(
          after <= FAST.ttlMs + FAST.heartbeatMs + 250,
          `${row.device} taken ${after} ms after the kill`,
        );
      }
    });
  });

  test('a partitioned node gives its devices up by its own clock before another node claims them', async () => {
    await withCluster(6, async (c) => {
      const a = await c.start('a');
      const b = await c.start('b');
      await until(() => c.balanced([a, b]), 'balanced');
      const had = [...a.manager.owned().keys()];
      // The partition: a's pool ends under it; its manager runs on, and every heartbeat fails.
      await a.db.close();
      await until(() => b.manager.owned().size === 6, 'b holds every device', 10_000);
      assert.equal(a.manager.owned().size, 0);
      assert.ok(a.errors.length > 0, 'the failed heartbeats were reported');
      for (const device of had) {
        const lost = c.events.find((e) => e.kind === 'lost' && e.node === 'a' && e.device === device);
        const gained = c.events.find((e) => e.kind === 'acquired' && e.node === 'b' && e.device === device);
        assert.equal(lost?.kind === 'lost' && lost.reason, 'expired');
        assert.ok(lost !== undefined && gained !== undefined);
        assert.ok(lost.at < gained.at, `${device}: a lost it at ${lost.at}, b gained it at ${gained.at}`);
      }
    });
  });

  test('a node cut off by a silent network gives its devices up first, and takes its share back once healed', async () => {
    const proxy = await PartitionProxy.start(postgres().port);
    try {
      await withCluster(6, async (c) => {
        try {
          await cutAndHeal(c, proxy);
        } finally {
          await proxy.close(); // a connection still held back would keep a's pool from ending
        }
      });
    } finally {
      await proxy.close();
    }
  });

  test('drain releases everything and claims nothing; undrain takes a share back', async () => {
    await withCluster(9, async (c) => {
      const nodes = [await c.start('a'), await c.start('b'), await c.start('d')];
      await until(() => c.balanced(nodes), 'balanced');
      const [a, b, d] = nodes as [TestNode, TestNode, TestNode];
      await a.manager.drain();
      assert.equal(a.manager.owned().size, 0, 'nothing held once drain resolves');
      await until(() => c.balanced([b, d]), 'b and d hold every device');
      await heartbeats([a], 3);
      assert.equal(a.manager.owned().size, 0, 'a draining node claims nothing');
      const drained = (await a.manager.status()).nodes.find((n) => n.name === 'a');
      assert.deepEqual([drained?.draining, drained?.live, drained?.devices], [true, false, []]);
      await a.manager.undrain();
      await until(() => c.balanced(nodes), 'a takes its share back');
      assert.deepEqual(c.counts(nodes), [3, 3, 3]);
    });
  });

  test('with stable membership no lease changes hands', async () => {
    await withCluster(10, async (c) => {
      const nodes = [await c.start('a'), await c.start('b'), await c.start('d')];
      await until(() => c.balanced(nodes), 'balanced');
      // Balanced by belief; wait for one more round so that the database has settled as well.
      await heartbeats(nodes, 2);
      const tokens = () =>
        sql<{ device: string; token: string; node: string }>(
          c.url,
          'SELECT device, token::text AS token, node FROM device_leases ORDER BY device',
        );
      const before = await tokens();
      const events = c.events.length;
      await heartbeats(nodes, 10);
      assert.deepEqual(await tokens(), before);
      assert.deepEqual(c.events.slice(events), [], 'no acquisition or loss over 10 heartbeats');
    });
  });

  test('a renewal that comes back after the local deadline holds the lease again, under the same token', async () => {
    await withCluster(3, async (c) => {
      // A wide margin: the local deadline passes 1.5 s before the database's expiry.
      const a = await c.start('a', { manual: true, ttlMs: 4000, heartbeatMs: 200, safetyMarginMs: 1500 });
      assert.equal(a.manager.owned().size, 3);
      const tokens = a.manager.owned();
      await until(() => a.manager.owned().size === 0, 'the local deadlines pass (no heartbeat ran)', 5000);
      assert.ok(c.events.some((e) => e.kind === 'lost' && e.reason === 'expired'));
      // The database still holds them for a (no other node could claim them): the late renewal is believed.
      await a.manager.heartbeat();
      assert.deepEqual(a.manager.owned(), tokens);
      const again = c.events.filter((e) => e.kind === 'acquired').slice(-3);
      assert.deepEqual(
        again.map((e) => (e.kind === 'acquired' ? [e.device, e.token] : [])),
        [...tokens],
        'acquired again with the tokens it had',
      );
    });
  });

  test('a device asked for moves to the node asking, stays there through rebalancing, and is freed when it dies', async () => {
    await withCluster(6, async (c) => {
      const nodes = [await c.start('a'), await c.start('b'), await c.start('d')];
      await until(() => c.balanced(nodes), 'balanced');
      const [a, b] = nodes as [TestNode, TestNode];
      const device = [...b.manager.owned().keys()][0] as string;
      a.manager.want(device, true);
      await until(() => a.manager.owns(device), `a holds ${device}`, 10_000);
      assert.ok(c.events.some((e) => e.kind === 'lost' && e.node === 'b' && e.reason === 'handed-over'));
      // Shared evenly again, a keeping the device it asked for.
      await until(() => c.balanced(nodes), 'balanced again', 10_000);
      await heartbeats(nodes, 3);
      assert.ok(a.manager.owns(device));
      // No longer asked for: it stays (nothing changes hands).
      a.manager.want(device, false);
      await heartbeats(nodes, 3);
      assert.ok(a.manager.owns(device));
      // Asked for again, then a dies: the others take it (a dead node's asking holds nothing back).
      a.manager.want(device, true);
      await heartbeats([a], 1);
      await kill(a);
      const rest = nodes.slice(1);
      await until(() => rest.some((n) => n.manager.owns(device)), `${device} owned again`, 10_000);
    });
  });

  test('a second process under the same name supersedes the first', async () => {
    await withCluster(4, async (c) => {
      const first = await c.start('a');
      await until(() => first.manager.owned().size === 4, 'the first holds every device');
      const second = await c.start('a');
      await until(() => first.manager.owned().size === 0, 'the first gives everything up');
      assert.ok(c.events.some((e) => e.kind === 'lost' && e.node === 'a' && e.reason === 'superseded'));
      assert.ok(first.errors.some((e) => /another process started under this name/.test(e.message)));
      // The leases of the first are left to expire (it may still be running somewhere), then claimed again.
      await until(() => second.manager.owned().size === 4, 'the second holds every device', 10_000);
    });
  });

  test('refuses durations whose heartbeat and margin do not fit in the ttl', () => {
    const db = new PgDatabase('postgres://127.0.0.1:1/none', new StoreHealth());
    try {
      assert.throws(
        () => new LeaseManager(db, { node: 'a', devices: [], ttlMs: 1000, heartbeatMs: 900 }),
        /must be below the ttl/,
      );
    } finally {
      void db.close();
    }
  });
});
