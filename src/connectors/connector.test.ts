// The connector framework in virtual time, through the runtime as a site runs it, against a test double of
// the remote endpoint (test/support/fake-remote.ts): polls by rate, one link per host:port, ok → down → ok,
// writes confirmed by read-back and retried with back-off, stale after the set age, disabled, fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSite, T0 } from '../../test/runtime/site-fixture.js';
import { FakeRemote, fakeRemoteSource } from '../../test/support/fake-remote.js';
import { VirtualClock } from '../core/clock.js';
import type { Value } from '../core/value.js';
import { Runtime } from '../runtime/runtime.js';
import { MemoryStore } from '../store/memory/memory-store.js';
import { FIRST_RETRY_MS } from './link.js';

const SETPOINT = 'temperature-setpoint';
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A site of dhw-tank devices `ids`, all read through connectors from one fake endpoint. */
async function connected(ids: string[], settings: { staleAfterMs?: number; disabled?: boolean } = {}) {
  const clock = new VirtualClock(T0);
  const remote = new FakeRemote(clock);
  const site = makeSite(ids.map((id) => [id, 'dhw-tank'] as [string, string]));
  for (const device of site.devices) device.source = fakeRemoteSource();
  const driverFor = remote.driverFactory(settings);
  const store = new MemoryStore();
  const runtime = await Runtime.open({ site, store, clock, seed: 1, driverFor });
  const index = (key: string) => runtime.points.indexOf(key) as number;
  return {
    clock,
    remote,
    runtime,
    store,
    status: (key: string) => runtime.points.status(index(key)),
    value: (key: string) => runtime.points.value(index(key)),
    start: async () => {
      runtime.start();
      await flush();
    },
    /** Moves the clock `ms` on, in steps that let the connectors talk to the endpoint. */
    async run(ms: number, stepMs = 100) {
      for (let t = 0; t < ms; t += stepMs) {
        clock.advance(stepMs);
        await flush();
      }
    },
    write: (key: string, value: Value) =>
      runtime.writes.write({ key, value, who: 't', via: 't', role: 'admin' }),
  };
}

test('each rate is polled at its own period, the device read once per bucket at start', async () => {
  const s = await connected(['tank']);
  try {
    await s.start();
    await s.run(60_000);
    const count = new Map<number, number>();
    for (const r of s.remote.reads) count.set(r.periodMs, (count.get(r.periodMs) ?? 0) + 1);
    // dhw-tank: 10 s, 30 s, 60 s, 5 min, 1 h rates; on-event points at the 1 s default.
    assert.deepEqual(
      [...count].sort((a, b) => a[0] - b[0]),
      [
        [1000, 61],
        [10_000, 7],
        [30_000, 3],
        [60_000, 2],
        [300_000, 1],
        [3_600_000, 1],
      ],
    );
    for (const r of s.remote.reads) assert.equal((r.at - T0) % r.periodMs, 0, 'on its period');
  } finally {
    await s.runtime.stop();
  }
});

test('two connectors on one host:port share one link, opened once and closed with the last', async () => {
  const s = await connected(['tank-a', 'tank-b']);
  await s.start();
  await s.run(5000);
  assert.equal(s.remote.attempts.length, 1, 'one connection for both');
  assert.ok(s.remote.reads.some((r) => r.device === 'tank-a'));
  assert.ok(s.remote.reads.some((r) => r.device === 'tank-b'));
  assert.equal(s.status(`tank-a.${SETPOINT}`), 'ok');
  assert.equal(s.status(`tank-b.${SETPOINT}`), 'ok');
  // Lost by whichever request: both devices are down.
  s.remote.goAway();
  await s.run(1000);
  assert.equal(s.status(`tank-a.${SETPOINT}`), 'down');
  assert.equal(s.status(`tank-b.${SETPOINT}`), 'down');
  const attempts = s.remote.attempts.length;
  s.remote.reachable = true;
  await s.run(2000);
  assert.equal(s.remote.attempts.length, attempts + 1, 'reopened once for both');
  assert.equal(s.status(`tank-b.${SETPOINT}`), 'ok');
  await s.runtime.stop();
  const before = s.remote.reads.length;
  await s.run(5000);
  assert.equal(s.remote.reads.length, before, 'nothing read after stop');
});

