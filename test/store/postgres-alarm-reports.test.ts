// Alarm reports in PostgreSQL: the conformance suite on a cluster of its own (a fresh database per test,
// reopened on the same database), two stores (two nodes) on one database calling at once, and a database
// stopped and started again under a running store.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReceivedReport } from '../../src/store/alarm-reports.js';
import { alarmReportsConformance } from '../../src/store/conformance/alarm-reports.js';
import { PgAlarmReports } from '../../src/store/postgres/pg-alarm-reports.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import type { Store } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';

const T0 = 1_780_000_000_000;

/** One node's alarm reports on the database `url`, with its own pool and health. */
async function openNode(url: string) {
  const health = new StoreHealth();
  const db = new PgDatabase(url, health, 'postgres', { max: 4 });
  try {
    return { reports: await PgAlarmReports.open(db), db, health };
  } catch (err) {
    await db.close();
    throw err;
  }
}

const received = (
  sequence: number,
  receivedAt: number,
  more: Partial<ReceivedReport> = {},
): ReceivedReport => ({
  receivedAt,
  account: '1234',
  receiver: 'R1',
  line: 'L1',
  sequence,
  code: 'BA',
  zone: '001',
  text: '',
  eventTime: receivedAt,
  remote: '127.0.0.1:50322',
  transport: 'tcp',
  encrypted: false,
  frame: `frame ${sequence}`,
  ...more,
});

