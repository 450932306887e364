// A property of the leases on a real database: random sequences of start, graceful stop, kill, drain, undrain
// and heartbeat across three nodes (heartbeats run only when the sequence says so) never leave a device with
// two nodes believing they own it; whoever believes it owns a device holds its lease in the database with the
// same token, unexpired; and once the sequence ends, within a bounded number of heartbeats, every device is
// owned by a live node.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { migrateCluster } from '../../src/cluster/cluster-schema.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { filePostgres } from '../support/postgres.js';
import { deviceNames, kill, TestCluster, type TestNode, until } from './leases-harness.js';

const { skip, postgres } = filePostgres({ fsync: false });

const SLOTS = 3;
type Op = 'start' | 'stop' | 'kill' | 'drain' | 'undrain' | 'heartbeat';
const ops = fc.array(
  fc.record({
    op: fc.constantFrom<Op>('start', 'stop', 'kill', 'drain', 'undrain', 'heartbeat', 'heartbeat'),
    slot: fc.nat({ max: SLOTS - 1 }),
  }),
  { minLength: 1, maxLength: 25 },
);

/** The cluster schema, before any node starts (the checks read it from the first step on). */
async function migrate(url: string): Promise<void> {
  const db = new PgDatabase(url, new StoreHealth());
  try {
    await migrateCluster(db);
  } finally {
    await db.close();
  }
}

/** Beliefs of every node ever started against the database: one believer at most, holding the lease. */
async function checkBeliefs(cluster: TestCluster, watcher: pg.Client): Promise<void> {
  // Beliefs first: a belief held now has a local deadline ahead, itself ahead of the database's expiry.
  const owners = cluster.owners();
  const tokens = new Map<string, number>();
  for (const node of cluster.nodes) for (const [d, t] of node.manager.owned()) tokens.set(d, t);
  const rows = (
    await watcher.query<{ device: string; node: string | null; token: string; valid: boolean }>(
      `SELECT device, node, token::text AS token, expires_at > clock_timestamp() AS valid FROM device_leases`,
    )
  ).rows;
  const byDevice = new Map(rows.map((r) => [r.device, r]));
  for (const [device, owner] of owners) {
    const row = byDevice.get(device);
    assert.equal(row?.node, owner, `${device}: believed by ${owner}, held by ${row?.node}`);
    assert.equal(Number(row?.token), tokens.get(device), `${device}: token`);
    assert.equal(row?.valid, true, `${device}: believed by ${owner} but expired in the database`);
  }
}

describe('device leases under random membership changes', { skip }, () => {
  test('never two believers, and eventually every device owned by a live node', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (steps) => {
        const url = await postgres().createDatabase('lease_prop');
        const cluster = new TestCluster(url, deviceNames(7));
        const slots: Array<TestNode | undefined> = Array.from({ length: SLOTS }, () => undefined);
        const watcher = new pg.Client({ connectionString: url });
        await watcher.connect();
        await migrate(url);
        try {
          for (const { op, slot } of steps) {
            const node = slots[slot];
            if (op === 'start') {
              if (node === undefined) slots[slot] = await cluster.start(`n${slot}`, { manual: true });
            } else if (node !== undefined) {
              if (op === 'stop' || op === 'kill') {
                slots[slot] = undefined;
                await (op === 'stop' ? node.manager.stop().then(() => node.db.close()) : kill(node));
              } else if (op === 'drain') await node.manager.drain();
              else if (op === 'undrain') await node.manager.undrain();
              else await node.manager.heartbeat();
            }
            await checkBeliefs(cluster, watcher);
          }
          // The end: every node running takes part again (one starts if none runs), and they beat until each
          // device is owned by one of them (a killed node's leases expire within a ttl first).
          if (slots.filter(Boolean).length === 0) slots[0] = await cluster.start('n0', { manual: true });
          const live = slots.filter((s): s is TestNode => s !== undefined);
          for (const node of live) if (node.manager.isDraining) await node.manager.undrain();
          await until(
            async () => {
              for (const node of live) await node.manager.heartbeat();
              await checkBeliefs(cluster, watcher);
              return cluster.owners(live).size === cluster.devices.length;
            },
            'every device owned by a live node',
            10_000,
          );
          cluster.assertTokensIncrease();
          for (const node of cluster.nodes) assert.deepEqual(node.errors, [], `${node.name}: errors`);
        } finally {
          await watcher.end();
          await cluster.dispose();
        }
      }),
      { numRuns: 30 },
    );
  });
});
