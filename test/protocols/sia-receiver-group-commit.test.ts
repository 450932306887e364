// The receiver's group commit over real TCP with a real SQLite store: the messages that come in while a
// commit is under way wait, unanswered, and go together in the next commit (at most the batch size); each is
// ACKed only once its commit is done; a message the store refuses is NAKed alone, the others of its commit
// are ACKed and kept. And GroupCommit on its own: frames whole and in order, bounded, failures split.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { GroupCommit } from '../../src/protocols/sia/receiver/group-commit.js';
import { StoreReportSink } from '../../src/protocols/sia/receiver/store-report-sink.js';
import type { AlarmReportsStore, ReceivedReport } from '../../src/store/alarm-reports.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startRig, TcpPanel } from './sia-receiver-rig.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-group-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const ACCOUNTS = Array.from({ length: 10 }, (_, i) => ({ account: String(1001 + i) }));
const message = (account: string, zone = '001') =>
  encodeFrame({
    token: 'SIA-DCS',
    encrypted: false,
    sequence: 1,
    line: '0',
    account,
    data: `#${account}|Nri1/BA${zone}`,
    extended: [],
  });
const ack = (account: string) => new RegExp(`^\\n[0-9A-F]{8}"ACK"0001L0#${account}\\[\\]\\r$`);

/** Polls `ready` every few ms, at most 5 s. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The store's alarm reports with `recordAll` watched: each call's size noted, the first held until
 * `release`, a batch with a report of zone 666 refused.
 */
function watched(store: Store) {
  const real = store.alarmReports;
  const calls: number[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const recordAll = async (reports: readonly ReceivedReport[], windowMs?: number) => {
    calls.push(reports.length);
    if (calls.length === 1) await gate;
    if (reports.some((r) => r.zone === '666')) throw new Error('refused');
    return real.recordAll(reports, windowMs);
  };
  const reports = new Proxy(real, {
    get: (target, key) => {
      if (key === 'recordAll') return recordAll;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as AlarmReportsStore;
  return { reports, calls, release: () => release() };
}

async function withReceiver(
  maxBatch: number,
  fn: (ctx: {
    panels: TcpPanel[];
    sink: StoreReportSink;
    store: Store;
    watch: ReturnType<typeof watched>;
  }) => Promise<void>,
): Promise<void> {
  const store = await openStore({ path: join(root, `data-${++n}`) }, { sqlite: { acceptNewDatabase: true } });
  const watch = watched(store);
  const sink = new StoreReportSink(watch.reports, maxBatch);
  const rig = await startRig(ACCOUNTS, { sink, udp: false });
  const panels: TcpPanel[] = [];
  try {
    for (const _ of ACCOUNTS) panels.push(await TcpPanel.connect(rig.server.port));
    await fn({ panels, sink, store, watch });
  } finally {
    for (const panel of panels) panel.close();
    watch.release();
    await rig.close();
    await store.close();
  }
}

test('messages that come in during a commit wait unanswered and go together in the next, at most the batch size', async () => {
  await withReceiver(4, async ({ panels, sink, store, watch }) => {
    await (panels[0] as TcpPanel).write(message('1001'));
    await until(() => watch.calls.length === 1, 'the first commit starts');
    for (const [i, panel] of panels.entries()) if (i > 0) await panel.write(message(String(1001 + i)));
    await until(() => sink.group.waitingFrames === 9, 'the other nine wait for the next commit');
    assert.deepEqual(watch.calls, [1], 'no other commit while the first is under way');
    assert.deepEqual(
      panels.map((p) => p.soFar()),
      panels.map(() => ''),
      'no ACK before its commit is done',
    );
    assert.equal((await store.alarmReports.list()).length, 0);
    watch.release();
    for (const [i, panel] of panels.entries())
      assert.match((await panel.answers(1))[0] as string, ack(String(1001 + i)));
    assert.deepEqual(watch.calls, [1, 4, 4, 1], 'the nine in order, four at most a commit');
    assert.deepEqual(
      (await store.alarmReports.list()).map((r) => r.account).sort(),
      ACCOUNTS.map((a) => a.account),
    );
    assert.equal(sink.recordedCount, 10);
  });
});

test('a message the store refuses is NAKed alone; the others of its commit are ACKed and kept', async () => {
  await withReceiver(512, async ({ panels, sink, store, watch }) => {
    const [a, b, c, d] = panels as [TcpPanel, TcpPanel, TcpPanel, TcpPanel];
    await a.write(message('1001'));
    await until(() => watch.calls.length === 1, 'the first commit starts');
    await b.write(message('1002'));
    await c.write(message('1003', '666'));
    await d.write(message('1004'));
    await until(() => sink.group.waitingFrames === 3, 'three wait for the next commit');
    watch.release();
    assert.match((await b.answers(1))[0] as string, ack('1002'));
    assert.match((await c.answers(1))[0] as string, /"NAK"0000R0L0A0\[\]/);
    assert.match((await d.answers(1))[0] as string, ack('1004'));
    assert.match((await a.answers(1))[0] as string, ack('1001'));
    assert.deepEqual(watch.calls, [1, 3, 1, 1, 1], 'the refused commit of three, then each alone');
    assert.deepEqual((await store.alarmReports.list()).map((r) => r.account).sort(), [
      '1001',
      '1002',
      '1004',
    ]);
  });
});

test('GroupCommit: whole frames in order, a frame larger than the batch alone, a lone failure rejects its frame only', async () => {
  const commits: string[][] = [];
  let hold: Promise<void> | null = null;
  const group = new GroupCommit<string, string>(async (items) => {
    commits.push([...items]);
    if (hold) await hold;
    if (items.includes('bad')) throw new Error('refused');
    return items.map((item) => item.toUpperCase());
  }, 3);
  let release = () => {};
  hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  const first = group.submit(['a']);
  await until(() => commits.length === 1, 'the first commit starts');
  hold = null;
  const rest = [group.submit(['b', 'c']), group.submit(['d', 'e', 'f', 'g']), group.submit(['h'])];
  const bad = group.submit(['bad']);
  assert.deepEqual(await group.submit([]), [], 'nothing to commit: no commit');
  assert.equal(group.waitingFrames, 4);
  release();
  assert.deepEqual(await first, ['A']);
  assert.deepEqual(await Promise.all(rest), [['B', 'C'], ['D', 'E', 'F', 'G'], ['H']]);
  await assert.rejects(bad, /refused/);
  assert.deepEqual(commits, [['a'], ['b', 'c'], ['d', 'e', 'f', 'g'], ['h', 'bad'], ['h'], ['bad']]);
});
