import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { advanceRandomFaults, initRandomFaults, type RandomFaultFigures } from './random-faults.js';

const DAY = 86_400_000;
const figures: RandomFaultFigures = {
  enabled: true,
  groundFaultsPerDay: 0.5,
  groundFaultResetMin: 120,
  offlinePerDay: 2,
  offlineMeanMin: 10,
};

test('faults start at their rates and last as configured', () => {
  const rng = createRng('faults');
  const r = initRandomFaults(figures, 0, rng);
  let grounds = 0;
  let offlines = 0;
  let offlineMs = 0;
  let wasGround = false;
  let wasOffline = false;
  for (let t = 0; t < 400 * DAY; t += 60_000) {
    advanceRandomFaults(r, figures, t, rng);
    const ground = t < r.groundUntil;
    const offline = t < r.offlineUntil;
    if (ground && !wasGround) grounds++;
    if (offline && !wasOffline) offlines++;
    if (offline) offlineMs += 60_000;
    wasGround = ground;
    wasOffline = offline;
  }
  assert.ok(Math.abs(grounds - 200) < 45, `${grounds} ground faults in 400 days`);
  assert.ok(Math.abs(offlines - 800) < 90, `${offlines} link losses in 400 days`);
  assert.ok(Math.abs(offlineMs / offlines / 60_000 - 10) < 1.5, 'mean link loss about 10 min');
});

test('nothing happens when random faults are off', () => {
  const r = initRandomFaults({ ...figures, enabled: false }, 0, createRng('x'));
  advanceRandomFaults(r, { ...figures, enabled: false }, 1000 * DAY, createRng('x'));
  assert.equal(r.groundUntil, 0);
  assert.equal(r.offlineUntil, 0);
});
