// The SIA transmitter against a loopback receiver (receiver/checks.ts behind real TCP and UDP sockets) over a
// real SQLite store: every event queued before it is sent, delivered in order per account and recorded;
// encryption; NAK with the receiver's time, then ACK; timeouts, then the backup; DUH; a receiver outage; a
// restart of the transmitter on the same store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTransmitter, type Transmitter } from '../../src/protocols/sia/transmitter/transmitter.js';
import {
  type TransmitterSettings,
  transmitterSettings,
} from '../../src/protocols/sia/transmitter/transmitter-settings.js';
import type { Site } from '../../src/site/model.js';
import { quietLog, StoreRig, TestReceiver, until } from './sia-transmitter-rig.js';

const KEY = '000102030405060708090A0B0C0D0E0F';
const site = {} as Site;

function settings(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): TransmitterSettings {
  const { settings, problems } = transmitterSettings(
    { maxBackoffMs: 50, ackTimeoutMs: 300, ...raw },
    site,
    env,
  );
  assert.deepEqual(problems, []);
  assert.ok(settings);
  return settings;
}

const receiverAt = (r: TestReceiver, extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: r.port,
  ...extra,
});

async function withRig(fn: (rig: StoreRig, started: Transmitter[]) => Promise<void>): Promise<void> {
  const rig = new StoreRig();
  const started: Transmitter[] = [];
  try {
    await fn(rig, started);
  } finally {
    for (const t of started) await t.close();
    await rig.close();
  }
}

/**
 * The deliveries once at least `n` are recorded: the receiver has answered before the transmitter reads its
 * ACK and records the delivery, so a test that saw the receiver take a message waits for the record too.
 */
async function deliveredAtLeast(rig: StoreRig, n: number) {
  await until(`${n} deliveries recorded`, async () => (await rig.store.alarmReports.delivered()).length >= n);
  return rig.store.alarmReports.delivered();
}

for (const transport of ['tcp', 'udp'] as const) {
  test(`${transport}: every event is queued, sent in order per account and acknowledged`, async () => {
    const receiver = await TestReceiver.start({
      transport,
      accounts: [{ account: '1001' }, { account: '1002' }],
    });
    await withRig(async (rig, started) => {
      const tx = await startTransmitter(
        rig.services(),
        settings({
          receivers: {
            primary: { ...receiverAt(receiver), transport, receiverNumber: '12', linePrefix: '3' },
          },
          perZone: { base: '1000' },
        }),
        quietLog,
      );
      started.push(tx);
      const codes = ['BA', 'BR', 'TA', 'TR', 'YT'];
      for (const code of codes) rig.events.sia('pir-1', 1, code);
      for (const code of ['CA', 'OA']) rig.events.sia('pir-2', 2, code, null);
      rig.events.sia('pir-2', 2, 'BA');
      await until('all acknowledged', () => receiver.distinct().length === 8);
      await until('the queue empty', async () => (await rig.store.alarmReports.accounts()).length === 0);
      const of = (account: string) =>
        receiver
          .distinct()
          .filter((e) => e.account === account)
          .map((e) => `${e.code}${e.zone}/ri${e.area}`);
      assert.deepEqual(
        of('1001'),
        codes.map((c) => `${c}001/ri1`),
      );
      assert.deepEqual(of('1002'), ['CA002/ri2', 'OA002/ri2', 'BA002/ri2']);
      const first = receiver.accepted[0];
      assert.equal(first?.receiver, '12');
      assert.equal(first?.line, '3');
      // The frame: `[#acct|Nri<zone>/<code><zone>]`, alarm text, location, event time, UTC timestamp.
      assert.match(
        receiver.frames[0] as string,
        /"SIA-DCS"\d{4}R12L3#1001\[#1001\|Nri1\/BA001\]\[IBA text\]\[LPIR Zone 1\]\[H\d\d:\d\d:\d\d,\d\d-\d\d-\d{4}\]_\d\d:\d\d:\d\d,\d\d-\d\d-\d{4}\r$/,
      );
      const delivered = await deliveredAtLeast(rig, 8);
      assert.equal(delivered.length, 8);
      assert.ok(delivered.every((d) => d.receiver === 'primary' && d.attempts.length === 0));
      assert.ok(tx.status().accounts.some((a) => a.account === '1001' && a.delivered === 5));
    });
    await receiver.stop();
  });
}

