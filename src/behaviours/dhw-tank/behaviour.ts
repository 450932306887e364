// The DHW tank (domestic hot water cylinder) behaviour: a stratified water column heated by a primary and a
// backup heater under thermostat, schedule, eco and legionella control, drawn from by a daily tapping profile,
// losing heat to the room and the recirculation loop, with expansion pressure and a safety valve.
// docs/behaviour.md describes the model, its parameters and its faults.

import type { Value } from '../../core/value.js';
import type { Behaviour, StepInputs, StepResult } from '../behaviour.js';
import { relinquishDefault } from '../defaults.js';
import { FAULTS, randomFaults, readFaults } from './faults.js';
import { autoCycleDue, startCycle } from './legionella.js';
import { writeOutputs } from './outputs.js';
import { COUNTERS, createState, type DhwState } from './state.js';
import { advance } from './substep.js';
import { effectiveSetpoint } from './thermostat.js';

/** Commands in force this step (a point missing from the profile keeps its last value). */
function readCommands(s: DhwState, commands: Record<string, Value>): void {
  const c = s.commands;
  const sp = commands['temperature-setpoint'];
  if (typeof sp === 'number') c.setpointC = sp;
  const enable = commands['heating-enable'];
  if (typeof enable === 'boolean') c.heatingEnabled = enable;
  const eco = commands['eco-mode'];
  if (typeof eco === 'boolean') c.eco = eco;
  const schedule = commands['schedule-enable'];
  if (typeof schedule === 'boolean') c.scheduleOn = schedule;
}

/** Why a legionella cycle cannot start now, or null. */
function cycleRefusal(s: DhwState): string | null {
  if (s.legionella.active) return 'a cycle is already in progress';
  if (!s.commands.heatingEnabled || s.faults.sensor || s.heaters.cutoutTripped)
    return 'refused: heating is stopped';
  return null;
}

function startLegionella(s: DhwState, now: number, how: string): void {
  startCycle(s.legionella, now);
  s.events.add('legionella-start', 'legionella-status', `Legionella cycle started (${how})`);
}

export const dhwTankBehaviour: Behaviour<DhwState> = {
  name: 'dhw-tank',
  faults: FAULTS,

  init(ctx, _rng, now, counters) {
    return createState(ctx, now, counters);
  },

  step(_ctx, s: DhwState, inputs: StepInputs, dt: number, rng): StepResult<DhwState> {
    const { k } = s;
    const p = k.p;
    const now = inputs.now;
    readCommands(s, inputs.commands);
    if (dt > 0) randomFaults(s.randomUntil, p, now, dt, rng, s.events);
    readFaults(s.faults, inputs.faults, s.randomUntil);
    for (const action of inputs.actions) {
      if (action !== 'legionella-cycle') continue;
      const refusal = cycleRefusal(s);
      s.events.add('action', action, `Legionella Cycle (TRIGGER) ran: ${refusal ?? 'cycle started'}`);
      if (refusal === null) startLegionella(s, now, 'TRIGGER');
    }
    const hour = k.localTime.hourOfDay(now);
    if (autoCycleDue(s.legionella, now, hour, p) && cycleRefusal(s) === null)
      startLegionella(s, now, 'automatic');
    const setpointC = effectiveSetpoint(s.commands.setpointC, s.commands.eco, p);
    s.mixes = 0;
    const n = dt > 0 ? Math.ceil(dt / k.maxSubstepS - 1e-9) : 0;
    if (n === 0) advance(s, 0, now, setpointC, rng);
    const h = n > 0 ? dt / n : 0;
    for (let i = 0; i < n; i++) advance(s, h, now - (n - 1 - i) * h * 1000, setpointC, rng);
    writeOutputs(s, now);
    return { state: s, outputs: s.outputs, events: s.events.take() };
  },

  /** Schedule Enable rests off (heat whenever needed) unless the site file says otherwise. */
  relinquishDefault(ctx, point) {
    const defaults = ctx.device.parameters.defaults;
    const configured = defaults && typeof defaults === 'object' && point.id in defaults;
    if (point.id === 'schedule-enable' && !configured) return false;
    return relinquishDefault(ctx, point);
  },

  counters(s) {
    return {
      [COUNTERS.anodeHours]: s.counters.anodeHours,
      [COUNTERS.lastLegionella]: s.legionella.lastDoneMs,
      [COUNTERS.primaryHours]: s.counters.primaryHours,
      [COUNTERS.backupHours]: s.counters.backupHours,
      [COUNTERS.heaterKwh]: s.counters.heaterKwh,
    };
  },

  onDemand(_ctx, s, point) {
    return s.outputs[point.id] ?? 0;
  },
};
