// Conformance: alarm reports. The transmitter's queue (in order per account, attempts counted per receiver,
// kept until acknowledged, then a delivery record with bounded retention), checked against a model with
// random operations; and the receiver's log (filtered, newest first, paged, resends recognised, retention)
// with each account's last-seen time.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  DUPLICATE_WINDOW_MS,
  type OutgoingReport,
  type ReceivedReport,
  type ReceiverAttempts,
} from '../alarm-reports.js';
import { type EngineUnderTest, withSession } from './engine.js';

const T0 = 1_780_000_000_000;

const outgoing = (code: string, zone: string, more: Partial<OutgoingReport> = {}): OutgoingReport => ({
  code,
  zone,
  text: `${code} zone ${zone}`,
  time: T0,
  device: `pir-${zone}`,
  point: 'alarm-status',
  ...more,
});

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
  eventTime: receivedAt - 500,
  remote: '127.0.0.1:50322',
  transport: 'tcp',
  encrypted: false,
  frame: `\n0000"SIA-DCS"${String(sequence).padStart(4, '0')}R1L1#1234[#1234|Nri1/BA001]_${receivedAt}\r`,
  ...more,
});

const noAttempts = (receiver: string, more: Partial<ReceiverAttempts>): ReceiverAttempts => ({
  receiver,
  nak: 0,
  duh: 0,
  timeout: 0,
  unreachable: 0,
  lastError: null,
  lastAt: T0,
  ...more,
});

export function alarmReportsConformance(engine: EngineUnderTest): void {
  describe('alarm reports', () => {
    queueTests(engine);
    receivedTests(engine);
  });
}

