// The generic behaviour over a simulated day, checked as a domain expert would look at the trends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCounter } from '../../src/behaviours/generic.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import type { PointEntry } from '../../src/runtime/point-store.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { getOrCreate } from '../../src/util/maps.js';
import { makeSite, T0 } from './site-fixture.js';

const DAY = 86_400_000;

async function simulateDay() {
  // The seed profiles, run by the generic behaviour instead of their own.
  const generic = { behaviour: 'generic' };
  const site = makeSite([
    ['lvl', 'level-sensor', generic],
    ['dhw', 'dhw-tank', generic],
    ['pir', 'pir-detector', generic],
  ]);
  const clock = new VirtualClock(T0);
  const samples = new Map<string, Array<{ t: number; value: Value }>>();
  const record = (entry: PointEntry, t: number, value: Value) => {
    getOrCreate(samples, entry.key, () => [] as Array<{ t: number; value: Value }>).push({ t, value });
  };
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock,
    seed: 7,
    sampleSinks: [record],
  });
  runtime.start();
  clock.advance(DAY);
  await runtime.stop();
  return { runtime, samples };
}

describe('generic behaviour over a day', async () => {
  const { runtime, samples } = await simulateDay();
  const entries = runtime.points.entries;

  test('numbers stay inside their typical range and move', () => {
    for (const e of entries.filter(
      (x) => x.point.type === 'number' && x.point.kind === 'sensor' && !isCounter(x.point),
    )) {
      const values = (samples.get(e.key) ?? []).map((s) => s.value as number);
      assert.ok(values.length > 1, e.key);
      assert.ok(
        values.every((v) => v >= (e.point.min as number) && v <= (e.point.max as number)),
        `${e.key} left its range`,
      );
      assert.ok(new Set(values).size > 1, `${e.key} never moved`);
    }
  });

  test('each periodic point is published at its own rate', () => {
    const rate = (key: string) => {
      const list = samples.get(key) ?? [];
      return (list.at(-1)?.t ?? 0) - (list.at(-2)?.t ?? 0);
    };
    assert.equal(rate('pir.signal-level'), 100);
    assert.equal(rate('lvl.level'), 1000);
    assert.equal(rate('lvl.volume'), 60_000);
    assert.equal(rate('dhw.volume'), 3_600_000);
    assert.equal(
      (samples.get('pir.signal-level') ?? []).length,
      DAY / 100 + 1,
      'every 100 ms, plus the start',
    );
  });

  test('counters only increase', () => {
    {
      const key = 'pir.detection-count';
      const values = (samples.get(key) ?? []).map((s) => s.value as number);
      assert.ok(
        values.every((v, i) => i === 0 || v >= (values[i - 1] as number)),
        `${key} went down`,
      );
    }
    const detections = (samples.get('pir.detection-count') ?? []).map((s) => s.value as number);
    assert.ok((detections.at(-1) ?? 0) > 50 && (detections.at(-1) ?? 0) < 300, 'about 6 an hour');
  });

  test('booleans rest inactive, Communication Status stays OK, commands hold their defaults', () => {
    for (const e of entries.filter((x) => x.point.kind === 'status' && x.point.type === 'bool')) {
      assert.ok(
        (samples.get(e.key) ?? []).every((s) => s.value === false),
        e.key,
      );
    }
    for (const key of ['lvl.communication-status', 'dhw.communication-status', 'pir.communication-status']) {
      assert.ok(
        (samples.get(key) ?? []).every((s) => s.value === 'OK'),
        key,
      );
    }
    assert.equal(runtime.points.value(runtime.points.indexOf('pir.sensitivity') as number), 'LOW');
    assert.equal(runtime.points.value(runtime.points.indexOf('pir.led-enable') as number), true);
    assert.equal(runtime.points.value(runtime.points.indexOf('dhw.eco-mode') as number), false);
  });

  test('enums rest on their first value most of the time', () => {
    const status = samples.get('pir.detector-status') ?? [];
    assert.equal(status[0]?.value, 'OK');
    // Time spent on the resting value over the day: excursions are short (at most 10 min, about one a day).
    let away = 0;
    status.forEach((s, i) => {
      if (s.value !== 'OK') away += (status[i + 1]?.t ?? s.t) - s.t;
    });
    assert.ok(away < 3_600_000, `away from OK for ${away / 60_000} min`);
  });
});
