// A node cut off from PostgreSQL, through real processes: three `pointyard start --node` nodes on the demo site
// share one database; node c reaches it through a TCP proxy of the test that cuts it, once by resetting every
// connection (and refusing new ones), once as a silent blackhole, then heals. While cut: c's devices are owned
// by a and b again, c committed nothing for them after its leases' expiry by the database's clock, writes sent
// to c (Modbus, Haystack) are refused with the protocol's error and never acknowledged nor applied, and c's
// `cluster` op says the database cannot be reached. Healed: c rejoins by itself and takes its share back,
// Cluster Status HEALTHY on every node, every write acknowledged by any node is in the audit trail.
// Read on c while it is cut off, the parking server's Cluster Status and Database Status (another node runs it)
// are c's own view once it has lost the feed: FAULT and DISCONNECTED; the others' again once healed.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { assertAudited, owners, query } from '../support/cluster-database.js';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { type CutMode, PartitionProxy } from '../support/partition-proxy.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import {
  HTTP_LEVEL,
  HTTP_POINT,
  startWriteLoad,
  type WriteLoad,
  writtenValue,
} from '../support/write-load.js';

const CLUSTER_STATUS = 'lyon-confluence.parking-server.cluster-status';
const DATABASE_STATUS = 'lyon-confluence.parking-server.database-status';
/** What the test writes on c while it is cut off (out of the write loads' range): none may be applied. */
const CUT_MODBUS_VALUE = 3150; // 31.5 A in 0.01 A
const CUT_HTTP_VALUE = 31.25;

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-partition-'));

before(async () => {
  if (!skip) cluster = await PostgresCluster.start();
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Polls `ready` every 20 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => Promise<boolean>, what: string, capMs = 60_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await ready())) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A Haystack session on `node`, logged in now (while its database can be reached). */
async function haystack(node: RunningPointyard) {
  const { fetch } = await haystackLogin(node.url, 'admin', ADMIN_PASSWORD);
  return {
    async clusterStatus(): Promise<string | undefined> {
      const answer = await callOp(node.url, fetch, 'read', `ver:"3.0"\nid\n@${CLUSTER_STATUS}\n`);
      return answer.error === null ? answer.grid.getRows()[0]?.get('curVal')?.toString() : undefined;
    },
    async databaseStatus(): Promise<string | undefined> {
      const answer = await callOp(node.url, fetch, 'read', `ver:"3.0"\nid\n@${DATABASE_STATUS}\n`);
      return answer.error === null ? answer.grid.getRows()[0]?.get('curVal')?.toString() : undefined;
    },
    /** The curStatus of Cluster Status as this node answers it. */
    async clusterStatusFlag(): Promise<string | undefined> {
      const answer = await callOp(node.url, fetch, 'read', `ver:"3.0"\nid\n@${CLUSTER_STATUS}\n`);
      return answer.error === null ? answer.grid.getRows()[0]?.get('curStatus')?.toString() : undefined;
    },
    async databaseReachable(): Promise<boolean | undefined> {
      const answer = await callOp(node.url, fetch, 'cluster');
      return answer.error === null
        ? answer.grid.meta.get('databaseReachable')?.valueOf() === true
        : undefined;
    },
    /** pointWrite of HTTP_POINT: 'acked', or how it was refused. */
    async write(value: number): Promise<string> {
      const body = `ver:"3.0"\nid,level,val\n@lyon-confluence.${HTTP_POINT},${HTTP_LEVEL},${value}\n`;
      const answer = await callOp(node.url, fetch, 'pointWrite', body).catch((err: Error) => err);
      if (answer instanceof Error) return `failed: ${answer.message}`;
      if (answer.status !== 200) return `HTTP ${answer.status}`;
      return answer.error === null ? 'acked' : `error grid: ${answer.error}`;
    },
  };
}

/** One Modbus write of MODBUS_POINT on `node`: 'acked', or how it was refused. */
async function modbusWrite(node: RunningPointyard, value: number): Promise<string> {
  const { host, port } = node.modbus as { host: string; port: number };
  // Long enough for the write path to give up on a silent database (its statements are bounded by 10 s).
  const client = await ModbusTcpClient.connect(host, port, 15_000);
  try {
    const answer = await client.request(2, { fc: 6, address: 100, value }).catch((err: Error) => err);
    if (answer instanceof Error) return `failed: ${answer.message}`;
    return answer.kind === 'exception' ? `exception ${answer.exception}` : 'acked';
  } finally {
    await client.close();
  }
}