test('unknown before the first answer, ok, down while away (retries with back-off), ok again with every bucket read at once', async () => {
  const s = await connected(['tank']);
  try {
    const key = `tank.${SETPOINT}`;
    const connector = () => s.runtime.drivers.get('tank')?.status;
    assert.equal(s.status(key), 'unknown');
    assert.equal(connector(), 'unknown');
    s.remote.values.set(key, 60);
    s.remote.values.set('tank.communication-status', 'OK');
    await s.start();
    assert.equal(s.status(key), 'ok');
    assert.equal(connector(), 'ok');
    assert.equal(s.value(key), 60);
    assert.equal(s.value('tank.communication-status'), 'OK');
    await s.run(10_000);

    s.remote.goAway();
    const lostAt = s.clock.now();
    await s.run(1000);
    assert.equal(connector(), 'down');
    assert.equal(s.status(key), 'down');
    assert.equal(s.status('tank.volume'), 'down');
    assert.equal(s.status('tank.legionella-cycle'), 'down', 'an action is down with its device');
    assert.equal(s.value('tank.communication-status'), 'FAULT');
    assert.equal(s.value(key), 60, 'the last value read is kept');
    await s.run(60_000, 500);
    // Reconnects at once, then tries 1, 2, 4, 8, 16 s apart (30 s at most).
    const tries = s.remote.attempts.filter((at) => at >= lostAt).map((at) => at - lostAt);
    const gaps = tries.slice(1).map((at, i) => at - (tries[i] as number));
    assert.deepEqual(
      gaps.map((g) => Math.round(g / FIRST_RETRY_MS)),
      [1, 2, 4, 8, 16],
    );

    s.remote.reachable = true;
    s.remote.values.set(key, 61);
    const readsBefore = s.remote.reads.length;
    await s.run(31_000, 500);
    assert.equal(connector(), 'ok');
    assert.equal(s.status(key), 'ok');
    assert.equal(s.value(key), 61);
    assert.equal(s.status('tank.volume'), 'ok', 'the hourly bucket read at once');
    assert.equal(s.value('tank.communication-status'), 'OK');
    const back = s.remote.reads.slice(readsBefore);
    assert.ok(
      back.some((r) => r.periodMs === 3_600_000),
      'every bucket read at once',
    );
    await s.runtime.persist();
    const events = await s.store.queryEvents({ device: 'tank' });
    const kinds = events.sort((a, b) => a.ts - b.ts).map((e) => e.kind);
    assert.deepEqual(
      kinds.filter((k) => k.startsWith('comm-')),
      ['comm-lost', 'comm-restored'],
    );
  } finally {
    await s.runtime.stop();
  }
});

test('a write is confirmed by reading it back; one the device does not hold is fault, retried with back-off, then confirmed', async () => {
  const s = await connected(['tank']);
  try {
    const key = `tank.${SETPOINT}`;
    await s.start();
    assert.equal((await s.write(key, 55)).ok, true);
    await s.run(100);
    assert.equal(s.remote.values.get(key), 55);
    assert.equal(s.value(key), 55);
    assert.equal(s.status(key), 'ok');

    s.remote.ignoreWrites = true;
    const from = s.clock.now();
    assert.equal((await s.write(key, 56)).ok, true);
    await s.run(40_000);
    assert.equal(s.status(key), 'fault');
    assert.equal(s.value(key), 55, 'what the device holds');
    const sent = s.remote.writes.filter((w) => w.at >= from && w.value === 56).map((w) => w.at - from);
    const gaps = sent.slice(1).map((at, i) => at - (sent[i] as number));
    assert.ok(gaps.length >= 4, `retried: ${sent.join(' ')}`);
    for (let i = 1; i < gaps.length; i++)
      assert.ok((gaps[i] as number) >= (gaps[i - 1] as number), `back-off: ${gaps.join(' ')}`);
    assert.equal(s.runtime.alarms.list().find((a) => a.key === key)?.state, 'active');
    await s.runtime.persist();
    const reports = await s.store.queryEvents({ device: 'tank', kind: 'write-mismatch' });
    assert.equal(reports.length, 1, 'reported once');

    s.remote.ignoreWrites = false;
    await s.run(31_000);
    assert.equal(s.remote.values.get(key), 56);
    assert.equal(s.status(key), 'ok');
    assert.ok(s.runtime.alarms.list().find((a) => a.key === key)?.clearedAt, 'the alarm cleared');
    const after = s.remote.writes.filter((w) => w.value === 56).length;
    await s.run(60_000, 1000);
    assert.equal(s.remote.writes.filter((w) => w.value === 56).length, after, 'no retry once confirmed');
  } finally {
    await s.runtime.stop();
  }
});

