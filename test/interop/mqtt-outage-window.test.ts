// Order across a broker's drop while the in-flight window is full: ClientLink (a window of 5 QoS 1 messages)
// with a DiskBacklog publishes numbered messages to Debian's mosquitto in bursts of 100 per turn. Mosquitto is
// frozen (SIGSTOP): 5 messages go out and are never acknowledged, the next ones wait in the backlog behind
// them; then it is killed (SIGKILL: what it had not read is gone), more are published during the outage, and
// it is started again. A persistent mosquitto_sub gets every number in order: the messages in flight at the
// drop go out again before the newer ones that waited behind them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ClientLink } from '../../src/protocols/mqtt/link/client-link.js';
import { DiskBacklog } from '../../src/protocols/mqtt/link/disk-backlog.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';

const skip = peerSkip(mosquittoMissing());
const TOPIC = 'pointyard/window/n';
const TOTAL = 1500;

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function until(what: string, condition: () => boolean, capMs: number, why = () => ''): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${why()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a drop with the in-flight window full keeps the order', { skip, timeout: 120_000 }, async () => {
  const broker = await Mosquitto.start();
  cleanups.push(() => broker.dispose());
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-outage-window-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  const received: number[] = [];
  const sub = spawn(
    'mosquitto_sub',
    ['-h', '127.0.0.1', '-p', String(broker.port), '-t', TOPIC, '-q', '1', '-c', '-i', 'window-reader'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const subGone = new Promise((resolve) => sub.once('exit', resolve));
  cleanups.push(async () => {
    sub.kill();
    await subGone;
  });
  let pending = '';
  sub.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== '') received.push(Number(line));
  });

  const log = { info() {}, warn() {}, error() {} };
  const backlog = DiskBacklog.open(join(dir, 'backlog'), { maxBytes: 1 << 30, maxAgeMs: 3_600_000 }, log);
  const link = new ClientLink({
    url: broker.url,
    clientId: 'pointyard-window',
    protocolVersion: 4,
    backlog,
    log,
    maxInFlight: 5,
    retry: { firstMs: 50, lastMs: 200 },
  });
  cleanups.push(async () => {
    await link.close();
    backlog.close();
  });
  await link.start(true);
  // The subscriber is there once a first message reaches it.
  link.publish({ topic: TOPIC, payload: Buffer.from('0'), qos: 1, retain: false });
  await until('the subscriber', () => received.length > 0, 10_000);

  const firstSeen = Date.now();
  let next = 1;
  const publishUpTo = async (last: number) => {
    while (next <= last) {
      for (let i = 0; i < 100 && next <= last; i++)
        link.publish({ topic: TOPIC, payload: Buffer.from(String(next++)), qos: 1, retain: false });
      await new Promise((r) => setImmediate(r));
    }
  };
  await publishUpTo(1000);
  await until('the first thousand at the subscriber', () => received.includes(1000), 30_000);
  // Mosquitto has saved the subscriber's session since (it saves every second): a kill keeps it.
  const db = join(broker.dir, 'mosquitto.db');
  await until('a save of mosquitto', () => existsSync(db) && statSync(db).mtimeMs > firstSeen + 1000, 10_000);

  const mosquitto = (broker as unknown as { process: ChildProcess }).process;
  mosquitto.kill('SIGSTOP');
  await publishUpTo(1300);
  mosquitto.kill('SIGKILL');
  await broker.stop();
  await until('the link to see the drop', () => !link.connected, 10_000);
  await publishUpTo(TOTAL);
  await broker.resume();
  await until(
    'every number at the subscriber',
    () => received.includes(TOTAL) && new Set(received).size === TOTAL + 1,
    60_000,
    () => `${new Set(received).size} of ${TOTAL + 1}`,
  );

  const firsts: number[] = [];
  const seen = new Set<number>();
  for (const n of received) {
    if (seen.has(n)) continue;
    seen.add(n);
    firsts.push(n);
  }
  for (let i = 0; i < firsts.length; i++)
    if (firsts[i] !== i) assert.fail(`number ${i} missing or out of order: got ${firsts[i]} there`);
});