describe('a node cut off from PostgreSQL', { skip }, () => {
  for (const mode of ['reset', 'blackhole'] as CutMode[]) {
    test(`cut by ${mode === 'reset' ? 'a reset' : 'a silent blackhole'}, then healed`, async () => {
      const url = await cluster.createDatabase(`partition_${mode}`);
      const proxy = await PartitionProxy.start(cluster.port);
      const nodes: RunningPointyard[] = [];
      const loads: WriteLoad[] = [];
      try {
        for (const [name, store] of [
          ['a', url],
          ['b', url],
          ['c', proxy.via(url)],
        ] as const)
          nodes.push(
            await startPointyard(join(root, `${mode}-${name}`), { args: ['--store', store, '--node', name] }),
          );
        const [a, b, c] = nodes as [RunningPointyard, RunningPointyard, RunningPointyard];
        await until(async () => {
          const held = [...(await owners(url)).values()];
          return ['a', 'b', 'c'].every((n) => held.includes(n)) && held.every((n) => n !== null);
        }, 'the devices shared by the three nodes');
        const sessions = await Promise.all(nodes.map(haystack));
        const onC = sessions[2] as Awaited<ReturnType<typeof haystack>>;
        // Paced: the load lasts the whole cut, a minute or two (fewer than 2,600 writes stay in range).
        loads.push(
          startWriteLoad(a, { halfSent: false, paceMs: 40 }),
          startWriteLoad(b, { halfSent: false, paceMs: 40 }),
        );
        await Promise.all(loads.map((load) => load.acked(10)));
        const itsDevices = [...(await owners(url))].filter(([, n]) => n === 'c').map(([d]) => d);
        assert.ok(itsDevices.length > 0, 'c runs devices');

        // The cut. After it, c's last renewal is the one in the database: its leases expire at `expiry`.
        proxy.partition(mode);
        const cutAt = performance.now();
        const [{ expiry } = { expiry: '' }] = await query<{ expiry: string }>(
          url,
          "SELECT max(expires_at)::text AS expiry FROM device_leases WHERE node = 'c'",
        );
        // Writes sent to c are refused with the protocol's error (the database cannot be reached), meanwhile:
        const writesOnC = Promise.all([modbusWrite(c, CUT_MODBUS_VALUE), onC.write(CUT_HTTP_VALUE)]);
        // a and b own c's devices again.
        await until(async () => {
          const now = await owners(url);
          return itsDevices.every((d) => now.get(d) === 'a' || now.get(d) === 'b');
        }, 'c’s devices owned again by a and b');
        const failoverMs = Math.round(performance.now() - cutAt);
        const [modbusOnC, httpOnC] = await writesOnC;
        assert.match(
          modbusOnC,
          /^exception \d+$/,
          'a Modbus write on c while cut is refused with an exception',
        );
        assert.notEqual(httpOnC, 'acked', 'a Haystack write on c while cut is refused');
        assert.doesNotMatch(httpOnC, /^failed/, `a Haystack write on c is answered (${httpOnC})`);
        await until(
          async () => (await onC.databaseReachable()) === false,
          'c: the database cannot be reached',
        );
        // Once c has lost the feed (a silent network is noticed by the feed's read timeout), the statuses it
        // shows of the parking server, which another node runs, are its own view.
        await until(
          async () =>
            (await onC.clusterStatus()) === 'FAULT' && (await onC.databaseStatus()) === 'DISCONNECTED',
          'c: Cluster Status FAULT and Database Status DISCONNECTED',
          60_000,
        );
        const statusOnC = await onC.clusterStatus();
        // Nothing c did after its leases expired is in the database.
        const late = await query<{ n: string }>(
          url,
          "SELECT count(*)::text AS n FROM point_changes WHERE node = 'c' AND committed_at > $1::timestamptz",
          [expiry],
        );
        assert.equal(late[0]?.n, '0', 'no change of c committed after its leases expired');

        // Healed: c rejoins by itself and takes its share back; every node says HEALTHY.
        const healedAt = (await query<{ at: string }>(url, 'SELECT clock_timestamp()::text AS at'))[0]?.at;
        proxy.heal();
        await until(async () => [...(await owners(url)).values()].includes('c'), 'c holding devices again');
        let statuses: (string | undefined)[] = [];
        await until(
          async () => {
            statuses = await Promise.all(sessions.map((session) => session.clusterStatus()));
            return statuses.every((word) => word === 'HEALTHY');
          },
          'HEALTHY on every node',
          120_000,
        ).catch((err: Error) => {
          throw new Error(
            `${err.message} (a, b, c: ${statuses.join(', ')})\n${c.output.slice(-20).join('\n')}`,
          );
        });
        await until(async () => (await onC.clusterStatusFlag()) === 'ok', 'c: Cluster Status fresh again');
        // Between its expiry and the heal, nothing of c's landed (not even what was held back and sent late).
        const between = await query<{ n: string }>(
          url,
          `SELECT count(*)::text AS n FROM point_changes
            WHERE node = 'c' AND committed_at > $1::timestamptz AND committed_at <= $2::timestamptz`,
          [expiry, healedAt],
        );
        assert.equal(between[0]?.n, '0', 'no change of c committed while it was cut off');
        // A write on c is acknowledged again.
        assert.equal(await modbusWrite(c, Math.round(writtenValue(0) * 100)), 'acked', 'Modbus on c healed');

        const acked = loads.map((l) => ({ modbus: l.modbus.acked, http: l.http.acked }));
        await Promise.all(loads.map((load, i) => load.acked((acked[i]?.modbus ?? 0) + 5)));
        for (const load of loads) load.close();
        await Promise.all(loads.map((load) => load.done));
        await assertAudited(url, loads);
        // What c refused while cut off was never applied, not even once the held bytes went through.
        const refused = await query<{ n: string }>(
          url,
          "SELECT count(*)::text AS n FROM audit WHERE action = 'write' AND written IN ($1, $2)",
          [JSON.stringify(CUT_MODBUS_VALUE / 100), JSON.stringify(CUT_HTTP_VALUE)],
        );
        assert.equal(refused[0]?.n, '0', 'the writes refused by c are not in the audit trail');
        process.stderr.write(
          `cluster partition (${mode}): ${itsDevices.length} devices of c owned again in ${failoverMs} ms; on c while cut: Modbus ${modbusOnC}, Haystack ${httpOnC}, Cluster Status ${statusOnC}\n`,
        );
      } finally {
        for (const load of loads) load.close();
        for (const node of nodes) await node.stop('SIGKILL');
        await proxy.close();
      }
    });
  }
});
