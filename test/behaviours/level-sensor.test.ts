// The level sensor through the real runtime in virtual time: geometry, alarms, rate of change, commands,
// counters across a restart, faults and reproducibility, checked at every published sample.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BehaviourEvent } from '../../src/behaviours/behaviour.js';
import { levelSensorBehaviour } from '../../src/behaviours/level-sensor/behaviour.js';
import { leastSquaresSlopePerHour } from '../../src/behaviours/level-sensor/slope-window.js';
import { filledFraction, type TankShape } from '../../src/behaviours/level-sensor/tank-geometry.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { getOrCreate } from '../../src/util/maps.js';
import { makeSite, T0 } from '../runtime/site-fixture.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

type Params = Record<string, unknown>;
type Series = Map<number, Value>;

/** A site of level sensors run in virtual time, recording every published sample and event. */
async function open(
  devices: Array<[string, Params]>,
  opts: { seed?: number; store?: MemoryStore; start?: number } = {},
) {
  const site = makeSite(devices.map(([id, params]) => [id, 'level-sensor', params]));
  const clock = new VirtualClock(opts.start ?? T0);
  const samples = new Map<string, Series>();
  const events: Array<{ device: string; t: number; event: BehaviourEvent }> = [];
  const store = opts.store ?? new MemoryStore();
  const runtime = await Runtime.open({
    site,
    store,
    clock,
    seed: opts.seed ?? 1,
    behaviourFor: () => levelSensorBehaviour as never,
    sampleSinks: [
      (entry, t, value) => {
        getOrCreate(samples, entry.key, () => new Map() as Series).set(t, value);
      },
    ],
    eventSinks: [(device, t, event) => events.push({ device: device.id, t, event })],
  });
  runtime.start();
  const series = (key: string): Series => samples.get(key) ?? new Map();
  const value = (key: string) => runtime.points.value(runtime.points.indexOf(key) as number);
  const write = (key: string, v: Value | null) =>
    runtime.writes.write({ key, value: v, who: 'test', role: 'admin', via: 'test' });
  return { runtime, clock, store, samples, series, events, value, write };
}

/** The value of an on-event series at time t: its last sample at or before t. */
function at(series: Series, t: number): Value | undefined {
  let found: Value | undefined;
  for (const [ts, v] of series) {
    if (ts > t) break;
    found = v;
  }
  return found;
}

