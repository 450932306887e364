// The PostgreSQL engine's state on a cluster of its own (one per file, a fresh database per test; history and
// alarm reports, built by their own classes, are the memory engine's here; the conformance suite runs on the
// whole engine in postgres-conformance.test.ts): what only a database server brings: the database lost and back, two nodes on one
// database, migrations run once by nodes opening together, and backups with pg_dump that pg_restore reads.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { emptyPriorityArray, withLevel } from '../../src/core/priority-array.js';
import { listDataFiles } from '../../src/protocols/haystack/data-files.js';
import { auditRecord, storedUser } from '../../src/store/conformance/fixtures.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { DUMP_FILE, pgDumpCommand } from '../../src/store/postgres/pg-backup.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { STATE_PART, STATE_PG_MIGRATIONS } from '../../src/store/postgres/pg-state-migrations.js';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';
import type { CommittedWrite, Store } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { freePort } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const skip = peerSkip(postgresMissing());

/** A write of `value` at level 16 of `key` at time `ts`, with its audit record. */
const pointWrite = (key: string, ts: number, value: number): CommittedWrite => ({
  key,
  array: withLevel(emptyPriorityArray(), 16, value),
  audit: auditRecord(key, ts, { written: value, after: value }),
});

const databaseOf = (url: string) => new URL(url).pathname.slice(1);

