// The demo on PostgreSQL, as a new user runs it (`pointyard start --store postgres://…`, a real process) with
// Debian's PostgreSQL (a cluster of this file's own, fsync on): every acknowledged write is in the database
// after a kill -9 and in force again after a restart; the database stopped for 30 s: Database Status
// DISCONNECTED and writes refused (never acknowledged), then everything resumes by itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { until } from '../protocols/sia-pointyard-rig.js';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const SETPOINT = 'lyon-confluence.dhw-tank.temperature-setpoint';
const DATABASE_STATUS = 'lyon-confluence.parking-server.database-status';
const skip = peerSkip(postgresMissing());
const root = mkdtempSync(join(tmpdir(), 'pointyard-pg-demo-'));
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!skip) cluster = await PostgresCluster.start();
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function session(url: string) {
  const { fetch } = await haystackLogin(url, 'admin', ADMIN_PASSWORD);
  return {
    /** The write's error, or null once acknowledged. */
    async write(value: number): Promise<string | null> {
      const answer = await callOp(
        url,
        fetch,
        'pointWrite',
        `ver:"3.0"\nid,level,val\n@${SETPOINT},16,${value}°C\n`,
      );
      return answer.status === 200 && answer.error === null
        ? null
        : (answer.error ?? `HTTP ${answer.status}`);
    },
    /** Writes `value` to the point `id` (a command such as the parking server's Database Backup). */
    async command(id: string, value: string): Promise<string | null> {
      const answer = await callOp(
        url,
        fetch,
        'pointWrite',
        `ver:"3.0"\nid,level,val\n@${id},16,"${value}"\n`,
      );
      return answer.status === 200 && answer.error === null
        ? null
        : (answer.error ?? `HTTP ${answer.status}`);
    },
    async curVal(id: string): Promise<unknown> {
      const answer = await callOp(url, fetch, 'read', `ver:"3.0"\nid\n@${id}\n`);
      assert.equal(answer.error, null, answer.text);
      const value = answer.grid.getRows()[0]?.get('curVal');
      return (value as { value?: unknown } | undefined)?.value ?? value?.toString();
    },
  };
}

describe('the demo on PostgreSQL', { skip, timeout: 300_000 }, () => {
  test('every acknowledged write is in the database after a kill -9, and in force after a restart', async () => {
    const c = cluster as PostgresCluster;
    const url = await c.createDatabase('demo');
    const yard = await startPointyard(join(root, 'a'), { args: ['--store', url] });
    const acknowledged: number[] = [];
    try {
      assert.ok(
        yard.banner.some((line) => line.includes(`store in postgres://postgres:***@127.0.0.1:${c.port}/`)),
        yard.banner.join('\n'),
      );
      const api = await session(yard.url);
      for (let v = 50; v < 70; v++) if ((await api.write(v)) === null) acknowledged.push(v);
      assert.equal(acknowledged.length, 20);
      await yard.stop('SIGKILL');
    } finally {
      await yard.stop('SIGKILL');
    }
    const name = new URL(url).pathname.slice(1);
    const audit = await c.sql<{ after: string }>(
      `SELECT "after" FROM audit WHERE key = 'dhw-tank.temperature-setpoint' AND action = 'write' ORDER BY ts`,
      name,
    );
    assert.deepEqual(
      audit.map((r) => Number(JSON.parse(r.after))),
      acknowledged,
      'every acknowledged write committed',
    );
    // Another data folder, the same database: what was written is in force.
    const again = await startPointyard(join(root, 'b'), { args: ['--store', url] });
    try {
      assert.equal(await (await session(again.url)).curVal(SETPOINT), 69);
      assert.equal(await again.stop(), 0);
    } finally {
      await again.stop('SIGKILL');
    }
  });

  test('Database Backup dumps the database with pg_dump: Backup Status OK, a dump pg_restore reads', async () => {
    const c = cluster as PostgresCluster;
    const url = await c.createDatabase('backup');
    const data = join(root, 'd');
    const yard = await startPointyard(data, { args: ['--store', url] });
    try {
      const api = await session(yard.url);
      const last = await api.curVal('lyon-confluence.parking-server.last-backup-time');
      assert.equal(await api.command('lyon-confluence.parking-server.database-backup', 'BACKUP'), null);
      await until(
        'the backup done',
        async () => {
          return (
            (await api.curVal('lyon-confluence.parking-server.backup-status')) === 'OK' &&
            (await api.curVal('lyon-confluence.parking-server.last-backup-time')) !== last
          );
        },
        90_000,
      );
      const [folder] = readdirSync(join(data, 'backups'));
      const dump = join(data, 'backups', folder as string, 'pointyard.dump');
      const listed = execFileSync('pg_restore', ['--list', dump], { encoding: 'utf8' });
      assert.match(listed, /TABLE DATA public audit/);
      assert.match(listed, /TABLE DATA public history_chunks|TABLE DATA public history/);
      assert.equal(await yard.stop(), 0);
    } finally {
      await yard.stop('SIGKILL');
    }
  });

  test('the database stopped for 30 s: DISCONNECTED, writes refused; started again: all resumes by itself', async () => {
    const c = cluster as PostgresCluster;
    const url = await c.createDatabase('outage');
    const yard = await startPointyard(join(root, 'c'), { args: ['--store', url] });
    try {
      const api = await session(yard.url);
      assert.equal(await api.write(50), null);
      await until(
        'Database Status CONNECTED',
        async () => (await api.curVal(DATABASE_STATUS)) === 'CONNECTED',
      );
      const stoppedAt = Date.now();
      await c.stop();
      const refused = await api.write(51);
      assert.ok(refused !== null, 'a write while the database is down is not acknowledged');
      await until(
        'Database Status DISCONNECTED',
        async () => (await api.curVal(DATABASE_STATUS)) === 'DISCONNECTED',
      );
      // Down for 30 s in all, Pointyard still serving reads.
      await until(
        '30 s of outage',
        async () => {
          assert.equal(await api.curVal(SETPOINT), 50);
          return Date.now() - stoppedAt >= 30_000;
        },
        60_000,
      );
      await c.resume();
      await until('a write acknowledged again', async () => (await api.write(52)) === null, 60_000);
      await until(
        'Database Status CONNECTED again',
        async () => (await api.curVal(DATABASE_STATUS)) === 'CONNECTED',
      );
      assert.equal(await api.curVal(SETPOINT), 52);
      const writes = await c.sql<{ after: string }>(
        `SELECT "after" FROM audit WHERE key = 'dhw-tank.temperature-setpoint' AND action = 'write' ORDER BY ts`,
        new URL(url).pathname.slice(1),
      );
      assert.deepEqual(
        writes.map((r) => Number(JSON.parse(r.after))),
        [50, 52],
        'the refused write is nowhere',
      );
      assert.equal(await yard.stop(), 0);
    } finally {
      await yard.stop('SIGKILL');
      await c.resume().catch(() => {});
    }
  });
});
