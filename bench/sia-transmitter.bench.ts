// SIA transmitter figures: the queue's throughput, events/s from a burst of detector events (each queued
// durably in SQLite, then sent one at a time per account and acknowledged) to a loopback receiver answering
// with the receiver checks, over TCP, UDP and TCP with AES-128; and the time from one event to its ACK
// recorded in the store when the queue is empty.
import { startTransmitter } from '../src/protocols/sia/transmitter/transmitter.js';
import { transmitterSettings } from '../src/protocols/sia/transmitter/transmitter-settings.js';
import type { Site } from '../src/site/model.js';
import { quietLog, StoreRig, TestReceiver } from '../test/protocols/sia-transmitter-rig.js';
import { type Figure, round3 } from './harness.js';

const KEY = '000102030405060708090A0B0C0D0E0F';
const BURST = 2000;
const SINGLES = 200;

async function until(check: () => boolean | Promise<boolean>, capMs = 120_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('SIA transmitter bench: timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function run(label: string, transport: 'tcp' | 'udp', encrypted: boolean): Promise<Figure[]> {
  const group = 'SIA transmitter';
  const key = Buffer.from(KEY, 'hex');
  const receiver = await TestReceiver.start({
    transport,
    accounts: [{ account: '1234', ...(encrypted ? { key } : {}) }],
  });
  const rig = new StoreRig();
  const { settings } = transmitterSettings(
    {
      receivers: {
        primary: { host: '127.0.0.1', port: receiver.port, transport, ...(encrypted ? { key: KEY } : {}) },
      },
      account: '1234',
      ackTimeoutMs: 2000,
    },
    {} as Site,
    {},
  );
  if (!settings) throw new Error('SIA transmitter bench: settings');
  const tx = await startTransmitter(rig.services(), settings, quietLog);
  const store = rig.store.alarmReports;
  const empty = async () => (await store.accounts()).length === 0;
  try {
    // One event at a time: event → queued → sent → ACK → recorded.
    const samples: number[] = [];
    for (let i = 0; i < SINGLES; i++) {
      const want = receiver.distinct().length + 1;
      const t = performance.now();
      rig.events.sia('pir-1', (i % 6) + 1, 'BA');
      await until(() => receiver.distinct().length >= want);
      await until(empty);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
    // A burst: every event queued at once, drained in order.
    const before = receiver.distinct().length;
    const start = performance.now();
    for (let i = 0; i < BURST; i++) rig.events.sia('pir-1', (i % 6) + 1, i % 2 ? 'BR' : 'BA');
    await until(() => receiver.distinct().length >= before + BURST);
    await until(empty);
    const seconds = (performance.now() - start) / 1000;
    return [
      {
        group,
        name: `queue throughput, ${label}: burst of ${BURST} events, enqueue → ACK recorded`,
        value: round3(BURST / seconds),
        unit: 'events/s',
        note: `one account, one message in flight; SQLite store synced at every commit; ${round3(seconds)} s`,
      },
      {
        group,
        name: `one event to its recorded ACK, ${label} (empty queue)`,
        value: round3(p(0.5)),
        unit: 'ms p50',
        note: `p99 ${round3(p(0.99))} ms over ${SINGLES} events`,
      },
    ];
  } finally {
    await tx.close();
    await rig.close();
    await receiver.stop();
  }
}

export async function siaTransmitterBench(): Promise<Figure[]> {
  return [
    ...(await run('TCP', 'tcp', false)),
    ...(await run('UDP', 'udp', false)),
    ...(await run('TCP, AES-128', 'tcp', true)),
  ];
}
