import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { EventLog } from './event-log.js';
import { RandomFaults } from './random-faults.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SPECS = [
  { name: 'sensor-failure', minMs: 10 * MINUTE, maxMs: 120 * MINUTE },
  { name: 'communication', minMs: MINUTE, maxMs: 30 * MINUTE },
] as const;

test('faults start at their rate, last within their range and are logged at both ends', () => {
  const rng = createRng('random-faults');
  const log = new EventLog();
  const faults = new RandomFaults(SPECS, 0.5, true, rng, 0);
  const started = [0, 0];
  const startedAt = [0, 0];
  const was = [false, false];
  for (let t = 0; t < 400 * DAY; t += MINUTE) {
    faults.advance(t, rng, log, 'sensor-status');
    for (let i = 0; i < SPECS.length; i++) {
      const active = faults.active(i);
      if (active && !was[i]) {
        started[i] = (started[i] as number) + 1;
        startedAt[i] = t;
      }
      if (!active && was[i]) {
        const lasted = t - (startedAt[i] as number);
        const spec = SPECS[i] as (typeof SPECS)[number];
        assert.ok(lasted >= spec.minMs && lasted <= spec.maxMs + MINUTE, `${spec.name} lasted ${lasted} ms`);
      }
      was[i] = active;
    }
  }
  // 0.5 a day per fault name, less the few drawn while that fault was already on.
  for (const n of started) assert.ok(Math.abs(n - 200) < 45, `${n} faults in 400 days`);
  const events = log.take();
  const starts = events.filter((e) => e.kind === 'fault');
  const ends = events.filter((e) => e.kind === 'fault-cleared');
  assert.equal(starts.length, (started[0] as number) + (started[1] as number));
  assert.ok(ends.length >= starts.length - 2);
  assert.match(starts[0]?.message ?? '', /^(sensor-failure|communication) \(random, \d+ min\)$/);
  assert.match(ends[0]?.message ?? '', /^(sensor-failure|communication) cleared by itself$/);
  assert.equal(starts[0]?.point, 'sensor-status');
  assert.equal(starts[0]?.data?.random, true);
});

test('nothing happens, and nothing is drawn, when random faults are off', () => {
  const rng = createRng('off');
  const reference = createRng('off');
  const log = new EventLog();
  const faults = new RandomFaults(SPECS, 0.5, false, rng, 0);
  for (let t = 0; t < 100 * DAY; t += 3_600_000) faults.advance(t, rng, log, null);
  assert.equal(faults.active(0) || faults.active(1), false);
  assert.equal(log.take().length, 0);
  assert.equal(rng.next(), reference.next(), 'the device stream is untouched');
});