test('encrypted (AES-128, key from the environment), in Contact ID', async () => {
  const receiver = await TestReceiver.start({
    transport: 'tcp',
    accounts: [{ account: '4321', key: Buffer.from(KEY, 'hex') }],
  });
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings(
          {
            receivers: { primary: { ...receiverAt(receiver), keyEnv: 'SIA_KEY' } },
            account: '4321',
            format: 'ADM-CID',
          },
          { SIA_KEY: KEY },
        ),
        quietLog,
      ),
    );
    rig.events.sia('pir-3', 3, 'BA');
    rig.events.sia('pir-3', 3, 'TR', 'tamper-status');
    await until('both acknowledged', () => receiver.distinct().length === 2);
    assert.ok(receiver.frames.every((f) => f.includes('"*ADM-CID"')));
    assert.deepEqual(
      receiver.accepted.map((e) => [e.code, e.contactId?.qualifier, e.contactId?.event, e.zone, e.area]),
      [
        ['BA', 1, '130', '003', '03'],
        ['TR', 3, '137', '003', '03'],
      ],
    );
  });
  await receiver.stop();
});

test("NAK with the receiver's time: the clock offset is corrected and the resend is acknowledged", async () => {
  // The receiver's clock is 5 minutes ahead: the first encrypted message is outside its window.
  const receiver = await TestReceiver.start({
    transport: 'udp',
    accounts: [{ account: '1234', key: Buffer.from(KEY, 'hex') }],
    skewMs: 300_000,
  });
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings({
          receivers: { primary: { ...receiverAt(receiver), transport: 'udp', key: KEY } },
          account: '1234',
        }),
        quietLog,
      ),
    );
    rig.events.sia('pir-1', 1, 'BA');
    await until('acknowledged', () => receiver.distinct().length === 1);
    assert.deepEqual(receiver.answers, ['NAK', 'ACK']);
    const [d] = await deliveredAtLeast(rig, 1);
    assert.equal(d?.attempts[0]?.nak, 1);
    assert.match(d?.attempts[0]?.lastError ?? '', /receiver time/);
  });
  await receiver.stop();
});

test('no answer: retried with the same sequence number, then sent to the backup', async () => {
  const primary = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
  const backup = await TestReceiver.start({ transport: 'udp', accounts: [{ account: '1234' }] });
  primary.mode = 'silent';
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings({
          receivers: {
            primary: receiverAt(primary),
            backup: { ...receiverAt(backup), transport: 'udp' },
          },
          account: '1234',
          retries: 2,
        }),
        quietLog,
      ),
    );
    rig.events.sia('pir-1', 1, 'BA');
    rig.events.sia('pir-1', 1, 'BR');
    await until('both at the backup', () => backup.distinct().length === 2);
    assert.deepEqual(
      backup.distinct().map((e) => e.code),
      ['BA', 'BR'],
    );
    const seqOf = (f: string) => /"SIA-DCS"(\d{4})/.exec(f)?.[1];
    assert.ok(primary.frames.length >= 2);
    assert.equal(seqOf(primary.frames[0] as string), seqOf(primary.frames[1] as string));
    assert.equal(seqOf(primary.frames[0] as string), seqOf(backup.frames[0] as string));
    const delivered = await deliveredAtLeast(rig, 2);
    assert.ok(delivered.every((d) => d.receiver === 'backup'));
    assert.ok(delivered.every((d) => d.attempts.some((a) => a.receiver === 'primary' && a.timeout >= 2)));
  });
  await primary.stop();
  await backup.stop();
});

test('answers that do not echo sequence, receiver, line and account are not taken', async () => {
  const receiver = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
  receiver.mode = 'mismatched';
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings({ receivers: { primary: receiverAt(receiver) }, account: '1234' }),
        quietLog,
      ),
    );
    rig.events.sia('pir-1', 1, 'BA');
    await until('two attempts timed out', async () => {
      const [q] = await rig.store.alarmReports.pending('1234', 1);
      return (q?.attempts[0]?.timeout ?? 0) >= 2;
    });
    assert.equal((await rig.store.alarmReports.delivered()).length, 0);
    assert.equal(receiver.accepted.length, 0);
    receiver.mode = 'answer';
    await until('delivered', () => receiver.distinct().length === 1);
    const [d] = await deliveredAtLeast(rig, 1);
    assert.equal(d?.attempts[0]?.duh, 0, 'the DUH for another receiver number was not taken');
  });
  await receiver.stop();
});

