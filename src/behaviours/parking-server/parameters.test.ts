import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Device } from '../../site/model.js';
import { readParameters } from './parameters.js';

const device = (parameters: Record<string, unknown>) => ({ id: 'ps', parameters }) as unknown as Device;

test('the demo site parameters are read with defaults for the rest', () => {
  const p = readParameters(device({ capacity: 420, occupancyProfile: 'office', evPowerLimitKw: 44 }));
  assert.equal(p.capacity, 420);
  assert.equal(p.occupancyProfile, 'office');
  assert.equal(p.evPowerLimitKw, 44);
  assert.equal(p.tariff, 'standard');
  assert.equal(p.evPlugInShare, 8);
  assert.equal(p.licenseExpires, null);
  assert.equal(p.randomFaults, true);
});

test('bad parameters throw an error naming the device and the parameter', () => {
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ capacity: 0 }, /device ps: parameter 'capacity' must be at least 1/],
    [{ capacity: 12.5 }, /'capacity' must be a whole number/],
    [{ capacity: '420' }, /'capacity' must be a number, not "420"/],
    [
      { occupancyProfile: 'stadium' },
      /'occupancyProfile' names no profile: 'stadium' \(profiles: office, retail, residential\)/,
    ],
    [{ tariff: 'gold' }, /'tariff' names no tariff: 'gold' \(tariffs: standard, reduced, event\)/],
    [{ evPlugInShare: 150 }, /'evPlugInShare' must be at least 0 and at most 100/],
    [{ licenseExpires: 'soon' }, /'licenseExpires' must be an ISO date/],
    [{ randomFaults: 'no' }, /'randomFaults' must be true or false/],
    [{ defaultPhases: 2 }, /'defaultPhases' must be 1 or 3/],
    [{ measurementFallbacks: { cpu: 3 } }, /'measurementFallbacks.cpu' is not a measurement/],
    [
      { securityAlertClearMin: 30 },
      /'securityAlertClearMin' is no longer used: .* until its alarm is acknowledged/,
    ],
  ];
  for (const [params, message] of bad) assert.throws(() => readParameters(device(params)), message);
});

test('a licence date read by YAML as a Date is accepted', () => {
  const p = readParameters(device({ licenseExpires: new Date('2027-06-30') }));
  assert.equal(p.licenseExpires, '2027-06-30');
});
