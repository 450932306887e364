import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Battery } from './battery.js';
import { PIR_DEFAULTS, type PirParameters } from './parameters.js';

const P: PirParameters = { ...PIR_DEFAULTS, zone: 1 };

/** Charge left after `days` of reference use: 50 detections a day. */
function use(days: number, led: boolean): number {
  const battery = new Battery(P, 100);
  for (let d = 0; d < days; d++) {
    battery.drain(86_400);
    for (let i = 0; i < P.referenceDetectionsPerDay; i++) battery.detection(led);
  }
  return battery.charge;
}

test('the battery lasts batteryLifeYears at the reference use, LED off', () => {
  const days = P.batteryLifeYears * 365.25;
  assert.ok(Math.abs(use(Math.floor(days), false) - (100 * (days - Math.floor(days))) / days) < 1e-6);
  assert.ok(Math.abs(use(365, false) - (100 - 100 * (365 / days))) < 1e-6, 'linear over the years');
});

test('the LED shortens the life; the charge never goes below 0', () => {
  assert.ok(use(365, true) < use(365, false) - 1);
  const battery = new Battery(P, 0.0001);
  battery.drain(1e9);
  battery.detection(true);
  assert.equal(battery.charge, 0);
});
