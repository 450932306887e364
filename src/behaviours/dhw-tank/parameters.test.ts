import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSite } from '../../../test/runtime/site-fixture.js';
import type { Device } from '../../site/model.js';
import { DEFAULT_WINDOWS, readParameters } from './parameters.js';
import { parseWindow } from './schedule.js';

const device = (parameters: Record<string, unknown> = {}) =>
  makeSite([['hot-water', 'dhw-tank', parameters]]).devices[0] as Device;

test('defaults are the spec figures', () => {
  const p = readParameters(device());
  assert.equal(p.volumeL, 300);
  assert.equal(p.heaterKw, 6);
  assert.equal(p.coldWaterC, 10);
  assert.equal(p.ambientC, 20);
  assert.equal(p.standbyLossKwhPerDay, 2);
  assert.equal(p.standbyLossDeltaK, 45);
  assert.equal(p.networkPressureBar, 3);
  assert.equal(p.hysteresisK, 5);
  assert.equal(p.legionellaTargetC, 65);
  assert.equal(p.legionellaMinC, 60);
  assert.equal(p.legionellaHoldMin, 30);
  assert.equal(p.legionellaIntervalDays, 7);
  assert.equal(p.reliefOpenBar, 7);
  assert.equal(p.reliefReseatBar, 6);
  assert.equal(p.highTempAlarmC, 80);
  assert.equal(p.lowTempAlarmC, 45);
  assert.equal(p.lowTempAlarmDelayMin, 15);
  assert.equal(p.expansionVesselL, 18);
  assert.deepEqual(
    p.scheduleWindows,
    DEFAULT_WINDOWS.map((w) => parseWindow(w)),
  );
});

test('given values are kept, and the vessel default follows the volume', () => {
  const p = readParameters(
    device({ volumeL: 1000, layers: 6, controlSensor: 'middle', scheduleWindows: ['01:00-05:00'] }),
  );
  assert.equal(p.volumeL, 1000);
  assert.equal(p.layers, 6);
  assert.equal(p.controlSensor, 'middle');
  assert.equal(p.expansionVesselL, 60);
  assert.deepEqual(p.scheduleWindows, [{ fromMin: 60, toMin: 300 }]);
});

test('a bad type or range is refused with the device and the parameter named', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [
      { volumeL: 6000 },
      /device 'hot-water': parameter volumeL must be a number from 30 to 5000 \(got 6000\)/,
    ],
    [{ volumeL: '300' }, /parameter volumeL must be a number/],
    [{ heaterKw: 51 }, /parameter heaterKw/],
    [{ layers: 2 }, /parameter layers must be a number from 3 to 50/],
    [{ layers: 4.5 }, /parameter layers must be a whole number/],
    [{ randomFaults: 'yes' }, /parameter randomFaults must be true or false/],
    [{ controlSensor: 'side' }, /parameter controlSensor must be one of top, middle, bottom/],
    [{ scheduleWindows: '22:00-06:00' }, /parameter scheduleWindows must be a list of HH:MM-HH:MM windows/],
    [{ scheduleWindows: ['22:00-26:00'] }, /parameter scheduleWindows/],
    [{ reliefReseatBar: 7.5 }, /reliefReseatBar must be below reliefOpenBar/],
    [{ legionellaMinC: 70 }, /legionellaMinC must not be above legionellaTargetC/],
    [{ drawFlowMinLpm: 20 }, /drawFlowMinLpm must not be above drawFlowMaxLpm/],
    [{ topSensorHeight: 0.4 }, /sensor heights must be top > middle > bottom/],
    [{ vesselPrechargeBar: 4 }, /parameter vesselPrechargeBar must be a number from 0.5 to 3/],
  ];
  for (const [given, message] of cases) assert.throws(() => readParameters(device(given)), message);
});