test('DUH from every receiver: recorded, not retried forever; the next report goes on', async () => {
  const receiver = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
  receiver.mode = 'duh';
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings({ receivers: { primary: receiverAt(receiver) }, account: '1234' }),
        quietLog,
      ),
    );
    rig.events.sia('pir-1', 1, 'BZ', 'communication-status');
    await until('refused', async () => (await rig.store.alarmReports.delivered()).length === 1);
    assert.equal(receiver.frames.length, 1);
    const [refused] = await rig.store.alarmReports.delivered();
    assert.equal(refused?.attempts[0]?.duh, 1);
    receiver.mode = 'answer';
    rig.events.sia('pir-1', 1, 'BA');
    await until('the next one delivered', () => receiver.distinct().length === 1);
    assert.equal(receiver.distinct()[0]?.code, 'BA');
  });
  await receiver.stop();
});

test('receiver outage, then back: every event delivered once, in order', async () => {
  const receiver = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings({ receivers: { primary: receiverAt(receiver) }, account: '1234' }),
        quietLog,
      ),
    );
    rig.events.sia('pir-1', 1, 'BA');
    await until('the first delivered', () => receiver.distinct().length === 1);
    await receiver.stop();
    const codes = ['BR', 'TA', 'TR', 'YT', 'YR', 'BB', 'BU'];
    for (const code of codes) rig.events.sia('pir-1', 1, code);
    await until('attempts recorded while down', async () => {
      const [first] = await rig.store.alarmReports.pending('1234', 1);
      return (first?.attempts[0]?.unreachable ?? 0) >= 2;
    });
    assert.equal((await rig.store.alarmReports.pending('1234')).length, codes.length);
    await receiver.restart();
    await until('all delivered', () => receiver.distinct().length === 1 + codes.length);
    assert.deepEqual(
      receiver.accepted.map((e) => e.code),
      ['BA', ...codes],
    );
  });
  await receiver.stop();
});

test('a restart of the transmitter on the same store resumes the queue', async () => {
  const receiver = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
  await receiver.stop();
  await withRig(async (rig) => {
    const raw = { receivers: { primary: receiverAt(receiver) }, account: '1234' };
    const first = await startTransmitter(rig.services(), settings(raw), quietLog);
    for (const code of ['BA', 'TA', 'BR']) rig.events.sia('pir-1', 1, code);
    await first.close();
    assert.equal((await rig.store.alarmReports.pending('1234')).length, 3, 'queued before close resolved');
    await rig.reopen();
    await receiver.restart();
    const second = await startTransmitter(rig.services(), settings(raw), quietLog);
    try {
      await until('delivered after the restart', () => receiver.distinct().length === 3);
      assert.deepEqual(
        receiver.accepted.map((e) => e.code),
        ['BA', 'TA', 'BR'],
      );
      const sequences = receiver.accepted.map((e) => e.sequence);
      assert.equal(new Set(sequences).size, 3, 'no sequence number reused');
    } finally {
      await second.close();
    }
  });
  await receiver.stop();
});

test('supervision: a NULL when the link has been quiet; periodic test RP queued and sent', async () => {
  const receiver = await TestReceiver.start({ transport: 'udp', accounts: [{ account: '1001' }] });
  await withRig(async (rig, started) => {
    started.push(
      await startTransmitter(
        rig.services(),
        settings({
          receivers: { primary: { ...receiverAt(receiver), transport: 'udp' } },
          perZone: { base: '1000', zones: [1] },
          supervisionS: 1,
          testIntervalS: 1,
        }),
        quietLog,
      ),
    );
    await until('a NULL and an RP', () => {
      const codes = receiver.accepted.map((e) => e.code);
      return codes.includes('NULL') && codes.includes('RP');
    });
    const rp = receiver.accepted.find((e) => e.code === 'RP');
    assert.equal(rp?.account, '1001');
    assert.ok(receiver.frames.some((f) => /"NULL"\d{4}L0#1001\[\]_/.test(f)));
    await until('the RP delivery recorded', async () =>
      (await rig.store.alarmReports.delivered()).some((d) => d.report.code === 'RP'),
    );
  });
  await receiver.stop();
});
