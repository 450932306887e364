// Audit retention while a site runs: records older than the site file's `store.auditRetentionDays` (365 by
// default) are deleted on the persistence round, the others kept.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { AuditRecord } from '../../src/store/store.js';
import { makeSite, T0 } from './site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-retention-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const DAY = 86_400_000;

const record = (ts: number): AuditRecord => ({
  ts,
  who: 'alice',
  via: 'test',
  remote: null,
  key: 'ev.max-current-limit',
  level: 16,
  action: 'write',
  written: 10,
  before: 6,
  after: 10,
});

/** Runs a site with `ages` (days before T0) in its audit past one persistence round; returns the ages kept. */
async function keptAfterARound(ages: number[], retentionDays?: number): Promise<number[]> {
  const store = new SqliteStore(join(root, `data-${++n}`));
  await store.commitWrites(ages.map((age) => ({ key: 'x', array: null, audit: record(T0 - age * DAY) })));
  const site = makeSite([['ev', 'ev-charger-level-2']]);
  if (retentionDays !== undefined) site.store.auditRetentionDays = retentionDays;
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store, clock, seed: 1 });
  runtime.start();
  clock.advance(10_000);
  // Deletion runs off the timer, a batch per turn: wait (bounded) until the count stops changing.
  let kept = ages.length;
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    kept = (await store.queryAudit()).length;
    if (kept < ages.length) break;
  }
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  const left = (await store.queryAudit()).map((r) => Math.round((T0 - r.ts) / DAY));
  await runtime.stop();
  await store.close();
  return left.sort((a, b) => a - b);
}

test('by default, audit records older than 365 days are deleted while the site runs', async () => {
  assert.deepEqual(await keptAfterARound([400, 366, 364, 10, 0]), [0, 10, 364]);
});

test("the site file's store.auditRetentionDays sets the retention", async () => {
  assert.deepEqual(await keptAfterARound([40, 31, 29, 1], 30), [1, 29]);
});
