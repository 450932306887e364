// The one write path, through a real runtime in virtual time: validation, priority arbitration,
// relinquish, timed overrides, System Enable, momentary actions, group commit, store failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { WriteRequest } from '../../src/runtime/write-path.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import type { CommittedWrite } from '../../src/store/store.js';
import { makeSite, T0 } from './site-fixture.js';

async function open(store = new MemoryStore()) {
  // The generic behaviour: these tests are about the write path, with the generic relinquish defaults.
  const site = makeSite([
    ['server', 'parking-management-server', { behaviour: 'generic' }],
    ['ev', 'ev-charger-level-2', { behaviour: 'generic' }],
  ]);
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store, clock, seed: 1 });
  const write = (req: Partial<WriteRequest> & Pick<WriteRequest, 'key' | 'value'>) =>
    runtime.writes.write({ who: 'alice', role: 'admin', via: 'test', ...req });
  const value = (key: string) => runtime.points.value(runtime.points.indexOf(key) as number);
  return { runtime, clock, store, write, value };
}

describe('write path: arbitration', () => {
  test('a write at 16 takes effect; a higher level overrides; relinquish falls back', async () => {
    const { write, value, runtime } = await open();
    assert.equal(value('ev.max-current-limit'), 19, 'relinquish default: the middle of 6–32 A');
    assert.deepEqual(await write({ key: 'ev.max-current-limit', value: 16 }), {
      ok: true,
      value: 16,
      level: 16,
    });
    assert.equal(value('ev.max-current-limit'), 16);
    assert.deepEqual(await write({ key: 'ev.max-current-limit', value: 10, level: 8 }), {
      ok: true,
      value: 10,
      level: 8,
    });
    assert.equal(value('ev.max-current-limit'), 10);
    // A lower level does not override a higher one, but is kept in the array.
    assert.deepEqual(await write({ key: 'ev.max-current-limit', value: 30, level: 12 }), {
      ok: true,
      value: 10,
      level: 8,
    });
    assert.deepEqual(await write({ key: 'ev.max-current-limit', value: null, level: 8 }), {
      ok: true,
      value: 30,
      level: 12,
    });
    await write({ key: 'ev.max-current-limit', value: null, level: 12 });
    await write({ key: 'ev.max-current-limit', value: null, level: 16 });
    assert.equal(value('ev.max-current-limit'), 19);
    assert.equal(runtime.writes.priorityArray('ev.max-current-limit')?.level, 17);
  });

  test('every write is audited with who, interface, level, before and after', async () => {
    const { write, store } = await open();
    await write({ key: 'ev.charge-mode', value: 'NORMAL', level: 10, remote: '127.0.0.1:5000' });
    const [record] = await store.queryAudit({ key: 'ev.charge-mode' });
    assert.deepEqual(record, {
      ts: T0,
      who: 'alice',
      via: 'test',
      remote: '127.0.0.1:5000',
      key: 'ev.charge-mode',
      level: 10,
      action: 'write',
      written: 'NORMAL',
      before: 'SMART',
      after: 'NORMAL',
    });
  });

  test('a timed level-8 override expires in virtual time, audited as the system', async () => {
    const { write, value, clock, store } = await open();
    await write({ key: 'ev.max-current-limit', value: 12 });
    await write({ key: 'ev.max-current-limit', value: 8, level: 8, durationMs: 15 * 60_000 });
    assert.equal(value('ev.max-current-limit'), 8);
    clock.advance(15 * 60_000 - 1);
    await settle();
    assert.equal(value('ev.max-current-limit'), 8, 'still in force a millisecond before');
    clock.advance(1);
    await settle();
    assert.equal(value('ev.max-current-limit'), 12);
    const [expiry] = await store.queryAudit({ key: 'ev.max-current-limit' });
    assert.equal(expiry?.action, 'expire');
    assert.equal(expiry?.who, 'system');
    assert.equal(expiry?.before, 8);
    assert.equal(expiry?.after, 12);
  });
});

