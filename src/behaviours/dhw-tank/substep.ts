// One substep of the tank: draws, heaters, losses and valve discharge move heat between the layers and the
// outside (each counted in the energy totals), inversions mix, then the pressure, the sensors and the
// controls (heaters, legionella cycle, alarms) are updated from the new temperatures.

import type { Rng } from '../../core/rng.js';
import { round } from '../shared/rounding.js';
import { updateAlarms } from './alarms.js';
import { type ControlContext, heaterLimitC, updateHeaters } from './control.js';
import { addHeat, drawOff, loseHeat, readSensor, removeInversions } from './layers.js';
import { advanceCycle } from './legionella.js';
import { inWindow } from './schedule.js';
import type { DhwState } from './state.js';
import { drawOver, maybeStartDraw, rateAt } from './tapping.js';
import { discharge, updatePressure } from './valve.js';

/** Loss decay factors for substeps of `h` seconds (recomputed only when h changes). */
function decayFor(s: DhwState, h: number): Float64Array {
  if (h !== s.decayForS) {
    const mc = s.layers.heatCapacity;
    for (let i = 0; i < s.decay.length; i++) s.decay[i] = Math.exp((-(s.k.ua[i] as number) * h) / mc);
    s.decayForS = h;
  }
  return s.decay;
}

function heat(s: DhwState, h: number, limitC: number): void {
  const { k, layers, heaters, energy, counters } = s;
  const p = k.p;
  let q = 0;
  s.control.primaryAtLimit = false;
  if (heaters.primaryRun) {
    // A stuck thermostat heats on until the safety cut-out's temperature.
    const cap = s.faults.thermostat ? p.safetyCutoutC : limitC;
    const wanted = p.heaterKw * 1000 * h;
    const added = addHeat(layers, k.primaryLayer, wanted, cap);
    s.control.primaryAtLimit = added < wanted;
    q += added;
    counters.primaryHours += h / 3600;
  }
  if (heaters.backupRun) {
    // Mix the primary's heat first, so that the backup's cut-out sees it.
    if (heaters.primaryRun) s.mixes += removeInversions(layers);
    q += addHeat(layers, k.backupLayer, p.backupKw * 1000 * h, limitC);
    counters.backupHours += h / 3600;
  }
  energy.heater += q;
  counters.heaterKwh += q / 3.6e6;
}

function readSensors(s: DhwState): void {
  const { k, layers, readings } = s;
  readings.top = round(readSensor(layers, k.sensors.top), 1);
  readings.middle = round(readSensor(layers, k.sensors.middle), 1);
  readings.bottom = round(readSensor(layers, k.sensors.bottom), 1);
  readings.control = round(readSensor(layers, k.control), 1);
  if (!s.faults.sensor) readings.controlFrozenC = Number.NaN;
  else if (Number.isNaN(readings.controlFrozenC)) readings.controlFrozenC = readings.control;
}

function coldest(s: DhwState): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.layers.t.length; i++) min = Math.min(min, s.layers.t[i] as number);
  return min;
}

function hottest(s: DhwState): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.layers.t.length; i++) max = Math.max(max, s.layers.t[i] as number);
  return max;
}

/** The controls' view of this substep, filled in place (no allocation per substep). */
function controlContext(
  s: DhwState,
  c: ControlContext,
  hourOfDay: number,
  setpointC: number,
): ControlContext {
  const { k, layers, commands } = s;
  c.heatingEnabled = commands.heatingEnabled;
  c.outsideSchedule = commands.scheduleOn && !inWindow(k.schedule, hourOfDay);
  c.setpointC = setpointC;
  c.legionella = s.legionella.active;
  c.faults = s.faults;
  c.controlC = s.readings.control;
  // Each heater's own thermostat reads its layer to 0.1 K, as the sensors do.
  c.primaryLayerC = round(layers.t[k.primaryLayer] as number, 1);
  c.backupLayerC = round(layers.t[k.backupLayer] as number, 1);
  c.hottestC = hottest(s);
  return c;
}

function updateLegionella(s: DhwState, h: number, now: number): void {
  const cycle = s.legionella;
  if (!cycle.active) return;
  const p = s.k.p;
  if (!s.commands.heatingEnabled || s.faults.sensor || s.heaters.cutoutTripped) {
    cycle.active = false;
    s.events.add('legionella-aborted', 'legionella-status', 'Legionella cycle aborted: heating stopped');
    return;
  }
  const result = advanceCycle(cycle, coldest(s), h, now, p);
  if (result === 'done') {
    s.events.add(
      'legionella-done',
      'legionella-status',
      `Legionella cycle complete: every layer ≥ ${p.legionellaMinC} °C for ${p.legionellaHoldMin} min`,
    );
  } else if (result === 'timeout') {
    s.events.add(
      'legionella-aborted',
      'legionella-status',
      `Legionella cycle aborted: not complete within ${p.legionellaTimeoutH} h`,
    );
  }
}

function updateTemperatureAlarms(s: DhwState, h: number): void {
  const { alarms, events } = s;
  const high = alarms.high;
  const low = alarms.low;
  updateAlarms(alarms, s.readings.top, h, s.k.p);
  if (alarms.high !== high) {
    events.add(
      alarms.high ? 'alarm' : 'alarm-cleared',
      'high-temperature-alarm',
      `High temperature ${alarms.high ? 'alarm' : 'cleared'}: top ${s.readings.top} °C`,
    );
  }
  if (alarms.low !== low) {
    events.add(
      alarms.low ? 'alarm' : 'alarm-cleared',
      'low-temperature-alarm',
      `Low temperature ${alarms.low ? 'alarm' : 'cleared'}: top ${s.readings.top} °C`,
    );
  }
}

/**
 * Advances the tank by `h` seconds (0: only the controls, as at the first step) ending at `now`, with the
 * effective setpoint `setpointC`. The heaters run as decided at the end of the previous substep.
 */
export function advance(s: DhwState, h: number, now: number, setpointC: number, rng: Rng): void {
  const { k, layers, energy, control: c } = s;
  const p = k.p;
  const hourOfDay = k.localTime.hourOfDay(now);
  let drawnL = 0;
  if (h > 0) {
    maybeStartDraw(s.taps, p, rateAt(k.drawRates, hourOfDay), h, rng);
    drawnL = drawOver(s.taps, h);
    energy.drawOff += drawOff(layers, drawnL, p.coldWaterC);
    heat(s, h, heaterLimitC(c, p));
    energy.losses += loseHeat(layers, decayFor(s, h), p.ambientC);
    discharge(s, h);
    s.mixes += removeInversions(layers);
    s.counters.anodeHours += h / 3600;
  }
  updatePressure(s, drawnL);
  readSensors(s);
  updateHeaters(s.heaters, controlContext(s, c, hourOfDay, setpointC), h, p, s.events);
  updateLegionella(s, h, now);
  updateTemperatureAlarms(s, h);
}
