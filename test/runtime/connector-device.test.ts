// A device runs a behaviour or a connector, never both: a device read from a real device has no runner, no
// fault injection, no counters, and no simulated default is ever sent to it (relinquishing every level
// leaves the device its own value). A simulated device beside it keeps all of these.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { FakeRemote, fakeRemoteSource } from '../support/fake-remote.js';
import { makeSite, T0 } from './site-fixture.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function site() {
  const clock = new VirtualClock(T0);
  const remote = new FakeRemote(clock);
  const s = makeSite([
    ['real', 'dhw-tank'],
    ['sim', 'dhw-tank'],
  ]);
  const real = s.devices[0];
  assert.ok(real);
  real.source = fakeRemoteSource();
  const driverFor = remote.driverFactory();
  const store = new MemoryStore();
  const runtime = await Runtime.open({ site: s, store, clock, seed: 1, driverFor });
  runtime.start();
  await flush();
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await flush();
    }
  };
  return { remote, runtime, store, run };
}

test('a real device has a driver and no runner; a simulated one a runner and no driver', async () => {
  const { runtime } = await site();
  try {
    assert.ok(runtime.drivers.has('real'));
    assert.ok(!runtime.runners.has('real'));
    assert.ok(runtime.runners.has('sim'));
    assert.ok(!runtime.drivers.has('sim'));
  } finally {
    await runtime.stop();
  }
});

test('no fault is injected into a real device, and it saves no counters', async () => {
  const { runtime, store, run } = await site();
  try {
    const [fault] = runtime.runners.get('sim')?.behaviour.faults ?? [];
    assert.ok(fault, 'dhw-tank models faults');
    assert.match(runtime.setFault('real', fault, true, 'test') ?? '', /real device/);
    assert.equal(runtime.setFault('sim', fault, true, 'test'), null);
    await run(1000);
    await runtime.persist();
    const keys = [...(await store.loadCounters()).keys()];
    assert.ok(
      keys.some((k) => k.startsWith('sim.')),
      keys.join(' '),
    );
    assert.ok(!keys.some((k) => k.startsWith('real.')), keys.join(' '));
  } finally {
    await runtime.stop();
  }
});

test('relinquishing every level sends nothing to a real device: it keeps its own value', async () => {
  const { remote, runtime, run } = await site();
  try {
    const key = 'real.temperature-setpoint';
    remote.values.set(key, 48);
    const write = (value: unknown) =>
      runtime.writes.write({ key, value, level: 8, who: 't', via: 't', role: 'admin' });
    assert.equal((await write(60)).ok, true);
    await run(500);
    assert.equal(remote.values.get(key), 60);
    assert.equal((await write(null)).ok, true);
    await run(5000);
    assert.deepEqual(
      remote.writes.map((w) => w.value),
      [60],
      'no default sent',
    );
    assert.equal(remote.values.get(key), 60);
    const index = runtime.points.indexOf(key) as number;
    assert.equal(runtime.points.status(index), 'ok');
  } finally {
    await runtime.stop();
  }
});