test('one write in flight per point: values written meanwhile coalesce into the last', async () => {
  const s = await connected(['tank']);
  try {
    const key = `tank.${SETPOINT}`;
    await s.start();
    s.remote.hold = true;
    for (const value of [50, 51, 52, 53]) assert.equal((await s.write(key, value)).ok, true);
    await flush();
    assert.deepEqual(
      s.remote.writes.map((w) => w.value),
      [50],
      'one in flight',
    );
    s.remote.release();
    await s.run(500);
    assert.deepEqual(
      s.remote.writes.map((w) => w.value),
      [50, 53],
    );
    assert.equal(s.value(key), 53);
    assert.equal(s.status(key), 'ok');
  } finally {
    s.remote.release();
    await s.runtime.stop();
  }
});

test('a point not read fresh for longer than the set age is stale, ok again at its next read', async () => {
  const s = await connected(['tank'], { staleAfterMs: 5000 });
  try {
    const key = `tank.${SETPOINT}`;
    await s.start();
    await s.run(2000);
    assert.equal(s.status(key), 'ok');
    s.remote.hold = true; // the device stops answering, the link stays up
    await s.run(4000);
    assert.equal(s.status(key), 'ok', 'not yet');
    await s.run(2000);
    assert.equal(s.status(key), 'stale');
    assert.equal(s.status('tank.volume'), 'stale');
    s.remote.release();
    await s.run(1000);
    assert.equal(s.status(key), 'ok');
  } finally {
    s.remote.release();
    await s.runtime.stop();
  }
});

test('without a stale age, a point is never stale', async () => {
  const s = await connected(['tank']);
  try {
    await s.start();
    s.remote.hold = true;
    await s.run(60_000, 1000);
    assert.equal(s.status(`tank.${SETPOINT}`), 'ok');
  } finally {
    s.remote.release();
    await s.runtime.stop();
  }
});

test('a disabled connector reads and writes nothing; its points are disabled', async () => {
  const s = await connected(['tank'], { disabled: true });
  try {
    await s.start();
    await s.run(10_000, 1000);
    assert.equal(s.remote.attempts.length, 0);
    assert.equal(s.runtime.drivers.get('tank')?.status, 'disabled');
    assert.equal(s.status(`tank.${SETPOINT}`), 'disabled');
    assert.equal(s.status('tank.communication-status'), 'disabled');
    assert.equal((await s.write(`tank.${SETPOINT}`, 58)).ok, true);
    await s.run(10_000, 1000);
    assert.equal(s.remote.writes.length, 0);
  } finally {
    await s.runtime.stop();
  }
});

test('a device that answers but refuses every read: the connector and its points are fault', async () => {
  const s = await connected(['tank']);
  try {
    s.remote.refuseReads = true;
    await s.start();
    await s.run(2000);
    const driver = s.runtime.drivers.get('tank');
    assert.ok(driver);
    assert.equal(driver.status, 'fault');
    assert.equal(s.status(`tank.${SETPOINT}`), 'fault');
    s.remote.refuseReads = false;
    await s.run(2000);
    assert.equal(driver.status, 'ok');
    assert.equal(s.status(`tank.${SETPOINT}`), 'ok');
  } finally {
    await s.runtime.stop();
  }
});
