import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSite } from '../../../test/runtime/site-fixture.js';
import { createRng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import type { DeviceContext, StepInputs } from '../behaviour.js';
import { dhwTankBehaviour } from './behaviour.js';
import { storedJoules } from './layers.js';

const T0 = Date.UTC(2026, 0, 5);

function context(parameters: Record<string, unknown> = {}): DeviceContext {
  const site = makeSite([['dhw', 'dhw-tank', { randomFaults: false, ...parameters }]]);
  return { device: site.devices[0] as DeviceContext['device'], tz: site.site.tz };
}

function inputs(now: number, commands: Record<string, Value> = {}): StepInputs {
  return {
    now,
    commands: {
      'temperature-setpoint': 60,
      'heating-enable': true,
      'eco-mode': false,
      'schedule-enable': false,
      ...commands,
    },
    actions: [],
    faults: new Set(),
    signals: new Map(),
    env: {},
    results: [],
  };
}

const point = (ctx: DeviceContext, id: string) => ctx.device.profile.points.find((p) => p.id === id) as Point;

test('the first step (dt 0) publishes every sensor and status point of a warm, stratified tank', () => {
  const ctx = context();
  const state = dhwTankBehaviour.init(ctx, createRng('a'), T0, {});
  const { outputs } = dhwTankBehaviour.step(ctx, state, inputs(T0), 0, createRng('a'));
  for (const p of ctx.device.profile.points.filter((x) => x.kind !== 'command')) {
    assert.notEqual(outputs[p.id], undefined, p.id);
  }
  assert.equal(outputs.volume, 300);
  assert.equal(outputs['tank-status'], 'STANDBY');
  assert.ok((outputs['tank-top-temperature'] as number) > (outputs['tank-bottom-temperature'] as number));
  assert.ok((outputs['tank-bottom-temperature'] as number) >= 55);
  assert.equal(outputs['legionella-status'], 'OK');
  assert.equal(outputs['tank-pressure'], 3, 'at network pressure, as after a draw');
});

test('long steps are split into stable substeps that keep the energy balance exact', () => {
  for (const dtS of [10, 60, 900, 3600]) {
    const ctx = context({ tappingDailyL: 400 });
    const rng = createRng('b');
    const state = dhwTankBehaviour.init(ctx, rng, T0, {});
    const e0 = storedJoules(state.layers, 10);
    for (let t = dtS; t <= 2 * 86_400; t += dtS) {
      dhwTankBehaviour.step(ctx, state, inputs(T0 + t * 1000), dtS, rng);
      for (const x of state.layers.t) assert.ok(x >= 9.999 && x <= 60.001, `${dtS} s: ${x}`);
    }
    const { heater, drawOff, losses, discharge } = state.energy;
    const residual = heater - drawOff - losses - discharge - (storedJoules(state.layers, 10) - e0);
    assert.ok(Math.abs(residual) < 1e-6 * heater, `${dtS} s: ${residual} J`);
    assert.ok(drawOff > 0 && heater > 0);
  }
});

test('Schedule Enable rests off unless the site file sets its default; other commands use the shared rule', () => {
  const ctx = context();
  assert.equal(dhwTankBehaviour.relinquishDefault(ctx, point(ctx, 'schedule-enable')), false);
  assert.equal(dhwTankBehaviour.relinquishDefault(ctx, point(ctx, 'heating-enable')), true);
  assert.equal(dhwTankBehaviour.relinquishDefault(ctx, point(ctx, 'temperature-setpoint')), 60);
  const configured = context({ defaults: { 'schedule-enable': true } });
  assert.equal(dhwTankBehaviour.relinquishDefault(configured, point(configured, 'schedule-enable')), true);
});

test('counters are restored at init', () => {
  const ctx = context();
  const saved = {
    'anode-hours': 29_000,
    'last-legionella-cycle': T0 - 8 * 86_400_000,
    'primary-heater-hours': 12,
    'backup-heater-hours': 3,
    'heater-energy-kwh': 70,
  };
  const state = dhwTankBehaviour.init(ctx, createRng('c'), T0, saved);
  assert.deepEqual(dhwTankBehaviour.counters(state), saved);
  const { outputs } = dhwTankBehaviour.step(ctx, state, inputs(T0), 0, createRng('c'));
  assert.equal(outputs['anode-status'], 'WORN');
  assert.equal(outputs['legionella-status'], 'REQUIRED');
});

test('a bad parameter stops the device at init with a clear message', () => {
  assert.throws(
    () => dhwTankBehaviour.init(context({ heaterKw: -1 }), createRng('d'), T0, {}),
    /device 'dhw': parameter heaterKw must be a number from 0.5 to 50/,
  );
  assert.throws(
    () =>
      dhwTankBehaviour.init(
        context({ controlSensor: 'bottom', primaryHeaterHeight: 0.5 }),
        createRng('d'),
        T0,
        {},
      ),
    /bottom sensor \(controlSensor\) must not be below the primary heater/,
  );
});
