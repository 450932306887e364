// Push in the connector framework, in virtual time through the runtime: the fake endpoint's dispatch
// (test/support/fake-remote.ts) with a push part defined here, whose subscriptions are kept in the test.
// A pushed value is a fresh read (no poll), covered batches are read at the slow rate only, subscriptions
// are renewed at half their lifetime and made again after a lost link, a refusal leaves its points polled
// (logged once), a covered point does not go stale, the write queue judges pushed values, and stopping
// cancels the subscriptions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSite, T0 } from '../../test/runtime/site-fixture.js';
import { FakeRemote, type FakeTransport, fakeRemoteSource } from '../../test/support/fake-remote.js';
import { VirtualClock } from '../core/clock.js';
import type { Value } from '../core/value.js';
import { Runtime } from '../runtime/runtime.js';
import { MemoryStore } from '../store/memory/memory-store.js';
import { connectorDriverFactory } from './driver.js';
import { periodOf } from './poll-scheduler.js';
import type { PushDelivery } from './protocol.js';

const SETPOINT = 'temperature-setpoint';
const LIFETIME_MS = 300_000;
const COVERED_POLL_MS = 60_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A site of one dhw-tank `tank` read from a fake endpoint whose points push their changes. */
async function pushing(settings: { staleAfterMs?: number } = {}) {
  const clock = new VirtualClock(T0);
  const remote = new FakeRemote(clock);
  /** The live subscriptions on the endpoint, by `<device>.<point>`. */
  const subscriptions = new Map<string, PushDelivery>();
  const subscribed: Array<{ key: string; at: number }> = [];
  const cancelled: string[] = [];
  /** Points whose subscription the endpoint refuses. */
  const refused = new Set<string>();
  const warnings: string[] = [];
  const reachable = (t: FakeTransport) => {
    if (t.closed || !remote.reachable) throw new Error('the connection closed');
  };
  const driverFor = connectorDriverFactory((device) => {
    const key = (id: string) => `${device.id}.${id}`;
    return {
      protocol: {
        ...remote.protocol(device),
        push: {
          lifetimeMs: LIFETIME_MS,
          coveredPollMs: COVERED_POLL_MS,
          points: device.profile.points.filter((p) => p.type !== 'action').map((p) => p.id),
          subscribe: async (t: FakeTransport, id: string, deliver: PushDelivery) => {
            subscribed.push({ key: key(id), at: clock.now() });
            reachable(t);
            if (refused.has(key(id))) return { ok: false as const, why: 'no COV here' };
            subscriptions.set(key(id), deliver);
            return { ok: true as const };
          },
          cancel: async (t: FakeTransport, id: string) => {
            reachable(t);
            cancelled.push(key(id));
            subscriptions.delete(key(id));
          },
        },
      },
      settings: { host: 'remote', port: 1, staleAfterMs: settings.staleAfterMs ?? 0, disabled: false },
    };
  });
  const site = makeSite([['tank', 'dhw-tank']]);
  for (const device of site.devices) device.source = fakeRemoteSource();
  const log = {
    info: () => {},
    error: () => {},
    warn: (_o: object | string, m?: string) => warnings.push(String(m)),
  };
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1, driverFor, log });
  const index = (k: string) => runtime.points.indexOf(k) as number;
  const valued = site.devices[0]?.profile.points.filter((p) => p.type !== 'action').map((p) => p.id) ?? [];
  return {
    clock,
    remote,
    runtime,
    subscriptions,
    subscribed,
    cancelled,
    refused,
    warnings,
    valued,
    status: (k: string) => runtime.points.status(index(k)),
    value: (k: string) => runtime.points.value(index(k)),
    /** The device changes a point and pushes it to its subscriber (if any). */
    change(k: string, value: Value) {
      remote.values.set(k, value);
      subscriptions.get(k)?.(value);
    },
    async start() {
      runtime.start();
      await flush();
      await flush();
    },
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

test('a pushed value is published at once, with no poll; covered batches are read at the slow rate only', async () => {
  const s = await pushing();
  try {
    const key = `tank.${SETPOINT}`;
    s.remote.values.set(key, 55);
    await s.start();
    await s.run(200);
    assert.equal(s.value(key), 55);
    assert.equal(s.subscriptions.size, s.valued.length, 'every point with a value subscribed');

    const reads = s.remote.reads.length;
    s.change(key, 57);
    assert.equal(s.value(key), 57, 'published when pushed');
    assert.equal(s.status(key), 'ok');
    assert.equal(s.runtime.points.read(s.runtime.points.indexOf(key) as number).ts, s.clock.now());
    assert.equal(s.remote.reads.length, reads, 'no poll in between');

    await s.run(COVERED_POLL_MS - 1000);
    const fast = s.remote.reads.filter((r) => r.periodMs === 1000);
    assert.equal(fast.length, 1, 'the 1 s batch read once (at start) in the slow period, not every second');
    await s.run(2000);
    assert.equal(s.remote.reads.filter((r) => r.periodMs === 1000).length, 2, 'then at the slow rate');
    const hourly = s.remote.reads.filter((r) => r.periodMs === 3_600_000);
    assert.equal(hourly.length, 1, 'a batch slower than the slow rate keeps its own');
  } finally {
    await s.runtime.stop();
  }
});

test('subscriptions are renewed at half their lifetime, voided by a lost link and made again when the device answers', async () => {
  const s = await pushing();
  try {
    const key = `tank.${SETPOINT}`;
    await s.start();
    await s.run(200);
    const first = s.subscribed.filter((x) => x.key === key).map((x) => x.at - T0);
    assert.deepEqual(first, [0]);
    await s.run(LIFETIME_MS / 2 + 1000, 1000);
    const renewed = s.subscribed.filter((x) => x.key === key).map((x) => x.at - T0);
    assert.equal(renewed.length, 2, `renewed once: ${renewed.join(' ')}`);
    assert.ok((renewed[1] as number) >= LIFETIME_MS / 2 && (renewed[1] as number) < LIFETIME_MS / 2 + 2000);

    const stale = s.subscriptions.get(key) as PushDelivery;
    s.remote.goAway();
    await s.run(COVERED_POLL_MS + 1000, 500); // the safety poll finds the device gone
    assert.equal(s.status(key), 'down');
    stale(99);
    assert.notEqual(s.value(key), 99, 'a value of the lost link is dropped');
    assert.equal(s.status(key), 'down');

    const before = s.subscribed.length;
    s.remote.reachable = true;
    await s.run(31_000, 500);
    assert.equal(s.status(key), 'ok');
    const again = s.subscribed.slice(before).map((x) => x.key);
    assert.equal(new Set(again).size, s.valued.length, 'every point subscribed again');
    s.change(key, 61);
    assert.equal(s.value(key), 61);
  } finally {
    await s.runtime.stop();
  }
});

test('points the device refuses to subscribe are polled at their own rate; the refusal is logged once', async () => {
  const s = await pushing();
  try {
    const fastPoints = s.runtime.points.entries
      .filter((e) => e.key.startsWith('tank.') && e.point.type !== 'action')
      .filter((e) => e.point.update !== 'periodic' || e.point.intervalMs === null)
      .map((e) => e.key);
    assert.ok(fastPoints.length > 0);
    for (const k of fastPoints) s.refused.add(k);
    await s.start();
    await s.run(30_000);
    assert.equal(s.remote.reads.filter((r) => r.periodMs === 1000).length, 31, 'every second');
    for (const k of fastPoints) assert.equal(s.subscribed.filter((x) => x.key === k).length, 1, 'asked once');
    const notes = s.warnings.filter((w) => w.includes('refuses change subscriptions'));
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0] as string, new RegExp(`${fastPoints.length} point\\(s\\) \\(no COV here\\)`));
  } finally {
    await s.runtime.stop();
  }
});

