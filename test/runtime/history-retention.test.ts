// History retention while a site runs: on the persistence round, whole chunks of samples older than the site
// file's `store.historyRetentionDays` are deleted, their roll-ups kept until `store.rollupRetentionDays`; with
// neither set, everything is kept (as before there were settings).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeSite, T0 } from './site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-history-retention-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const DAY = 86_400_000;
const KEY = 'old.series';
const AGES = [400, 100, 40, 20, 1]; // days before T0

/** Runs a site past one persistence round over samples `AGES` days old; the ages of samples and roll-ups kept. */
async function keptAfterARound(retention: { historyRetentionDays?: number; rollupRetentionDays?: number }) {
  const store = new SqliteStore(join(root, `data-${++n}`));
  await store.history.merge([{ key: KEY, samples: AGES.map((age) => ({ t: T0 - age * DAY, v: age })) }]);
  const site = makeSite([['ev', 'ev-charger-level-2']]);
  Object.assign(site.store, retention);
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store, clock, seed: 1 });
  runtime.start();
  clock.advance(10_000);
  const ages = async () => ({
    samples: (await store.history.read(KEY, -1e15, 1e15)).map((s) => s.v),
    rollups: (await store.history.readRollups(KEY, 'hour', 0, T0)).map((b) => b.first),
  });
  // Deletion runs off the timer, a batch per turn: wait (bounded) until what is kept stops changing.
  let kept = await ages();
  for (let i = 0, still = 0; i < 500 && still < 20; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = await ages();
    still = JSON.stringify(now) === JSON.stringify(kept) ? still + 1 : 0;
    kept = now;
  }
  await runtime.stop();
  await store.close();
  return kept;
}

test('by default, history is kept forever', async () => {
  assert.deepEqual(await keptAfterARound({}), { samples: AGES, rollups: AGES });
});

test('samples past historyRetentionDays go, their roll-ups stay until rollupRetentionDays', async () => {
  assert.deepEqual(await keptAfterARound({ historyRetentionDays: 30, rollupRetentionDays: 365 }), {
    samples: [20, 1],
    rollups: [100, 40, 20, 1],
  });
});
