// Alarm reports' retention while a site runs: received reports and delivery records older than the site
// file's `store.alarmReportRetentionDays` (365 by default) are deleted on the persistence round, the others
// kept; a report still waiting to be sent is kept whatever its age.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeSite, T0 } from './site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-report-retention-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const DAY = 86_400_000;

const report = (zone: string, time: number) => ({
  code: 'BA',
  zone,
  text: '',
  time,
  device: 'pir',
  point: null,
});

/** What is left of each kind. */
async function left(store: SqliteStore) {
  const ageOf = (t: number) => Math.round((T0 - t) / DAY);
  const r = store.alarmReports;
  return {
    received: (await r.list()).map((x) => ageOf(x.receivedAt)).sort((a, b) => a - b),
    delivered: (await r.delivered()).map((x) => ageOf(x.ackedAt)).sort((a, b) => a - b),
    queued: (await r.pending('1234')).map((x) => ageOf(x.report.time)),
  };
}

/** Runs a site with reports `ages` days old past one persistence round; returns the ages kept. */
async function keptAfterARound(ages: number[], retentionDays?: number) {
  const store = new SqliteStore(join(root, `data-${++n}`));
  const reports = store.alarmReports;
  for (const [i, age] of ages.entries()) {
    const t = T0 - age * DAY;
    await reports.record({
      receivedAt: t,
      account: '1234',
      receiver: 'R1',
      line: 'L1',
      sequence: i + 1,
      code: 'BA',
      zone: String(i),
      text: '',
      eventTime: t,
      remote: '127.0.0.1:50322',
      transport: 'udp',
      encrypted: false,
      frame: `frame ${i}`,
    });
    const seq = await reports.enqueue('1234', report(String(i), t));
    await reports.acknowledged(seq, 'R1', t);
  }
  await reports.enqueue('1234', report('waiting', T0 - 1000 * DAY));
  const site = makeSite([['ev', 'ev-charger-level-2']]);
  if (retentionDays !== undefined) site.store.alarmReportRetentionDays = retentionDays;
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store, clock, seed: 1 });
  runtime.start();
  clock.advance(10_000);
  // Deletion runs off the timer, a batch per turn: wait (bounded) until both kinds have changed.
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = await left(store);
    if (now.received.length < ages.length && now.delivered.length < ages.length) break;
  }
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  const kept = await left(store);
  await runtime.stop();
  await store.close();
  return kept;
}

test('by default, alarm reports older than 365 days are deleted while the site runs; waiting ones stay', async () => {
  assert.deepEqual(await keptAfterARound([400, 366, 364, 10, 0]), {
    received: [0, 10, 364],
    delivered: [0, 10, 364],
    queued: [1000],
  });
});

test("the site file's store.alarmReportRetentionDays sets the retention", async () => {
  assert.deepEqual(await keptAfterARound([40, 31, 29, 1], 30), {
    received: [1, 29],
    delivered: [1, 29],
    queued: [1000],
  });
});
