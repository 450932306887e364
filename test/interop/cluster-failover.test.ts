// The trial: three `pointyard start --node` processes on loopback share the demo site on one
// PostgreSQL database; a Modbus master and a Haystack client write back to back on two of them; the third,
// which runs its share of the devices, is killed with SIGKILL (its leases are not released). In each trial:
// every device is owned again by a live node (the time it took is printed), and every acknowledged write is in
// the database's audit trail and the last acknowledged value of each loop in force or overwritten by a later one.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertAudited, auditedWrites, owners, query } from '../support/cluster-database.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import {
  HTTP_LEVEL,
  HTTP_POINT,
  MODBUS_LEVEL,
  MODBUS_POINT,
  startWriteLoad,
  writtenValue,
} from '../support/write-load.js';

/**
 * Trials run (the issue asks 20: `POINTYARD_CLUSTER_TRIALS=20 POINTYARD_TEST_TIMEOUT_MS=1200000 node
 * scripts/run-tests.mjs test/interop/cluster-failover.test.ts`; the runner's 5 minutes count for the file).
 */
const TRIALS = Number(process.env.POINTYARD_CLUSTER_TRIALS) || 3;
/** Writes each client has acknowledged before the kill. */
const ACKED_BEFORE_KILL = 20;

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-trial-'));

before(async () => {
  if (!skip) cluster = await PostgresCluster.start();
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Polls `ready` every 20 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => Promise<boolean>, what: string, capMs = 30_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await ready())) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('three nodes, one killed under write load', { skip }, () => {
  for (let trial = 1; trial <= TRIALS; trial++) {
    test(`trial ${trial}/${TRIALS}`, async () => {
      const url = await cluster.createDatabase(`trial${trial}`);
      const nodes: RunningPointyard[] = [];
      try {
        for (const name of ['n1', 'n2', 'n3'])
          nodes.push(
            await startPointyard(join(root, `${trial}-${name}`), { args: ['--store', url, '--node', name] }),
          );
        const [n1, n2, n3] = nodes as [RunningPointyard, RunningPointyard, RunningPointyard];
        // Every node runs its share.
        await until(async () => {
          const held = [...(await owners(url)).values()];
          return ['n1', 'n2', 'n3'].every((n) => held.includes(n)) && held.every((n) => n !== null);
        }, 'the devices shared by the three nodes');
        const loads = [startWriteLoad(n1, { halfSent: false }), startWriteLoad(n2, { halfSent: false })];
        await Promise.all(loads.map((load) => load.acked(ACKED_BEFORE_KILL)));
        const itsDevices = [...(await owners(url))].filter(([, n]) => n === 'n3').map(([d]) => d);
        assert.ok(itsDevices.length > 0, 'the node killed runs devices');
        const killedAt = performance.now();
        await n3.stop('SIGKILL');
        await until(async () => {
          const now = await owners(url);
          return itsDevices.every((d) => now.get(d) === 'n1' || now.get(d) === 'n2');
        }, 'the killed node’s devices owned again');
        const failoverMs = Math.round(performance.now() - killedAt);
        // The load goes on after the failover, then stops.
        const after = loads.map((l) => ({ modbus: l.modbus.acked, http: l.http.acked }));
        await Promise.all(loads.map((load, i) => load.acked((after[i]?.modbus ?? 0) + 5)));
        for (const load of loads) load.close();
        await Promise.all(loads.map((load) => load.done));
        // Every acknowledged write is in the audit trail, and what is in force is one of them or a later one.
        await assertAudited(url, loads);
        for (const [key, level, loop] of [
          [MODBUS_POINT, MODBUS_LEVEL, 'modbus'],
          [HTTP_POINT, HTTP_LEVEL, 'http'],
        ] as const) {
          const acked = loads.map((l) => l[loop].acked);
          const written = await auditedWrites(url, key);
          assert.ok(
            written.length >= (acked[0] ?? 0) + (acked[1] ?? 0),
            `${key}: ${written.length} writes audited`,
          );
          const [array] = await query<{ vals: string }>(url, 'SELECT vals FROM priority WHERE key = $1', [
            key,
          ]);
          const inForce = JSON.parse(array?.vals ?? '[]')[level - 1];
          assert.ok(inForce >= writtenValue(Math.min(...acked) - 1), `${key}: ${inForce} in force`);
        }
        process.stderr.write(
          `cluster trial ${trial}: failover of ${itsDevices.length} devices in ${failoverMs} ms; writes acknowledged ${JSON.stringify(loads.map((l) => [l.modbus.acked, l.http.acked]))}\n`,
        );
      } finally {
        for (const node of nodes) await node.stop();
      }
    });
  }
});