function queueTests(engine: EngineUnderTest): void {
  test('queued reports come back in order per account, with attempts per receiver, across a reopen', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      assert.deepEqual(await reports().pending('1234'), []);
      assert.deepEqual(await reports().accounts(), []);
      const a = await reports().enqueue('1234', outgoing('BA', '001', { extra: { location: 'Level 1' } }));
      const b = await reports().enqueue('5678', outgoing('TA', '002'));
      const c = await reports().enqueue('1234', outgoing('BR', '001'));
      const d = await reports().enqueue('1234', outgoing('TA', '003'));
      assert.ok(a < b && b < c && c < d, 'seq ascends in order of queueing');
      assert.equal(await reports().attempt(a, 'primary', { outcome: 'timeout', at: T0 + 1 }), true);
      assert.equal(
        await reports().attempt(a, 'primary', {
          outcome: 'nak',
          at: T0 + 2,
          error: 'timestamp out of window',
        }),
        true,
      );
      await reports().attempt(a, 'backup', { outcome: 'unreachable', at: T0 + 3, error: 'ECONNREFUSED' });
      await reports().attempt(a, 'backup', { outcome: 'duh', at: T0 + 4 });
      await session.reopen();

      const queued = await reports().pending('1234');
      assert.deepEqual(
        queued.map((q) => [q.seq, q.account, q.report.code]),
        [
          [a, '1234', 'BA'],
          [c, '1234', 'BR'],
          [d, '1234', 'TA'],
        ],
      );
      assert.deepEqual(queued[0]?.report, outgoing('BA', '001', { extra: { location: 'Level 1' } }));
      assert.deepEqual(queued[0]?.attempts, [
        noAttempts('backup', { unreachable: 1, duh: 1, lastError: null, lastAt: T0 + 4 }),
        noAttempts('primary', { timeout: 1, nak: 1, lastError: 'timestamp out of window', lastAt: T0 + 2 }),
      ]);
      assert.deepEqual(queued[1]?.attempts, []);
      assert.deepEqual(
        (await reports().pending('1234', 2)).map((q) => q.seq),
        [a, c],
      );
      assert.deepEqual(await reports().accounts(), [
        { account: '1234', waiting: 3 },
        { account: '5678', waiting: 1 },
      ]);
    });
  });

  test('an acknowledged report leaves the queue for a delivery record, once, across a reopen', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      const a = await reports().enqueue('1234', outgoing('BA', '001'));
      const b = await reports().enqueue('1234', outgoing('BR', '001'));
      await reports().attempt(a, 'primary', { outcome: 'timeout', at: T0 + 1 });
      assert.equal(await reports().acknowledged(a, 'backup', T0 + 10), true);
      assert.equal(await reports().acknowledged(a, 'primary', T0 + 11), false, 'not queued any more');
      assert.equal(await reports().attempt(a, 'primary', { outcome: 'nak', at: T0 + 12 }), false);
      assert.equal(await reports().acknowledged(9_999_999, 'primary', T0), false);
      await session.reopen();
      assert.deepEqual(
        (await reports().pending('1234')).map((q) => q.seq),
        [b],
      );
      assert.deepEqual(await reports().delivered(), [
        {
          seq: a,
          account: '1234',
          report: outgoing('BA', '001'),
          attempts: [noAttempts('primary', { timeout: 1, lastAt: T0 + 1 })],
          receiver: 'backup',
          ackedAt: T0 + 10,
        },
      ]);
      await reports().acknowledged(b, 'primary', T0 + 20);
      assert.deepEqual(await reports().accounts(), []);
      assert.deepEqual(
        (await reports().delivered()).map((d) => d.seq),
        [b, a],
        'the latest acknowledged first',
      );
      assert.deepEqual(
        (await reports().delivered({ account: '5678' })).map((d) => d.seq),
        [],
      );
      assert.deepEqual(
        (await reports().delivered({ limit: 1 })).map((d) => d.seq),
        [b],
      );
      const e = await reports().enqueue('1234', outgoing('RP', '000'));
      assert.ok(e > b, 'a seq is never reused');
    });
  });

  test('delivery records are pruned by count and by age, oldest first, at most the batch asked for', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      const seqs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const seq = await reports().enqueue('1234', outgoing('BA', String(i)));
        await reports().acknowledged(seq, 'primary', T0 + i * 1000);
        seqs.push(seq);
      }
      const kept = async () => (await reports().delivered()).map((d) => d.seq).reverse();
      assert.equal(await reports().pruneDelivered({ keep: 6 }, 3), 3, 'at most the batch');
      assert.deepEqual(await kept(), seqs.slice(3));
      assert.equal(await reports().pruneDelivered({ keep: 6 }, 100), 1);
      assert.deepEqual(await kept(), seqs.slice(4));
      assert.equal(await reports().pruneDelivered({ before: T0 + 6000 }, 100), 2);
      assert.deepEqual(await kept(), seqs.slice(6));
      assert.equal(await reports().pruneDelivered({ keep: 3, before: T0 + 8000 }, 100), 2);
      await session.reopen();
      assert.deepEqual(await kept(), seqs.slice(8));
      assert.equal(await reports().pruneDelivered({}, 100), 0);
      assert.equal(await reports().pruneDelivered({ keep: 0 }, 100), 2);
    });
  });

  test('random enqueues, attempts, acknowledgements (and reopens) match a model of the queue', async () => {
    const accounts = ['1234', '5678', 'ABCD'];
    const operation = fc.oneof(
      fc.record({ op: fc.constant('enqueue' as const), account: fc.constantFrom(...accounts) }),
      fc.record({ op: fc.constant('attempt' as const), pick: fc.nat(), receiver: fc.constantFrom('a', 'b') }),
      fc.record({ op: fc.constant('ack' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('reopen' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) => {
        await withSession(engine, async (session) => {
          const model: Array<{ seq: number; account: string; zone: string; failures: number }> = [];
          const everQueued: number[] = [];
          let at = T0;
          for (const o of operations) {
            const reports = session.store.alarmReports;
            at += 1000;
            if (o.op === 'enqueue') {
              const zone = String(everQueued.length);
              const seq = await reports.enqueue(o.account, outgoing('BA', zone, { time: at }));
              assert.ok(
                everQueued.every((s) => s < seq),
                'seq ascends',
              );
              everQueued.push(seq);
              model.push({ seq, account: o.account, zone, failures: 0 });
            } else if (o.op === 'attempt' || o.op === 'ack') {
              // Any seq ever queued, acknowledged ones too (a late answer), or one never queued.
              const seq = everQueued[o.pick % (everQueued.length + 1)] ?? 0;
              const i = model.findIndex((m) => m.seq === seq);
              const done =
                o.op === 'attempt'
                  ? await reports.attempt(seq, o.receiver, { outcome: 'timeout', at })
                  : await reports.acknowledged(seq, 'a', at);
              assert.equal(done, i >= 0, `${o.op} of ${seq}`);
              if (i >= 0 && o.op === 'attempt') (model[i] as { failures: number }).failures++;
              if (i >= 0 && o.op === 'ack') model.splice(i, 1);
            } else await session.reopen();
          }
          const reports = session.store.alarmReports;
          for (const account of accounts) {
            const pending = await reports.pending(account);
            const expected = model.filter((m) => m.account === account);
            assert.deepEqual(
              pending.map((p) => [p.seq, p.report.zone, p.attempts.reduce((n, a) => n + a.timeout, 0)]),
              expected.map((m) => [m.seq, m.zone, m.failures]),
            );
          }
          const waiting = accounts
            .map((account) => ({ account, waiting: model.filter((m) => m.account === account).length }))
            .filter((a) => a.waiting > 0);
          assert.deepEqual(await reports.accounts(), waiting);
          assert.equal(
            (await reports.delivered()).length,
            everQueued.length - model.length,
            'one delivery record per acknowledged report',
          );
        });
      }),
      { numRuns: 25 },
    );
  });
}

function receivedTests(engine: EngineUnderTest): void {
  test('received reports are listed newest first, filtered by account, code, time and limit, after a reopen', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      const logged = [
        received(1, T0, { code: 'BA' }),
        received(2, T0 + 1000, { code: 'TA', zone: '002', transport: 'udp', encrypted: true }),
        received(1, T0 + 1000, { account: '5678', receiver: null, code: 'BA', eventTime: null }),
        received(3, T0 + 3000, { code: 'BA', text: 'Level 1' }),
      ];
      const ids: number[] = [];
      for (const r of logged) {
        const result = await reports().record(r);
        assert.equal(result.duplicate, false);
        ids.push(result.id);
      }
      assert.ok(
        ids.every((id, i) => i === 0 || id > (ids[i - 1] as number)),
        'ids ascend',
      );
      await session.reopen();
      const all = await reports().list();
      assert.deepEqual(
        all,
        [3, 2, 1, 0].map((i) => ({ ...logged[i], id: ids[i] })),
        'newest first, the later logged first at the same time',
      );
      const seqs = async (filter: Parameters<ReturnType<typeof reports>['list']>[0]) =>
        (await reports().list(filter)).map((r) => `${r.account}/${r.sequence}`);
      assert.deepEqual(await seqs({ account: '1234' }), ['1234/3', '1234/2', '1234/1']);
      assert.deepEqual(await seqs({ code: 'BA' }), ['1234/3', '5678/1', '1234/1']);
      assert.deepEqual(await seqs({ account: '1234', code: 'BA' }), ['1234/3', '1234/1']);
      assert.deepEqual(await seqs({ from: T0 + 1000, to: T0 + 3000 }), ['5678/1', '1234/2']);
      assert.deepEqual(await seqs({ limit: 2 }), ['1234/3', '5678/1']);
      assert.deepEqual(await seqs({ account: 'nobody' }), []);
    });
  });

  test('a long log is read whole and in order, past any page size, and limited exactly', async () => {
    await withSession(engine, async (session) => {
      const reports = session.store.alarmReports;
      const n = 2300;
      // Ten reports per time, so that pages end between reports of the same time.
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          reports.record(
            received(i + 1, T0 + Math.floor(i / 10) * 1000, { account: i % 2 ? 'odd' : 'even' }),
          ),
        ),
      );
      const all = await reports.list();
      assert.equal(all.length, n);
      assert.deepEqual(
        all.map((r) => r.sequence),
        Array.from({ length: n }, (_, i) => n - i),
      );
      assert.equal((await reports.list({ limit: 1500 })).length, 1500);
      assert.deepEqual(
        (await reports.list({ account: 'odd', limit: 1001 })).map((r) => r.sequence),
        Array.from({ length: 1001 }, (_, i) => n - 2 * i),
      );
      assert.equal((await reports.list({ from: T0 + 100_000 })).length, n - 1000);
    });
  });

  test('a resend (same account, sequence and event, within the window) is recognised, not logged twice', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      const first = await reports().record(received(7, T0));
      // The transmitter's resend after a lost ACK: a new timestamp, another connection, new padding.
      const resend = received(7, T0 + 30_000, {
        eventTime: T0 + 29_500,
        remote: '127.0.0.1:50999',
        transport: 'udp',
        frame: 'a frame with another timestamp',
      });
      await session.reopen();
      assert.deepEqual(await reports().record(resend), { id: first.id, duplicate: true });
      assert.equal(await reports().lastSeen('1234'), T0 + 30_000, 'a resend still shows the link is up');
      // The other events of the same frame, and another account's same sequence, are new.
      assert.equal((await reports().record(received(7, T0 + 30_000, { zone: '002' }))).duplicate, false);
      assert.equal((await reports().record(received(7, T0 + 30_000, { code: 'TA' }))).duplicate, false);
      assert.equal((await reports().record(received(7, T0 + 30_000, { account: '5678' }))).duplicate, false);
      assert.equal((await reports().record(received(7, T0 + 30_000, { line: 'L2' }))).duplicate, false);
      // Past the window, the same sequence is a new event (the transmitter's sequence wrapped or restarted).
      const late = await reports().record(received(7, T0 + DUPLICATE_WINDOW_MS + 1));
      assert.equal(late.duplicate, false);
      const narrow = await reports().record(received(8, T0 + 200_000), 1000);
      assert.deepEqual(await reports().record(received(8, T0 + 201_000), 1000), {
        id: narrow.id,
        duplicate: true,
      });
      const after = await reports().record(received(8, T0 + 201_001), 1000);
      assert.equal(after.duplicate, false, 'the window counts from the report first logged');
      assert.equal(
        (await reports().list({ account: '1234' })).filter(
          (r) => r.sequence === 7 && r.zone === '001' && r.code === 'BA' && r.line === 'L1',
        ).length,
        2,
        'the first and the one past the window',
      );
    });
  });

  test('a batch is logged in order in one call: repeats inside it and of the log recognised, across a reopen', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      const before = await reports().record(received(1, T0));
      const results = await reports().recordAll([
        received(1, T0 + 1000, { frame: 'a resend of one logged before' }),
        received(2, T0 + 1000),
        received(2, T0 + 1000, { zone: '002' }),
        received(2, T0 + 2000, { transport: 'udp', frame: 'a resend within the batch' }),
        received(3, T0 + 2000, { account: '5678' }),
      ]);
      assert.deepEqual(
        results.map((r) => r.duplicate),
        [true, false, false, true, false],
      );
      assert.equal(results[0]?.id, before.id);
      assert.equal(results[3]?.id, results[1]?.id, 'the resend in the batch repeats the first of it');
      assert.ok(
        (results[1]?.id as number) > before.id && (results[4]?.id as number) > (results[2]?.id as number),
      );
      assert.deepEqual(await reports().recordAll([]), []);
      await session.reopen();
      assert.deepEqual(
        (await reports().list()).map((r) => `${r.account}/${r.sequence}/${r.zone}`).reverse(),
        ['1234/1/001', '1234/2/001', '1234/2/002', '5678/3/001'],
      );
      assert.equal(await reports().lastSeen('1234'), T0 + 2000);
      assert.equal(await reports().lastSeen('5678'), T0 + 2000);
    });
  });

  test('a batch the store refuses logs none of its reports and moves no last-seen time', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      await reports().record(received(1, T0));
      const bad = received(3, T0 + 2000, { frame: null as unknown as string });
      await assert.rejects(
        reports().recordAll([received(2, T0 + 1000), received(2, T0 + 1000, { account: '5678' }), bad]),
      );
      await session.reopen();
      assert.deepEqual(
        (await reports().list()).map((r) => r.sequence),
        [1],
      );
      assert.equal(await reports().lastSeen('1234'), T0);
      assert.equal(await reports().lastSeen('5678'), null);
      // The store goes on: the same reports without the bad one are new.
      assert.deepEqual(
        (await reports().recordAll([received(2, T0 + 1000), received(3, T0 + 2000)])).map((r) => r.duplicate),
        [false, false],
      );
    });
  });

  test('received reports are pruned by count and by age, oldest first, at most the batch asked for', async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      // Logged out of time order: retention goes by time received, then order of logging.
      const times = [5, 1, 2, 2, 3, 9, 4, 6, 7, 8].map((s) => T0 + s * 1000);
      for (const [i, t] of times.entries()) await reports().record(received(i + 1, t));
      const oldestFirst = async () => (await reports().list()).map((r) => r.sequence).reverse();
      assert.deepEqual(await oldestFirst(), [2, 3, 4, 5, 7, 1, 8, 9, 10, 6]);
      assert.equal(await reports().pruneReceived({ keep: 7 }, 2), 2, 'at most the batch');
      assert.deepEqual(await oldestFirst(), [4, 5, 7, 1, 8, 9, 10, 6]);
      assert.equal(await reports().pruneReceived({ keep: 7 }, 100), 1);
      assert.equal(await reports().pruneReceived({ before: T0 + 5000 }, 100), 2);
      await session.reopen();
      assert.deepEqual(await oldestFirst(), [1, 8, 9, 10, 6]);
      assert.equal(await reports().pruneReceived({ keep: 2, before: T0 + 7000 }, 100), 3);
      assert.deepEqual(await oldestFirst(), [10, 6]);
      assert.equal(await reports().lastSeen('1234'), T0 + 9000, 'pruning forgets no account');
    });
  });

  test("an account's last-seen time follows its reports and supervision messages, never goes back", async () => {
    await withSession(engine, async (session) => {
      const reports = () => session.store.alarmReports;
      assert.equal(await reports().lastSeen('1234'), null);
      await reports().seen('1234', T0 + 60_000);
      await reports().record(received(1, T0 + 30_000), 1000);
      assert.equal(await reports().lastSeen('1234'), T0 + 60_000, 'an older report does not move it back');
      await reports().record(received(2, T0 + 90_000));
      await reports().seen('5678', T0);
      await session.reopen();
      assert.equal(await reports().lastSeen('1234'), T0 + 90_000);
      assert.equal(await reports().lastSeen('5678'), T0);
      assert.equal(await reports().lastSeen('9999'), null);
      assert.equal(
        await reports()
          .list({ account: '5678' })
          .then((r) => r.length),
        0,
        'supervision is not logged',
      );
    });
  });
}