test('a covered point does not go stale; a pushed value is judged against the write in force', async () => {
  const s = await pushing({ staleAfterMs: 5000 });
  try {
    const key = `tank.${SETPOINT}`;
    s.remote.values.set(key, 55);
    await s.start();
    await s.run(20_000);
    assert.equal(s.status(key), 'ok', 'not read for 20 s, but covered');

    s.remote.ignoreWrites = true;
    assert.equal((await s.write(key, 56)).ok, true);
    await s.run(200);
    assert.equal(s.status(key), 'fault', 'the read-back says 55');
    s.change(key, 55);
    assert.equal(s.status(key), 'fault', 'pushed 55: still not what is in force');
    s.change(key, 56);
    assert.equal(s.status(key), 'ok', 'pushed 56: the write is confirmed');
    assert.equal(s.value(key), 56);
  } finally {
    await s.runtime.stop();
  }
});

test('stopping the connector cancels its subscriptions on the device', async () => {
  const s = await pushing();
  await s.start();
  await s.run(200);
  assert.equal(s.subscriptions.size, s.valued.length);
  await s.runtime.stop();
  assert.equal(s.subscriptions.size, 0);
  assert.equal(s.cancelled.length, s.valued.length);
});

test('a subscription refused at its renewal: the point is polled at its rate again, and not stale at once', async () => {
  const s = await pushing({ staleAfterMs: 5000 });
  try {
    const key = `tank.${SETPOINT}`;
    await s.start();
    await s.run(LIFETIME_MS / 2 - 1000, 1000);
    assert.equal(s.status(key), 'ok', 'covered: not stale without reads');
    const point = s.runtime.points.entries.find((e) => e.key === key)?.point;
    assert.ok(point, key);
    const period = periodOf(point, 1000);
    const readsOfIt = () => s.remote.reads.filter((r) => r.periodMs === period).length;
    const before = readsOfIt();
    s.refused.add(key);
    await s.run(2000, 1000);
    assert.equal(s.subscribed.filter((x) => x.key === key).length, 2, 'asked to renew, refused');
    assert.equal(s.status(key), 'ok', 'fresh until its subscription ended');
    assert.equal(s.warnings.filter((w) => w.includes('refuses change subscriptions')).length, 1);
    await s.run(3 * period, 1000);
    assert.ok(readsOfIt() >= before + 3, `its batch read at its rate (${period} ms) again`);
    assert.equal(s.status(key), 'ok');
  } finally {
    await s.runtime.stop();
  }
});

test('stopping while the device is away sends no cancellation', async () => {
  const s = await pushing();
  await s.start();
  await s.run(200);
  s.remote.goAway();
  await s.run(COVERED_POLL_MS + 1000, 1000);
  assert.equal(s.status(`tank.${SETPOINT}`), 'down');
  await s.runtime.stop();
  assert.deepEqual(s.cancelled, []);
});
