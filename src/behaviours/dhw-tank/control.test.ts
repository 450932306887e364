import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeSite } from '../../../test/runtime/site-fixture.js';
import type { Device } from '../../site/model.js';
import { EventLog } from '../shared/event-log.js';
import { type TemperatureAlarms, updateAlarms } from './alarms.js';
import { anodeStatus } from './anode.js';
import { type ControlContext, type Heaters, updateHeaters } from './control.js';
import { noFaults } from './faults.js';
import {
  advanceCycle,
  autoCycleDue,
  type LegionellaCycle,
  legionellaStatus,
  startCycle,
} from './legionella.js';
import { readParameters } from './parameters.js';
import { idleHeaters } from './state.js';
import { effectiveSetpoint, thermostat } from './thermostat.js';

const params = (given: Record<string, unknown> = {}) =>
  readParameters(makeSite([['dhw', 'dhw-tank', given]]).devices[0] as Device);
const p = params();
const DAY = 86_400_000;

describe('thermostat and setpoint', () => {
  test('on below setpoint − hysteresis, off at the setpoint, unchanged in between', () => {
    assert.equal(thermostat(false, 55, 60, 5), false);
    assert.equal(thermostat(false, 54.9, 60, 5), true);
    assert.equal(thermostat(true, 59.9, 60, 5), true);
    assert.equal(thermostat(true, 60, 60, 5), false);
    assert.equal(thermostat(false, 57, 60, 5), false);
  });

  test('Eco Mode lowers the setpoint by 10 K, never below the 50 °C floor', () => {
    assert.equal(effectiveSetpoint(60, false, p), 60);
    assert.equal(effectiveSetpoint(60, true, p), 50);
    assert.equal(effectiveSetpoint(70, true, p), 60);
    assert.equal(effectiveSetpoint(55, true, p), 50);
    assert.equal(effectiveSetpoint(50, true, p), 50);
  });
});

describe('heaters', () => {
  const heaters = (): Heaters => idleHeaters();
  const context = (over: Partial<ControlContext> = {}): ControlContext => ({
    heatingEnabled: true,
    outsideSchedule: false,
    setpointC: 60,
    legionella: false,
    faults: noFaults(),
    controlC: 50,
    primaryLayerC: 50,
    backupLayerC: 50,
    hottestC: 55,
    primaryAtLimit: false,
    ...over,
  });

  test('the primary runs on its thermostat; the backup joins when the setpoint is late', () => {
    const hs = heaters();
    const events = new EventLog();
    updateHeaters(hs, context(), 10, p, events);
    assert.equal(hs.primaryRun, true);
    assert.equal(hs.backupRun, false);
    for (let t = 10; t < p.backupDelayMin * 60; t += 10) updateHeaters(hs, context(), 10, p, events);
    assert.equal(hs.backupRun, true, 'after the backup delay');
    assert.equal(events.take()[0]?.kind, 'backup');
    updateHeaters(hs, context({ controlC: 60, backupLayerC: 60 }), 10, p, events);
    assert.equal(hs.primaryRun || hs.backupRun, false);
    assert.equal(hs.callS, 0);
  });

  test('Heating Enable off, the schedule and a sensor failure stop the heaters', () => {
    for (const over of [
      { heatingEnabled: false },
      { outsideSchedule: true },
      { faults: { ...noFaults(), sensor: true } },
    ]) {
      const hs = heaters();
      updateHeaters(hs, context(over), 10, p, new EventLog());
      assert.equal(hs.primaryCall, true, 'the thermostat still calls');
      assert.equal(hs.primaryRun || hs.backupRun, false, JSON.stringify(over));
    }
  });

  test('a failed primary is replaced by the backup at once', () => {
    const hs = heaters();
    updateHeaters(hs, context({ faults: { ...noFaults(), heater: true } }), 10, p, new EventLog());
    assert.equal(hs.primaryRun, false);
    assert.equal(hs.backupRun, true);
  });

  test('a legionella cycle runs both heaters on their own layers, past the schedule', () => {
    const hs = heaters();
    updateHeaters(
      hs,
      context({ legionella: true, outsideSchedule: true, controlC: 61, primaryLayerC: 61, backupLayerC: 62 }),
      10,
      p,
      new EventLog(),
    );
    assert.equal(hs.primaryRun, true);
    assert.equal(hs.backupRun, true);
  });

  test('a stuck thermostat runs the primary regardless until the safety cut-out trips', () => {
    const hs = heaters();
    const events = new EventLog();
    const stuck = { ...noFaults(), thermostat: true };
    updateHeaters(hs, context({ heatingEnabled: false, controlC: 70, faults: stuck }), 10, p, events);
    assert.equal(hs.primaryRun, true);
    updateHeaters(hs, context({ controlC: 90, hottestC: 90, faults: stuck }), 10, p, events);
    assert.equal(hs.cutoutTripped, true);
    assert.equal(hs.primaryRun || hs.backupRun, false);
    updateHeaters(hs, context({ controlC: 50 }), 10, p, events);
    assert.equal(hs.cutoutTripped, false, 'reset once repaired');
    assert.deepEqual(
      events.take().map((e) => e.kind),
      ['cutout', 'cutout-reset'],
    );
  });
});

