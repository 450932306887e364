// The write path asks a device for its relinquish default (which may read the device's parameters) only
// when no written level is in force: a write arbitrated among written levels costs no such call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { PointStore } from '../../src/runtime/point-store.js';
import { WritePath } from '../../src/runtime/write-path.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

test('a write while a written level is in force does not ask for the relinquish default', async () => {
  const site = makeSite([['ev', 'ev-charger-level-2', { behaviour: 'generic' }]]);
  const clock = new VirtualClock(T0);
  const points = new PointStore(site, clock.now());
  let asked = 0;
  const writes = new WritePath({
    store: new MemoryStore(),
    points,
    clock,
    hooks: {
      relinquishDefault: () => {
        asked++;
        return 19;
      },
      runAction: () => {},
    },
  });
  await writes.init();
  const write = (value: number | null, level: number) =>
    writes.write({ key: 'ev.max-current-limit', value, level, who: 'alice', role: 'admin', via: 'test' });

  assert.deepEqual(await write(16, 16), { ok: true, value: 16, level: 16 });
  asked = 0;
  assert.deepEqual(await write(10, 8), { ok: true, value: 10, level: 8 });
  assert.deepEqual(await write(12, 16), { ok: true, value: 10, level: 8 });
  assert.equal(asked, 0, 'levels 8 and 16 written: the default is not needed');
  assert.equal(points.value(points.indexOf('ev.max-current-limit') as number), 10);

  // Relinquishing every level brings the default back: then it is asked for, and in force.
  await write(null, 8);
  assert.deepEqual(await write(null, 16), { ok: true, value: 19, level: 17 });
  assert.ok(asked > 0);
  assert.equal(points.value(points.indexOf('ev.max-current-limit') as number), 19);
  writes.stop();
});