/** Smallest and largest of many numbers (Math.min(...list) overflows the stack on long runs). */
function extremes(values: number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

const RAIN = { heightM: 3, volumeL: 30_000, shape: 'vertical-cylinder' };
const FUEL = { heightM: 1.2, volumeL: 1500, shape: 'horizontal-cylinder', profile: 'consumption' };
/** A small horizontal tank that rain and a busy pump swing from nearly empty to nearly full. */
const SWING = {
  shape: 'horizontal-cylinder',
  heightM: 2,
  volumeL: 3000,
  rainEventsPerDay: 4,
  catchmentAreaM2: 900,
  usageLPerDay: 10_000,
  usageStartHour: 0,
  usageEndHour: 24,
  pumpRateLPerMin: 40,
  pumpBurstL: 100,
  pumpCutoffPct: 2,
  defaults: { 'high-level-threshold': 70, 'low-level-threshold': 30 },
};
const DEVICES: Array<[string, Params]> = [
  ['rain', RAIN],
  ['fuel', FUEL],
  ['swing', SWING],
];

describe('level sensor: two days of three tanks, every sample', async () => {
  const run = await open(DEVICES);
  run.clock.advance(2 * DAY);
  await run.runtime.stop();
  const params: Record<string, { H: number; V: number; shape: TankShape; high: number; low: number }> = {
    rain: { H: 3, V: 30_000, shape: 'vertical-cylinder', high: 85, low: 15 },
    fuel: { H: 1.2, V: 1500, shape: 'horizontal-cylinder', high: 85, low: 15 },
    swing: { H: 2, V: 3000, shape: 'horizontal-cylinder', high: 70, low: 30 },
  };

  test('values stay inside their typical ranges', () => {
    const ranges: Record<string, [number, number]> = {
      level: [0, 100],
      'level-absolute': [0, 20],
      volume: [0, 100_000],
      'level-rate-of-change': [-100, 100],
      'sensor-temperature': [-40, 80],
      'operating-hours': [0, 999_999],
    };
    for (const id of Object.keys(params)) {
      for (const [point, [lo, hi]] of Object.entries(ranges)) {
        const values = [...run.series(`${id}.${point}`).values()] as number[];
        assert.ok(values.length > 0, `${id}.${point} published`);
        assert.ok(
          values.every((v) => v >= lo && v <= hi),
          `${id}.${point} left ${lo}–${hi}`,
        );
      }
    }
  });

  test('Level % = h/H·100 and Volume follows the shape (within 0.5 %) at every sample', () => {
    for (const [id, { H, V, shape }] of Object.entries(params)) {
      const level = run.series(`${id}.level`);
      const volume = run.series(`${id}.volume`);
      let checkedVolume = 0;
      for (const [t, h] of run.series(`${id}.level-absolute`)) {
        const pct = level.get(t) as number;
        assert.ok(Math.abs(pct - (100 * (h as number)) / H) <= 0.005 + 1e-9, `${id} level at ${t}`);
        const v = volume.get(t);
        if (v === undefined) continue;
        checkedVolume++;
        const expected = V * filledFraction(shape, (h as number) / H);
        assert.ok(Math.abs((v as number) - expected) <= 0.005 * V, `${id} volume at ${t}`);
        assert.ok(Math.abs((v as number) - expected) <= 0.05 + 1e-9, `${id} volume rounding at ${t}`);
      }
      assert.ok(checkedVolume >= 2 * 24 * 60, `${id}: a volume sample a minute`);
    }
  });

  test('the horizontal tank is not linear: volume share below level share under half height', () => {
    const level = run.series('swing.level');
    let below = 0;
    for (const [t, v] of run.series('swing.volume')) {
      const pct = level.get(t) as number;
      if (pct > 5 && pct < 45) {
        assert.ok((v as number) / 3000 < pct / 100, `at ${t}`);
        below++;
      }
    }
    assert.ok(below > 100, 'the swing tank spent time below half height');
  });

  test('high and low alarms follow the thresholds with a 2 % hysteresis, exactly, at every sample', () => {
    let transitions = 0;
    for (const [id, { high, low }] of Object.entries(params)) {
      const highSeries = run.series(`${id}.high-level-alarm`);
      const lowSeries = run.series(`${id}.low-level-alarm`);
      const statusSeries = run.series(`${id}.sensor-status`);
      let hi = false;
      let lo = false;
      let shownHi: Value | undefined;
      let shownLo: Value | undefined;
      let status: Value | undefined;
      for (const [t, level] of run.series(`${id}.level`)) {
        const pct = level as number;
        hi = hi ? pct >= high - 2 : pct >= high;
        lo = lo ? pct <= low + 2 : pct <= low;
        shownHi = highSeries.get(t) ?? shownHi;
        shownLo = lowSeries.get(t) ?? shownLo;
        status = statusSeries.get(t) ?? status;
        assert.equal(shownHi, hi, `${id} high alarm at ${new Date(t).toISOString()} (level ${pct})`);
        assert.equal(shownLo, lo, `${id} low alarm at ${new Date(t).toISOString()} (level ${pct})`);
        assert.equal(status, hi || lo ? 'WARNING' : 'OK', `${id} status at ${t}`);
      }
      transitions += highSeries.size + lowSeries.size - 2;
    }
    assert.ok(transitions >= 2, `alarms were raised and cleared (${transitions} transitions)`);
  });

  test('Level Rate of Change is the least-squares slope of Level over the last 5 minutes', () => {
    for (const id of Object.keys(params)) {
      const levels = run.series(`${id}.level`);
      let checked = 0;
      for (const [t, rate] of run.series(`${id}.level-rate-of-change`)) {
        if (t < T0 + 300 * SECOND) continue;
        const window: number[] = [];
        for (let k = 299; k >= 0; k--) window.push(levels.get(t - k * SECOND) as number);
        const expected = Math.min(100, Math.max(-100, leastSquaresSlopePerHour(window, 1)));
        assert.ok(
          Math.abs((rate as number) - expected) <= 0.005 + 1e-6,
          `${id} rate at ${t}: ${rate} vs ${expected}`,
        );
        checked++;
      }
      assert.equal(checked, (2 * DAY) / (300 * SECOND));
    }
  });

  test('Operating Hours count one an hour', () => {
    for (const id of Object.keys(params)) {
      for (const [t, h] of run.series(`${id}.operating-hours`)) assert.equal(h, Math.floor((t - T0) / HOUR));
    }
  });

  test('the rainwater tank fills with rain and is drawn down by the pump; the fuel tank burns on its test run', () => {
    const [lowest, highest] = extremes([...run.series('swing.level').values()] as number[]);
    assert.ok(highest - lowest > 40, 'the swing tank swings');
    // Monday 2026-01-05, test run 10:00–10:30 Paris time = 09:00–09:30 UTC, 12 L/h.
    const fuel = run.events.filter((e) => e.device === 'fuel' && e.event.kind === 'generator-test');
    assert.deepEqual(
      fuel.map((e) => e.t),
      [T0 + 9 * HOUR, T0 + 9.5 * HOUR],
    );
    assert.match(fuel[1]?.event.message ?? '', /6\.0 L burnt/);
  });
});

describe('level sensor: commands', () => {
  test('a Calibration Offset shows in Level Absolute at the next step and counts as a calibration', async () => {
    const quiet = { profile: 'fixed', noiseMm: 0, initialLevelPct: 50, calibrationIntervalDays: 1 };
    const run = await open([['t', quiet]]);
    run.clock.advance(DAY - 10 * SECOND);
    assert.equal(run.value('t.calibration-status'), 'OK');
    run.clock.advance(10 * SECOND);
    const status = run.series('t.calibration-status');
    assert.deepEqual([...status.entries()].at(-1), [T0 + DAY, 'REQUIRED'], 'due exactly after the interval');
    assert.equal(run.events.filter((e) => e.event.kind === 'calibration-due').length, 1);
    assert.equal(run.value('t.level-absolute'), 1.5);
    await run.write('t.calibration-offset', 50);
    const written = run.clock.now();
    run.clock.advance(SECOND);
    assert.equal(run.series('t.level-absolute').get(written + SECOND), 1.55);
    assert.equal(run.series('t.level').get(written + SECOND), 51.67);
    assert.equal(run.value('t.calibration-status'), 'OK', 'a calibration restarts the interval');
    assert.equal(run.events.filter((e) => e.event.kind === 'calibration').length, 1);
    await run.write('t.calibration-offset', -100);
    run.clock.advance(SECOND);
    assert.equal(run.value('t.level-absolute'), 1.4);
    await run.runtime.stop();
  });

  test('thresholds written take effect at the next step', async () => {
    const run = await open([['t', { profile: 'fixed', noiseMm: 0, initialLevelPct: 80 }]]);
    run.clock.advance(10 * SECOND);
    assert.equal(run.value('t.high-level-alarm'), false);
    await run.write('t.high-level-threshold', 80);
    run.clock.advance(SECOND);
    assert.equal(run.value('t.high-level-alarm'), true);
    assert.equal(run.value('t.sensor-status'), 'WARNING');
    await run.write('t.high-level-threshold', 82);
    run.clock.advance(SECOND);
    assert.equal(run.value('t.high-level-alarm'), true, 'still inside the 2 % band');
    await run.write('t.high-level-threshold', 82.5);
    run.clock.advance(SECOND);
    assert.equal(run.value('t.high-level-alarm'), false);
    await run.write('t.low-level-threshold', 30);
    run.clock.advance(SECOND);
    assert.equal(run.value('t.low-level-alarm'), false);
    await run.runtime.stop();
  });

  test('Reset Min/Max reports the min and max of Level since the last reset, then starts again', async () => {
    const run = await open([['s', SWING]]);
    run.clock.advance(2 * HOUR);
    await run.write('s.reset-min-max', 'RESET');
    run.clock.advance(SECOND);
    const firstReset = run.clock.now();
    run.clock.advance(3 * HOUR);
    await run.write('s.reset-min-max', 'RESET');
    run.clock.advance(SECOND);
    const secondReset = run.clock.now();
    await run.runtime.stop();
    const resets = run.events.filter((e) => e.event.kind === 'min-max-reset');
    assert.deepEqual(
      resets.map((e) => e.t),
      [firstReset, secondReset],
    );
    const levels = [...run.series('s.level')];
    const between = (from: number, to: number) =>
      levels.filter(([t]) => t >= from && t < to).map(([, v]) => v as number);
    const [min1, max1] = extremes(between(T0, firstReset));
    assert.deepEqual(resets[0]?.event.data, { min: min1, max: max1, since: new Date(T0).toISOString() });
    const [min2, max2] = extremes(between(firstReset, secondReset));
    assert.deepEqual(resets[1]?.event.data, {
      min: min2,
      max: max2,
      since: new Date(firstReset).toISOString(),
    });
    assert.ok(max2 > min2, 'the level moved between the resets');
  });
});

describe('level sensor: counters survive a restart', () => {
  test('Operating Hours, the tank contents, min/max and the calibration date carry on', async () => {
    const store = new MemoryStore();
    const params = { ...RAIN, calibrationIntervalDays: 0.125 }; // due 3 h after the first start
    const first = await open([['r', params]], { store });
    first.clock.advance(2 * HOUR + 30 * 60 * SECOND);
    const levelBefore = first.value('r.level') as number;
    await first.runtime.stop();
    const restart = T0 + 2.5 * HOUR;
    const second = await open([['r', params]], { store, start: restart });
    assert.equal(second.series('r.operating-hours').get(restart), 2);
    assert.ok(Math.abs((second.series('r.level').get(restart) as number) - levelBefore) < 0.5, 'same tank');
    second.clock.advance(2 * HOUR);
    await second.runtime.stop();
    const hours = [...second.series('r.operating-hours')];
    assert.deepEqual(hours.at(-1), [restart + 2 * HOUR, 4]);
    assert.ok(
      hours.every(([t, h]) => h === Math.floor((t - T0) / HOUR)),
      'one an hour since the first start',
    );
    const required = [...second.series('r.calibration-status')].find(([, v]) => v === 'REQUIRED');
    assert.equal(required?.[0], T0 + 3 * HOUR, 'the interval counts from the first start');
    const saved = await store.loadCounters();
    assert.ok((saved.get('r.operating-hours') as number) >= 4.5 - 1e-9, 'operating hours saved');
    assert.ok(
      saved.has('r.true-volume-l') && saved.has('r.level-min-pct') && saved.has('r.last-calibration-ms'),
      'tank, min/max and calibration saved',
    );
  });
});

describe('level sensor: faults', () => {
  test('sensor-failure: FAULT and a frozen level; communication: Communication Status FAULT; both clear', async () => {
    const run = await open([['s', SWING]]);
    run.clock.advance(HOUR);
    assert.equal(run.runtime.setFault('s', 'sensor-failure', true, 'test'), null);
    const from = run.clock.now();
    run.clock.advance(SECOND);
    assert.equal(run.value('s.sensor-status'), 'FAULT');
    run.clock.advance(HOUR);
    const frozen = [...run.series('s.level')].filter(([t]) => t > from).map(([, v]) => v);
    assert.equal(new Set(frozen).size, 1, 'the level holds its last reading');
    assert.equal(run.runtime.setFault('s', 'sensor-failure', false, 'test'), null);
    run.clock.advance(SECOND);
    assert.notEqual(run.value('s.sensor-status'), 'FAULT');
    assert.equal(run.value('s.communication-status'), 'OK');
    run.runtime.setFault('s', 'communication', true, 'test');
    run.clock.advance(SECOND);
    assert.equal(run.value('s.communication-status'), 'FAULT');
    run.runtime.setFault('s', 'communication', false, 'test');
    run.clock.advance(SECOND);
    assert.equal(run.value('s.communication-status'), 'OK');
    assert.match(run.runtime.setFault('s', 'stuck', true, 'test') ?? '', /no fault 'stuck'/);
    await run.runtime.stop();
  });

  test('random faults happen at their rate, drive the statuses, and are off with randomFaults: false', async () => {
    const noisy = { ...RAIN, randomFaultRatePerDay: 20 };
    const run = await open([
      ['on', noisy],
      ['off', { ...noisy, randomFaults: false }],
    ]);
    run.clock.advance(DAY);
    await run.runtime.stop();
    const random = run.events.filter((e) => e.event.kind === 'fault');
    assert.ok(random.length >= 10, `about 40 a day (${random.length})`);
    assert.ok(
      random.every((e) => e.device === 'on'),
      'no random fault with randomFaults: false',
    );
    const failures = random.filter((e) => (e.event.data as { fault: string }).fault === 'sensor-failure');
    for (const f of failures) assert.equal(at(run.series('on.sensor-status'), f.t), 'FAULT');
    assert.ok(
      [...run.series('off.sensor-status').values()].every((v) => v !== 'FAULT'),
      'off: no FAULT',
    );
    assert.ok(
      [...run.series('off.communication-status').values()].every((v) => v === 'OK'),
      'off: link OK',
    );
  });
});

describe('level sensor: reproducibility and parameters', () => {
  const record = async (seed: number) => {
    const run = await open(DEVICES, { seed });
    run.clock.advance(6 * HOUR);
    await run.runtime.stop();
    return JSON.stringify([...run.samples].map(([k, s]) => [k, [...s]]));
  };

  test('same seed, same samples; another seed, other samples', async () => {
    const a = await record(3);
    assert.equal(await record(3), a);
    assert.notEqual(await record(4), a);
  });

  test('bad parameters are refused with the device and parameter named', async () => {
    const refuse = async (params: Params, pattern: RegExp) =>
      assert.rejects(open([['tank-9', params]]), pattern);
    await refuse(
      { heightM: 25 },
      /device tank-9: parameter 'heightM' must be a number above 0 and at most 20/,
    );
    await refuse({ volumeL: 200_000 }, /'volumeL'/);
    await refuse({ shape: 'sphere' }, /'shape' must be one of vertical-cylinder, horizontal-cylinder/);
    await refuse({ profile: 'tidal' }, /'profile' must be one of rainwater, consumption, fixed/);
    await refuse({ usageStartHour: 20, usageEndHour: 7 }, /'usageEndHour' must be after usageStartHour/);
    await refuse({ heigthM: 3 }, /unknown parameter 'heigthM'/);
  });
});