describe('legionella cycle', () => {
  const cycle = (lastDoneMs: number): LegionellaCycle => ({
    active: false,
    startedAt: 0,
    holdS: 0,
    lastDoneMs,
  });

  test('IN_PROGRESS, held 30 min with every layer hot, then OK; REQUIRED after 7 days', () => {
    const c = cycle(0);
    assert.equal(legionellaStatus(c, 7 * DAY - 1, p), 'OK');
    assert.equal(legionellaStatus(c, 7 * DAY, p), 'REQUIRED');
    startCycle(c, 7 * DAY);
    assert.equal(legionellaStatus(c, 7 * DAY, p), 'IN_PROGRESS');
    let t = 7 * DAY;
    /** Advances the cycle by one 10 s substep with the coldest layer at `coldestC`. */
    const tick = (coldestC: number) => {
      t += 10_000;
      return advanceCycle(c, coldestC, 10, t, p);
    };
    assert.equal(tick(59.9), 'running');
    for (let i = 0; i < 179; i++) assert.equal(tick(60), 'running');
    assert.equal(tick(59), 'running', 'a cold layer restarts the hold');
    for (let i = 0; i < 179; i++) tick(62);
    assert.equal(tick(62), 'done');
    assert.equal(c.lastDoneMs, t);
    assert.equal(legionellaStatus(c, t, p), 'OK');
  });

  test('a cycle that cannot finish in time is aborted', () => {
    const c = cycle(0);
    startCycle(c, 0);
    assert.equal(advanceCycle(c, 50, 10, p.legionellaTimeoutH * 3_600_000, p), 'timeout');
    assert.equal(c.active, false);
    assert.equal(c.lastDoneMs, 0);
  });

  test('the automatic cycle starts at its hour, when the top of that hour is a day or less before due', () => {
    const auto = params({ legionellaAuto: true });
    const half = 30 * 60_000;
    assert.equal(autoCycleDue(cycle(0), 6 * DAY + half, 2.5, auto), true);
    assert.equal(autoCycleDue(cycle(0), 6 * DAY + half, 3.5, auto), false, 'another hour');
    assert.equal(autoCycleDue(cycle(0), 6 * DAY - half, 2.5, auto), false, 'the hour began too early');
    assert.equal(autoCycleDue(cycle(0), 6 * DAY + half, 2.5, p), false, 'off by default');
  });
});

describe('alarms and anode', () => {
  test('high above 80 °C, cleared below 75 °C', () => {
    const a: TemperatureAlarms = { high: false, low: false, lowForS: 0 };
    for (const [top, expected] of [
      [80, false],
      [80.1, true],
      [75, true],
      [74.9, false],
      [80, false],
    ] as const) {
      updateAlarms(a, top, 10, p);
      assert.equal(a.high, expected, `${top}`);
    }
  });

  test('low once the top has stayed under 45 °C for 15 min, cleared at 47 °C', () => {
    const a: TemperatureAlarms = { high: false, low: false, lowForS: 0 };
    for (let i = 0; i < 89; i++) updateAlarms(a, 44.9, 10, p);
    assert.equal(a.low, false);
    updateAlarms(a, 45, 10, p);
    assert.equal(a.lowForS, 0, 'a break restarts the delay');
    for (let i = 0; i < 89; i++) updateAlarms(a, 44.9, 10, p);
    assert.equal(a.low, false);
    updateAlarms(a, 44.9, 10, p);
    assert.equal(a.low, true, 'after 900 s');
    updateAlarms(a, 46.9, 10, p);
    assert.equal(a.low, true);
    updateAlarms(a, 47, 10, p);
    assert.equal(a.low, false);
  });

  test('anode OK, WORN at 80 % of its life, REPLACE at the end', () => {
    assert.equal(anodeStatus(0, p), 'OK');
    assert.equal(anodeStatus(27_999, p), 'OK');
    assert.equal(anodeStatus(28_000, p), 'WORN');
    assert.equal(anodeStatus(35_000, p), 'REPLACE');
  });
});