describe('alarm reports in PostgreSQL', { skip: peerSkip(postgresMissing()) }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await PostgresCluster.start({ fsync: false });
  });
  after(async () => {
    await cluster?.dispose();
  });

  // The whole store is not this concern's: a store of alarm reports alone, closed with its pool.
  const urls = new WeakMap<Store, string>();
  const openStoreOn = async (url: string): Promise<Store> => {
    const { reports, db } = await openNode(url);
    const store = { alarmReports: reports, close: () => db.close() } as unknown as Store;
    urls.set(store, url);
    return store;
  };
  alarmReportsConformance({
    open: async () => openStoreOn(await cluster.createDatabase('alarm_reports')),
    reopen: async (store) => {
      await store.close();
      return openStoreOn(urls.get(store) as string);
    },
  });

  test('two nodes taking the same reports at once log each once, in batches in any order', async () => {
    const url = await cluster.createDatabase('two_nodes');
    // Opened at once: the schema is made once.
    const [a, b] = await Promise.all([openNode(url), openNode(url)]);
    try {
      for (let round = 0; round < 10; round++) {
        const batch = Array.from({ length: 10 }, (_, i) =>
          received(round * 10 + i + 1, T0 + round * 1000, { account: `acct-${i % 3}` }),
        );
        const reversed = [...batch].reverse();
        // Each node takes the batch twice at once (a resend), one of them in the other order.
        const results = await Promise.all([
          a.reports.recordAll(batch),
          b.reports.recordAll(reversed),
          a.reports.recordAll(reversed),
          b.reports.recordAll(batch),
        ]);
        const inOrder = [
          results[0],
          [...(results[1] ?? [])].reverse(),
          [...(results[2] ?? [])].reverse(),
          results[3],
        ];
        for (let i = 0; i < batch.length; i++) {
          const mine = inOrder.map((r) => r?.[i]);
          assert.equal(
            mine.filter((r) => r?.duplicate === false).length,
            1,
            `round ${round}, report ${i}: logged once`,
          );
          assert.equal(new Set(mine.map((r) => r?.id)).size, 1, 'the resends name the one logged');
        }
      }
      const logged = await a.reports.list();
      assert.equal(logged.length, 100);
      assert.equal(new Set(logged.map((r) => r.sequence)).size, 100);
      assert.equal(await b.reports.lastSeen('acct-0'), T0 + 9000);
    } finally {
      await a.db.close();
      await b.db.close();
    }
  });

  test('two nodes acknowledging and counting attempts at once: one delivery record each, no attempt lost', async () => {
    const url = await cluster.createDatabase('two_nodes_queue');
    const a = await openNode(url);
    const b = await openNode(url);
    try {
      const report = { code: 'BA', zone: '001', text: '', time: T0, device: 'pir-1', point: null };
      const seqs = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).reports.enqueue('1234', { ...report, zone: String(i) }),
        ),
      );
      assert.equal(new Set(seqs).size, 40, 'every seq its own');
      const byZone = (await a.reports.pending('1234')).map((q) => q.report.zone);
      assert.deepEqual(
        (await a.reports.pending('1234')).map((q) => q.seq),
        [...seqs].sort((x, y) => x - y),
        'in order of seq',
      );
      assert.equal(byZone.length, 40);
      const calls = seqs.map((seq) =>
        Promise.all([
          a.reports.acknowledged(seq, 'primary', T0 + 10),
          b.reports.attempt(seq, 'backup', { outcome: 'timeout', at: T0 + 5 }),
          b.reports.acknowledged(seq, 'backup', T0 + 11),
        ]),
      );
      const outcomes = await Promise.all(calls);
      const delivered = new Map((await b.reports.delivered()).map((d) => [d.seq, d]));
      assert.equal(delivered.size, 40, 'one delivery record per report');
      for (const [i, [ackA, attempted, ackB]] of outcomes.entries()) {
        const seq = seqs[i] as number;
        assert.equal(Number(ackA) + Number(ackB), 1, `${seq}: acknowledged once`);
        const record = delivered.get(seq);
        assert.equal(record?.receiver, ackA ? 'primary' : 'backup');
        const counted = record?.attempts.find((t) => t.receiver === 'backup')?.timeout ?? 0;
        assert.equal(
          counted,
          attempted ? 1 : 0,
          `${seq}: an attempt counted iff it was before the acknowledgement`,
        );
      }
      assert.deepEqual(await a.reports.accounts(), []);
      assert.deepEqual(
        await cluster.sql('SELECT * FROM alarm_report_attempts', new URL(url).pathname.slice(1)),
        [],
        'no attempt left behind',
      );
    } finally {
      await a.db.close();
      await b.db.close();
    }
  });

  test('calls made without waiting are queued and logged in the order they were made', async () => {
    const { reports, db } = await openNode(await cluster.createDatabase('in_order'));
    try {
      const report = { code: 'BA', zone: '001', text: '', time: T0, device: 'pir-1', point: null };
      // As the transmitter queues: one call per event, none waiting for the one before.
      const seqs = await Promise.all(
        Array.from({ length: 60 }, (_, i) => reports.enqueue('1234', { ...report, zone: String(i) })),
      );
      assert.deepEqual(
        seqs,
        [...seqs].sort((x, y) => x - y),
        'seq ascends in the order of the calls',
      );
      assert.deepEqual(
        (await reports.pending('1234')).map((q) => q.report.zone),
        seqs.map((_, i) => String(i)),
      );
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => reports.recordAll([received(i + 1, T0), received(i + 101, T0)])),
      );
      const ids = results.flat().map((r) => r.id);
      assert.deepEqual(
        ids,
        [...ids].sort((x, y) => x - y),
        'ids ascend in the order of the calls',
      );
    } finally {
      await db.close();
    }
  });

  test('the database stopped: a batch is refused with a StoreError, logged after the restart, no reopen', async () => {
    const { reports, db, health } = await openNode(await cluster.createDatabase('stopped'));
    try {
      await reports.record(received(1, T0));
      await cluster.stop();
      try {
        const refused = await reports.recordAll([received(2, T0 + 1000), received(3, T0 + 1000)]).then(
          () => undefined,
          (err: unknown) => err,
        );
        assert.ok(refused instanceof StoreError, `a StoreError: ${String(refused)}`);
        assert.ok(health.failing('postgres'), 'the store says it cannot write');
        const report = { code: 'BA', zone: '001', text: '', time: T0, device: 'pir-1', point: null };
        await assert.rejects(reports.enqueue('1234', report), StoreError);
      } finally {
        await cluster.resume();
      }
      const results = await reports.recordAll([received(2, T0 + 1000), received(3, T0 + 1000)]);
      assert.deepEqual(
        results.map((r) => r.duplicate),
        [false, false],
        'nothing of the refused batch was logged',
      );
      assert.equal(health.failing(), false, 'healthy again after a committed write');
      assert.deepEqual(
        (await reports.list()).map((r) => r.sequence),
        [3, 2, 1],
      );
      assert.deepEqual(await reports.pending('1234'), [], 'the refused enqueue queued nothing');
    } finally {
      await db.close();
    }
  });
});