/** Opens the FIFO `path` for writing once a reader has it open (polled, at most 10 s). */
async function openWhenRead(path: string): Promise<number> {
  for (let i = 0; ; i++) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || i >= 1000) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('PostgreSQL store: state', { skip }, () => {
  let cluster: PostgresCluster;
  const scratch = mkdtempSync(join(tmpdir(), 'pointyard-pg-state-'));
  before(async () => {
    cluster = await PostgresCluster.start({ fsync: false });
  });
  after(async () => {
    await cluster?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  const urls = new WeakMap<Store, string>();
  /** A store on the database of `url`, with the memory engine's history and alarm reports. */
  const openOn = async (url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> => {
    const memory = new MemoryStore();
    const db = new PgDatabase(url, new StoreHealth(), 'postgres', { max: 4 });
    try {
      const store = await PostgresStore.open(
        db,
        { history: Object.assign(memory.history, { close: () => {} }), alarmReports: memory.alarmReports },
        options,
      );
      urls.set(store, url);
      return store;
    } catch (err) {
      await db.close();
      throw err;
    }
  };
  test('the database lost: writes refused, health failing, nothing kept; back: the next write commits and heals', async () => {
    const store = await openOn(await cluster.createDatabase());
    try {
      await store.commitWrites([pointWrite('a.sp', 1, 20)]);
      await cluster.stop();
      try {
        await assert.rejects(store.commitWrites([pointWrite('a.sp', 2, 21)]), StoreError);
        assert.equal(store.health.failing(), true);
        assert.equal(store.health.problems[0]?.database, 'postgres');
        await assert.rejects(store.probe(), StoreError);
        await assert.rejects(store.outbox.enqueue('cp-1', 'MeterValues', {}), StoreError);
      } finally {
        await cluster.resume();
      }
      // The same store, not reopened: its pool connects again.
      await store.commitWrites([pointWrite('a.sp', 3, 22)]);
      assert.equal(store.health.failing(), false);
      assert.deepEqual(
        (await store.queryAudit()).map((r) => [r.ts, r.written]),
        [
          [3, 22],
          [1, 20],
        ],
        'the refused write was never kept',
      );
      assert.deepEqual(await store.loadPriorities(), new Map([['a.sp', pointWrite('a.sp', 3, 22).array]]));
      assert.deepEqual(await store.outbox.pending('cp-1'), []);
    } finally {
      await store.close();
    }
  });

  test('the first transaction after a restart no one saw commits: the dropped idle connections are replaced', async () => {
    const store = await openOn(await cluster.createDatabase());
    try {
      await Promise.all(
        ['cp-1', 'cp-2', 'cp-3'].map((cp) => store.outbox.saveState(cp, new Map([['a', '1']]))),
      );
      assert.equal(store.db.pool.idleCount, 3);
      // Stopped and started with no turn of the event loop between: the pool still holds its dropped connection.
      await cluster.stop();
      await cluster.resume();
      await store.outbox.saveState('cp-1', new Map([['a', '2']]));
      assert.deepEqual(await store.outbox.loadState('cp-1'), new Map([['a', '2']]));
      assert.equal(store.health.failing(), false);
    } finally {
      await store.close();
    }
  });

  test('opening a database that cannot be reached is a StoreError naming it without its password', async () => {
    const url = `postgres://postgres:hidden-word@127.0.0.1:${await freePort()}/nothing`;
    await assert.rejects(
      openOn(url),
      (err: unknown) =>
        err instanceof StoreError &&
        /cannot reach the database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/.test(err.message) &&
        !err.message.includes('hidden-word'),
    );
  });

  test('a batch the database refuses keeps none of its writes and leaves the health alone', async () => {
    const store = await openOn(await cluster.createDatabase());
    try {
      // PostgreSQL's text holds no NUL character: the second write is refused, and so the whole batch.
      const refused = store.commitWrites([pointWrite('a.sp', 1, 20), pointWrite('b.sp\u0000', 2, 30)]);
      await assert.rejects(refused, StoreError);
      assert.deepEqual(await store.loadPriorities(), new Map());
      assert.deepEqual(await store.queryAudit(), []);
      assert.equal(store.health.failing(), false, 'the database is fine: the request was wrong');
    } finally {
      await store.close();
    }
  });

  test('200 writers at once on a pool of 4: every write committed, never more than 4 connections', async () => {
    const url = await cluster.createDatabase();
    const store = await openOn(url);
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.commitWrites([pointWrite(`dev-${i}.sp`, i, i)])),
      );
      assert.equal((await store.queryAudit()).length, 200);
      assert.equal((await store.loadPriorities()).size, 200);
      const [connections] = await cluster.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${databaseOf(url)}'`,
      );
      assert.ok((connections?.n ?? 0) <= 4, `${connections?.n} connections`);
    } finally {
      await store.close();
    }
  });

  test('a batch that writes a point twice keeps the last array and both audit records, in order', async () => {
    const store = await openOn(await cluster.createDatabase());
    try {
      await store.commitWrites([
        pointWrite('a.sp', 1, 20),
        pointWrite('b.sp', 1, 5),
        pointWrite('a.sp', 1, 21),
      ]);
      assert.deepEqual(
        await store.loadPriorities(),
        new Map([
          ['a.sp', pointWrite('a.sp', 1, 21).array],
          ['b.sp', pointWrite('b.sp', 1, 5).array],
        ]),
      );
      assert.deepEqual(
        (await store.queryAudit({ key: 'a.sp' })).map((r) => r.written),
        [21, 20],
        'the later committed first',
      );
    } finally {
      await store.close();
    }
  });

  test("two nodes on one database see each other's committed writes at once", async () => {
    const url = await cluster.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    try {
      await a.commitWrites([pointWrite('a.sp', 1, 20)]);
      assert.deepEqual(await b.loadPriorities(), new Map([['a.sp', pointWrite('a.sp', 1, 20).array]]));
      await b.commitWrites([pointWrite('b.sp', 2, 30)]);
      assert.deepEqual(
        (await a.queryAudit()).map((r) => r.key),
        ['b.sp', 'a.sp'],
      );
      await b.saveUser(storedUser('alice', 'operator'));
      assert.deepEqual(await a.getUser('alice'), storedUser('alice', 'operator'));
      const seqs = [
        await a.outbox.enqueue('cp-1', 'StartTransaction', {}),
        await b.outbox.enqueue('cp-1', 'MeterValues', {}),
        await a.outbox.enqueue('cp-1', 'StopTransaction', {}),
      ];
      assert.deepEqual(
        (await b.outbox.pending('cp-1')).map((m) => m.seq),
        seqs,
        'one queue, in order of queueing, whichever node queued',
      );
      const first = await a.charging.startTransaction({
        chargePointId: 'CP-1',
        connectorId: 1,
        idTag: 'CARD',
        meterStart: 0,
        startedAt: 1,
        reservationId: null,
      });
      const second = await b.charging.startTransaction({
        chargePointId: 'CP-2',
        connectorId: 1,
        idTag: 'CARD',
        meterStart: 0,
        startedAt: 2,
        reservationId: null,
      });
      assert.ok(second.id > first.id, 'one numbering of transactions');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('nodes opening a new database together migrate it once; a newer schema is refused', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all([openOn(url), openOn(url), openOn(url)]);
    try {
      const latest = STATE_PG_MIGRATIONS.at(-1)?.version;
      assert.deepEqual(await cluster.sql('SELECT part, version FROM pointyard_schema', databaseOf(url)), [
        { part: STATE_PART, version: latest },
      ]);
      await stores[0]?.commitWrites([pointWrite('a.sp', 1, 20)]);
      assert.equal((await stores[2]?.queryAudit())?.length, 1);
    } finally {
      for (const store of stores) await store.close();
    }
    await cluster.sql(
      `UPDATE pointyard_schema SET version = 99 WHERE part = '${STATE_PART}'`,
      databaseOf(url),
    );
    await assert.rejects(
      openOn(url),
      (err: unknown) => err instanceof StoreError && /newer/.test(err.message),
    );
  });

  test('a backup is a pg_dump that pg_restore lists and restores into a database a store opens', async () => {
    const url = await cluster.createDatabase();
    const store = await openOn(url);
    const dir = join(scratch, 'backup-1');
    try {
      await store.commitWrites([pointWrite('a.sp', 1, 20), pointWrite('b.sp', 2, 30)]);
      await store.saveUser(storedUser('alice'));
      const files = await store.backup(dir);
      assert.deepEqual(files, [join(dir, DUMP_FILE)]);
      assert.deepEqual(readdirSync(dir), [DUMP_FILE], 'nothing left beside it');
      assert.equal(statSync(join(dir, DUMP_FILE)).mode & 0o077, 0, 'owner-only');
      assert.equal(statSync(dir).mode & 0o077, 0, 'owner-only folder');
      const list = execFileSync('pg_restore', ['--list', join(dir, DUMP_FILE)], { encoding: 'utf8' });
      assert.match(list, /TABLE public audit /);
      assert.match(list, /TABLE public pointyard_schema /);

      const copy = await cluster.createDatabase('restored');
      const restore = pgDumpCommand(copy, 'unused'); // the same split of URL and password as a backup's
      const target = restore.args.find((a) => a.startsWith('--dbname=')) as string;
      execFileSync('pg_restore', ['--no-owner', target, join(dir, DUMP_FILE)], {
        env: { ...process.env, ...restore.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const restored = await openOn(copy);
      try {
        assert.deepEqual(await restored.queryAudit(), await store.queryAudit());
        assert.deepEqual(await restored.listUsers(), [storedUser('alice')]);
      } finally {
        await restored.close();
      }
    } finally {
      await store.close();
    }
  });

  test('a backup being written is not offered for download; once complete it is', async () => {
    const dataDir = join(scratch, 'data-1');
    const dir = join(dataDir, 'backups', '2026-01-05T10-30-00Z');
    // A pg_dump that waits for the test's word (through a FIFO) before it dumps.
    const fifo = join(scratch, 'go');
    execFileSync('mkfifo', [fifo]);
    const program = join(scratch, 'waiting-pg_dump');
    writeFileSync(program, `#!/bin/sh\nread word < '${fifo}'\nexec pg_dump "$@"\n`, { mode: 0o755 });
    const store = await openOn(await cluster.createDatabase(), { pgDump: program });
    let backup: Promise<string[]> | null = null;
    let writer: number | null = null;
    /** Tells the waiting pg_dump to go on, once. */
    const release = () => {
      if (writer === null) return;
      writeSync(writer, 'go\n');
      closeSync(writer);
      writer = null;
    };
    try {
      backup = store.backup(dir);
      writer = await openWhenRead(fifo);
      assert.deepEqual(listDataFiles(dataDir, 'backup'), []);
      assert.deepEqual(readdirSync(dir), [`${DUMP_FILE}.tmp`], 'being written');
      release();
      await backup;
      assert.deepEqual(
        listDataFiles(dataDir, 'backup').map((f) => f.name),
        [`2026-01-05T10-30-00Z/${DUMP_FILE}`],
      );
    } finally {
      release(); // never leave the script waiting
      await backup?.catch(() => {});
      await store.close();
    }
  });

  test('a backup without pg_dump, or whose pg_dump fails, is a StoreError that leaves no file', async () => {
    const url = await cluster.createDatabase();
    const missing = await openOn(url, { pgDump: 'pointyard-no-such-pg_dump' });
    const failing = await openOn(url, { pgDump: 'false' });
    try {
      const dir = join(scratch, 'backup-2');
      await assert.rejects(
        missing.backup(dir),
        (err: unknown) =>
          err instanceof StoreError && /pointyard-no-such-pg_dump not found/.test(err.message),
      );
      await assert.rejects(
        failing.backup(dir),
        (err: unknown) => err instanceof StoreError && /backup of .* failed/.test(err.message),
      );
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      await missing.close();
      await failing.close();
    }
  });

  test('pg_dump is given the password in its environment, never on its command line', () => {
    const command = pgDumpCommand(
      'postgres://pointyard:s%40cret@db.example:5433/site?sslmode=require',
      '/b/x',
    );
    assert.equal(command.env.PGPASSWORD, 's@cret');
    assert.ok(!command.args.join(' ').includes('cret'), command.args.join(' '));
    assert.ok(command.args.includes('--dbname=postgres://pointyard@db.example:5433/site?sslmode=require'));
    assert.ok(command.args.includes('--format=custom') && command.args.includes('--file=/b/x'));
  });
});
