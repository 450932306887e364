// WritePath.check: the checks of `write` without writing, for interfaces that write several points at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { WriteRequest } from '../../src/runtime/write-path.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { makeSite, T0 } from './site-fixture.js';

test('check refuses what write refuses, with the same answer, and changes nothing', async () => {
  const site = makeSite([
    ['server', 'parking-management-server', { behaviour: 'generic' }],
    ['ev', 'ev-charger-level-2', { behaviour: 'generic' }],
  ]);
  const store = new MemoryStore();
  const runtime = await Runtime.open({ site, store, clock: new VirtualClock(T0), seed: 1 });
  const request = (key: string, value: unknown, more: Partial<WriteRequest> = {}): WriteRequest => ({
    key,
    value,
    who: 'alice',
    role: 'admin',
    via: 'test',
    ...more,
  });
  const cases: WriteRequest[] = [
    request('ev.nothing', 1),
    request('ev.active-power', 1),
    request('ev.max-current-limit', 99),
    request('ev.charge-mode', 'TURBO'),
    request('ev.max-current-limit', 10, { level: 0 }),
    request('ev.remote-stop', null),
  ];
  for (const r of cases) {
    const checked = runtime.writes.check(r);
    assert.ok(checked, `check refuses ${r.key} = ${r.value}`);
    assert.deepEqual(await runtime.writes.write(r), checked);
  }
  assert.equal(runtime.writes.check(request('ev.max-current-limit', 16)), null);
  assert.equal(runtime.writes.priorityArray('ev.max-current-limit')?.level, 17, 'check wrote nothing');
  // Only the writes are audited as refused (a point that does not exist has no record), never the checks.
  assert.deepEqual(
    (await store.queryAudit({})).map((a) => a.action),
    Array(cases.length - 1).fill('refused'),
  );
  // System Enable off: check sees it like write does.
  assert.deepEqual(await runtime.writes.write(request('server.system-enable', false)), {
    ok: true,
    value: false,
    level: 16,
  });
  assert.equal(runtime.writes.check(request('ev.max-current-limit', 16))?.code, 'disabled');
  await runtime.stop();
});