describe('write path: refusals change nothing but the audit trail', () => {
  const cases: Array<[string, Partial<WriteRequest> & Pick<WriteRequest, 'key' | 'value'>, string]> = [
    ['unknown point', { key: 'ev.no-such-point', value: 1 }, 'unknown-point'],
    ['sensor', { key: 'ev.active-power', value: 1 }, 'read-only'],
    ['status', { key: 'ev.charger-status', value: 'AVAILABLE' }, 'read-only'],
    ['out of range', { key: 'ev.max-current-limit', value: 40 }, 'out-of-range'],
    ['bad enum', { key: 'ev.charge-mode', value: 'FAST' }, 'bad-enum'],
    ['bad type', { key: 'ev.charge-enable', value: 'maybe' }, 'bad-type'],
    ['level 0', { key: 'ev.max-current-limit', value: 10, level: 0 }, 'bad-level'],
    ['level 18', { key: 'ev.max-current-limit', value: 10, level: 18 }, 'bad-level'],
    [
      'duration off level 8',
      { key: 'ev.max-current-limit', value: 10, level: 9, durationMs: 1000 },
      'bad-duration',
    ],
    [
      'negative duration',
      { key: 'ev.max-current-limit', value: 10, level: 8, durationMs: -5 },
      'bad-duration',
    ],
    ['relinquish an action', { key: 'ev.remote-stop', value: null }, 'bad-action'],
  ];
  for (const [name, req, code] of cases) {
    test(name, async () => {
      const { write, store, value } = await open();
      const before = value('ev.max-current-limit');
      const result = await write(req);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, code);
      assert.ok(!result.ok && result.message.length > 10, 'a message a person can act on');
      // One `refused` record with the reason (none for a point that does not exist), nothing else.
      const audit = await store.queryAudit();
      if (code === 'unknown-point') assert.deepEqual(audit, []);
      else {
        assert.deepEqual(
          audit.map((a) => [a.key, a.action, a.note]),
          [[req.key, 'refused', !result.ok && `${code}: ${result.message}`]],
        );
        assert.equal(audit[0]?.before, audit[0]?.after, 'nothing in force changed');
      }
      assert.equal(value('ev.max-current-limit'), before);
    });
  }

  test('a store failure acknowledges nothing and changes nothing', async () => {
    const store = new MemoryStore();
    const { write, value } = await open(store);
    store.commitWrites = (_writes: CommittedWrite[]) => Promise.reject(new Error('disk full'));
    const result = await write({ key: 'ev.max-current-limit', value: 10 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'store-failed');
    assert.match(!result.ok ? result.message : '', /nothing changed: disk full/);
    assert.equal(value('ev.max-current-limit'), 19);
  });
});

describe('write path: System Enable', () => {
  test('while the site is disabled only System Enable can be written', async () => {
    const { write, value } = await open();
    assert.equal(value('server.system-enable'), true, 'an enable switch defaults to on');
    assert.deepEqual(await write({ key: 'server.system-enable', value: 'DISABLE', level: 8 }), {
      ok: true,
      value: false,
      level: 8,
    });
    const refused = await write({ key: 'ev.max-current-limit', value: 10 });
    assert.equal(!refused.ok && refused.code, 'disabled');
    assert.equal((await write({ key: 'server.database-backup', value: 'BACKUP' })).ok, false);
    await write({ key: 'server.system-enable', value: null, level: 8 });
    assert.equal((await write({ key: 'ev.max-current-limit', value: 10 })).ok, true);
  });
});

describe('write path: momentary actions', () => {
  test('an action runs once at the next step, logs an event and reads back inactive', async () => {
    const { write, value, runtime, clock, store } = await open();
    runtime.start();
    assert.deepEqual(await write({ key: 'ev.remote-stop', value: 'STOP' }), {
      ok: true,
      value: false,
      level: 16,
    });
    assert.equal(value('ev.remote-stop'), false);
    clock.advance(1000);
    await runtime.persist();
    const events = await store.queryEvents({ kind: 'action' });
    assert.equal(events.length, 1);
    assert.equal(events[0]?.point, 'remote-stop');
    assert.equal(events[0]?.message, 'Remote Stop (STOP) ran');
    const [audit] = await store.queryAudit({ key: 'ev.remote-stop' });
    assert.equal(audit?.action, 'run');
    assert.equal(audit?.level, null);
    clock.advance(5000);
    await runtime.persist();
    assert.equal((await store.queryEvents({ kind: 'action' })).length, 1, 'runs once');
    await runtime.stop();
  });
});

describe('write path: group commit', () => {
  test('writes of one turn share one transaction; each is acknowledged after it; the last wins', async () => {
    const store = new MemoryStore();
    const batches: number[] = [];
    const commit = store.commitWrites.bind(store);
    store.commitWrites = (writes) => {
      batches.push(writes.length);
      return commit(writes);
    };
    const { write, value } = await open(store);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => write({ key: 'ev.max-current-limit', value: 6 + (i % 27) })),
    );
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(batches, [50]);
    assert.equal(value('ev.max-current-limit'), 6 + (49 % 27));
    assert.equal((await store.queryAudit()).length, 50);
  });
});

/** Lets the write path's group commit (queued with setImmediate) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
