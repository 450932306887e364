// Stored roll-ups in a real `pointyard start`: samples older than the site file's `store.historyRetentionDays`
// are deleted while it runs, and hisRead at whole hours goes on answering for their time from the stored
// roll-ups (a raw hisRead has nothing there) — after a restart too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import type { HNum } from 'haystack-core';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-rollups-restart-'));
after(() => rmSync(root, { recursive: true, force: true }));

const DAY = 86_400_000;
const KEY = 'gate-1.vehicle-count';
const ID = '@test.gate-1.vehicle-count';
// A day 100 days back, at noon UTC (the same date in Paris): 240 samples, 30 s apart, over two UTC hours.
const OLD_DAY = Math.floor((Date.now() - 100 * DAY) / DAY) * DAY;
const OLD = Array.from({ length: 240 }, (_, k) => ({ t: OLD_DAY + 12 * 3_600_000 + k * 30_000, v: k }));
const DATE = new Date(OLD_DAY).toISOString().slice(0, 10);

/** The values of a hisRead of the old day, rolled up at 1 h or raw. */
async function hisRead(run: RunningPointyard, interval?: string): Promise<number[]> {
  const { fetch } = await haystackLogin(run.url, 'admin', ADMIN_PASSWORD);
  const query: Record<string, string> = { id: ID, range: `"${DATE}"`, ...(interval ? { interval } : {}) };
  const answer = await callOp(run.url, fetch, 'hisRead', { query });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.error, null, answer.text);
  return answer.grid.getRows().map((r) => (r.get('val') as HNum).value);
}

test('a restarted Pointyard answers hourly hisReads from the roll-ups it kept past the samples', async () => {
  const data = join(root, 'data');
  const seed = new SqliteStore(data);
  await seed.history.merge([{ key: KEY, samples: OLD }]);
  await seed.close();
  const site = join(root, 'site.yaml');
  writeFileSync(
    site,
    `site: {id: test, name: Test, tz: Europe/Paris}\ndevices: [{id: gate-1, profile: ${resolve('test/fixtures/sites/gate.md')}}]\nstore: {historyRetentionDays: 30, rollupRetentionDays: 3650}\n`,
  );
  const hourly = [59.5, 179.5]; // the average of 0…119, then of 120…239
  const first = await startPointyard(data, { site });
  try {
    // Retention runs on the persistence round (every 10 s): poll, bounded, until the samples are gone.
    let raw = await hisRead(first);
    assert.equal(raw.length, OLD.length, 'the samples are there at the start');
    for (let i = 0; i < 300 && raw.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      raw = await hisRead(first);
    }
    assert.deepEqual(raw, [], 'the samples past retention are deleted while it runs');
    assert.deepEqual(await hisRead(first, '1h'), hourly, 'their hours answer from the roll-ups');
  } finally {
    assert.equal(await first.stop(), 0);
  }
  const second = await startPointyard(data, { site });
  try {
    assert.deepEqual(await hisRead(second, '1h'), hourly, 'after a restart');
    assert.deepEqual(await hisRead(second, '30min'), [29.5, 89.5, 149.5, 209.5], 'minute roll-ups too');
    assert.deepEqual(await hisRead(second), [], 'no sample came back');
  } finally {
    assert.equal(await second.stop(), 0);
  }
});
