// Fencing in the database: a commit for a device passes fenceCheck only while its node holds the device's
// lease with its token; after a takeover the old holder's commit is refused (FencedError naming device and
// node) and the new holder's lands; a commit that passed the check holds the lease row, so another node's
// claim cannot overtake it even once the lease has expired: the claim comes after the commit; its own node's
// heartbeats renew the lease meanwhile without waiting for it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { ChangePublisher } from '../../src/cluster/change-publisher.js';
import { FencedError, fenceCheck, type LeaseHolder, leaseRefusals } from '../../src/cluster/fencing.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { StoreError } from '../../src/store/store-error.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { filePostgres } from '../support/postgres.js';
import { deviceNames, kill, TestCluster, type TestNode, until } from './leases-harness.js';

const { skip, postgres } = filePostgres({ fsync: false });

/** A connection of its own, with the table a commit writes to. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS writes (device text, node text, value int)');
  return client;
}

/** A commit for `device` by `holder` as a node's write path makes one: fence check, then the write. */
async function commit(client: pg.Client, holder: LeaseHolder, device: string, value: number) {
  await client.query('BEGIN');
  try {
    await fenceCheck(client, holder, [device]);
    await client.query('INSERT INTO writes VALUES ($1, $2, $3)', [device, holder.node, value]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function withNodes(work: (c: TestCluster, a: TestNode, b: TestNode) => Promise<void>) {
  const url = await postgres().createDatabase('fencing');
  const cluster = new TestCluster(url, deviceNames(4));
  try {
    const a = await cluster.start('a');
    const b = await cluster.start('b');
    await until(() => cluster.balanced([a, b]), 'a and b hold two devices each');
    await work(cluster, a, b);
    cluster.assertTokensIncrease();
  } finally {
    await cluster.dispose();
  }
}

describe('fencing', { skip }, () => {
  test("refuses the old holder's commit after a takeover and accepts the new holder's", async () => {
    await withNodes(async (c, a, b) => {
      const client = await connect(c.url);
      try {
        const device = [...a.manager.owned().keys()][0] as string;
        // What a believes it holds, as a commit prepared before the partition carries it.
        const old: LeaseHolder = { node: 'a', tokens: a.manager.owned() };
        await commit(client, old, device, 1);
        await assert.rejects(
          commit(client, { node: 'b', tokens: b.manager.owned() }, device, 2),
          (err: unknown) =>
            err instanceof FencedError &&
            err instanceof StoreError &&
            err.device === device &&
            err.node === 'b' &&
            /node b may not commit for device dev-\d+: this node holds no lease of it/.test(err.message),
        );
        await kill(a);
        await until(() => b.manager.owns(device), 'b takes the device over', 10_000);
        await assert.rejects(
          commit(client, old, device, 3),
          (err: unknown) =>
            err instanceof FencedError &&
            new RegExp(`node a may not commit for device ${device}: node b holds its lease now`).test(
              err.message,
            ),
        );
        await client.query('BEGIN');
        await b.manager.fenceCheck(client, [device]);
        await client.query("INSERT INTO writes VALUES ($1, 'b', 4)", [device]);
        await client.query('COMMIT');
        const rows = (await client.query('SELECT node, value FROM writes ORDER BY value')).rows;
        assert.deepEqual(rows, [
          { node: 'a', value: 1 },
          { node: 'b', value: 4 },
        ]);
      } finally {
        await client.end();
      }
    });
  });

  test('refuses a device without a lease and a lease that expired without a new holder', async () => {
    await withNodes(async (c, a) => {
      const client = await connect(c.url);
      try {
        await assert.rejects(
          commit(client, { node: 'a', tokens: new Map([['ghost', 1]]) }, 'ghost', 1),
          /device ghost: the device has no lease/,
        );
        const device = [...a.manager.owned().keys()][0] as string;
        const held: LeaseHolder = { node: 'a', tokens: a.manager.owned() };
        await client.query('UPDATE device_leases SET expires_at = clock_timestamp() WHERE device = $1', [
          device,
        ]);
        await assert.rejects(commit(client, held, device, 1), /has expired/);
      } finally {
        await client.end();
      }
    });
  });

  test('a commit that passed the check is not overtaken by a claim, even past the expiry', async () => {
    await withNodes(async (c, a, b) => {
      const client = await connect(c.url);
      const watcher = await connect(c.url);
      try {
        const device = [...a.manager.owned().keys()][0] as string;
        const old: LeaseHolder = { node: 'a', tokens: a.manager.owned() };
        await client.query('BEGIN');
        await fenceCheck(client, old, [device]);
        // a dies with its commit still open: its lease expires by the database's clock…
        await kill(a);
        await until(
          async () =>
            (
              await watcher.query(
                'SELECT expires_at < clock_timestamp() AS gone FROM device_leases WHERE device = $1',
                [device],
              )
            ).rows[0]?.gone === true,
          'the lease expires',
          10_000,
        );
        // …yet b's heartbeats skip the row the commit holds: no claim lands before the commit.
        const from = b.manager.heartbeats;
        await until(() => b.manager.heartbeats >= from + 3, 'three heartbeats of b');
        assert.equal(b.manager.owns(device), false);
        await client.query("INSERT INTO writes VALUES ($1, 'a', 1)", [device]);
        await client.query('COMMIT');
        await until(() => b.manager.owns(device), 'b claims the device after the commit', 10_000);
        const token = (
          await watcher.query('SELECT token::text AS token FROM device_leases WHERE device = $1', [device])
        ).rows[0]?.token;
        assert.equal(Number(token), (old.tokens.get(device) as number) + 1);
      } finally {
        await client.query('ROLLBACK').catch(() => {});
        await client.end();
        await watcher.end();
      }
    });
  });

  test('a heartbeat renews its leases without waiting for the commits in flight on them', async () => {
    await withNodes(async (c, a) => {
      const client = await connect(c.url);
      try {
        const devices = [...a.manager.owned().keys()];
        await client.query('BEGIN');
        // The check as a commit makes it, without the idle limit a node's own commits get.
        await fenceCheck(client, { node: 'a', tokens: a.manager.owned() }, devices);
        // Under write load there is always a commit in flight: a renewal queued behind them made takeovers late.
        const from = a.manager.heartbeats;
        await until(() => a.manager.heartbeats >= from + 2, 'two heartbeats of a while the commit is open');
        assert.deepEqual([...a.manager.owned().keys()], devices);
        assert.deepEqual(a.errors, []);
        await client.query("INSERT INTO writes VALUES ($1, 'a', 1)", [devices[0]]);
        await client.query('COMMIT');
      } finally {
        await client.query('ROLLBACK').catch(() => {});
        await client.end();
      }
    });
  });

  test("a publisher's lease fences lock their rows in device order, whatever the batch's order: no deadlock with a renewal", async () => {
    await withNodes(async (c, a) => {
      const [low, high] = [...a.manager.owned().keys()].sort() as [string, string];
      // a's own heartbeats stop, so that only the publisher and this test lock lease rows from here on.
      const holder: LeaseHolder = { node: 'a', tokens: a.manager.owned() };
      await kill(a);
      const db = new PgDatabase(c.url, new StoreHealth());
      const renewal = new pg.Client({ connectionString: c.url });
      await renewal.connect();
      try {
        const publisher = await ChangePublisher.open(db, {
          node: 'a',
          leaseRefusals: (client, devices) => leaseRefusals(client, holder, devices),
        });
        // A heartbeat's renewal holds the lower row, as it locks them: in device order.
        await renewal.query('BEGIN');
        await renewal.query('SELECT 1 FROM device_leases WHERE device = $1 FOR UPDATE', [low]);
        // A batch held open until both publishes below wait, so that the next batch takes them together.
        let open = () => {};
        const gate = new Promise<void>((resolve) => {
          open = resolve;
        });
        const first = publisher.publish(
          [{ key: 'other.p', kind: 'value', value: 0, status: 'ok', ts: 1 }],
          () => gate,
        );
        // The batch names the higher device first: checked one by one in that order, the publisher would hold
        // the higher row while it waits for the lower one, and the renewal's next lock would close a cycle.
        const published = publisher.publish(
          [{ key: `${high}.p`, kind: 'value', value: 1, status: 'ok', ts: 1 }],
          {
            devices: [high],
          },
        );
        const also = publisher.publish([{ key: `${low}.p`, kind: 'value', value: 2, status: 'ok', ts: 1 }], {
          devices: [low],
        });
        open();
        await first;
        await until(
          async () =>
            (
              await renewal.query(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
              )
            ).rowCount === 1,
          'the publisher waiting for the lower row',
        );
        await renewal.query("SET LOCAL lock_timeout = '3s'");
        await renewal.query('SELECT 1 FROM device_leases WHERE device = $1 FOR UPDATE', [high]);
        await renewal.query('COMMIT');
        // Answered either way (the leases may have expired meanwhile): never a deadlock nor a timeout.
        for (const result of await Promise.allSettled([published, also]))
          if (result.status === 'rejected')
            assert.ok(result.reason instanceof FencedError, String(result.reason));
        await publisher.stop();
      } finally {
        await renewal.end();
        await db.close();
      }
    });
  });
});
