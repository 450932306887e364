import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveProfile } from '../../points/load.js';
import type { Profile } from '../../points/model.js';
import { PROTOCOLS } from '../../protocols/registry.js';
import type { DeviceContext } from '../behaviour.js';
import { ARRIVAL_PROFILES } from './arrival-profile.js';
import { readParameters } from './parameters.js';

const profile = resolveProfile('ev-charger-level-2', PROTOCOLS)?.profile as Profile;

function ctx(parameters: Record<string, unknown>): DeviceContext {
  return {
    tz: 'Europe/Paris',
    device: {
      id: 'ev-9',
      name: 'EV 9',
      profileRef: profile.id,
      profile,
      parameters,
      source: { kind: 'sim' },
      numbers: { modbus: 1, bacnet: 1000 },
      faults: [],
    },
  };
}

describe('readParameters', () => {
  test('the demo site figures and the defaults', () => {
    const p = readParameters(ctx({ phases: 3, nominalVoltageV: 400, maxCurrentA: 32 }));
    assert.equal(p.phases, 3);
    assert.equal(p.nominalVoltageV, 400);
    assert.equal(p.maxCurrentA, 32);
    assert.equal(p.minCurrentA, 6);
    assert.equal(p.sessionEnergyKwh, 8);
    assert.equal(p.dwellMinH, 1);
    assert.equal(p.dwellMaxH, 9);
    assert.equal(p.thermalTimeConstantMin, 20);
    assert.deepEqual(p.arrivalProfile, [...ARRIVAL_PROFILES.office.weights]);
    assert.equal(p.weekendFactor, ARRIVAL_PROFILES.office.weekendFactor);
    assert.equal(p.randomFaults, true);
  });

  test('a single-phase charger defaults to 230 V', () => {
    assert.equal(readParameters(ctx({ phases: 1 })).nominalVoltageV, 230);
  });

  test('a named profile brings its weekend factor; 24 weights may be given instead', () => {
    assert.equal(readParameters(ctx({ arrivalProfile: 'retail' })).weekendFactor, 1.3);
    const weights = Array.from({ length: 24 }, (_, h) => (h === 9 ? 1 : 0));
    assert.deepEqual(readParameters(ctx({ arrivalProfile: weights })).arrivalProfile, weights);
  });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['phases 2', { phases: 2 }, /device ev-9: parameter 'phases' must be one of 1, 3 \(got 2\)/],
    ['a word for a number', { maxCurrentA: 'lots' }, /'maxCurrentA' must be a number from 6 to 32/],
    ['above the points list', { maxCurrentA: 40 }, /'maxCurrentA' must be a number from 6 to 32 \(got 40\)/],
    [
      'a voltage outside Output Voltage',
      { nominalVoltageV: 480 },
      /'nominalVoltageV' must be a number from 220 to 400/,
    ],
    [
      'an unknown name',
      { maxCurrent: 16 },
      /device ev-9: unknown parameter 'maxCurrent' \(known: .*maxCurrentA/,
    ],
    ['a failure rate above 1', { rfidFailureRate: 1.5 }, /'rfidFailureRate'/],
    ['a fractional attempt count', { rfidMaxAttempts: 2.5 }, /'rfidMaxAttempts' must be a whole number/],
    ['randomFaults as text', { randomFaults: 'no' }, /'randomFaults' must be true or false/],
    [
      'an unknown profile',
      { arrivalProfile: 'stadium' },
      /'arrivalProfile' must be one of office, retail, residential/,
    ],
    [
      '23 weights',
      { arrivalProfile: new Array(23).fill(1) },
      /'arrivalProfile' must be a list of 24 numbers/,
    ],
    [
      'all-zero weights',
      { arrivalProfile: new Array(24).fill(0) },
      /'arrivalProfile' must be a profile name or 24/,
    ],
    ['shares not matching', { vehicleShares: [1, 2, 3] }, /'vehicleShares' must be one share per entry/],
    ['dwell bounds reversed', { dwellMinH: 5, dwellMaxH: 2 }, /'dwellMinH' must be at most dwellMaxH/],
    ['a stay over 12 h', { dwellMaxH: 13 }, /'dwellMaxH' must be a number from 0.05 to 12/],
    [
      'min current above max',
      { maxCurrentA: 10, minCurrentA: 12 },
      /'minCurrentA' must be a number from 1 to 10/,
    ],
  ];
  for (const [name, given, message] of refused) {
    test(`refuses ${name}`, () => {
      assert.throws(() => readParameters(ctx(given)), message);
    });
  }

  test('shared parameters (defaults, alarms) are not refused', () => {
    assert.doesNotThrow(() => readParameters(ctx({ defaults: { 'charge-mode': 'NORMAL' }, alarms: {} })));
  });
});
