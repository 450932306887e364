// What a DHW tank keeps between steps: per-device constants worked out once at init, the water column, the
// controls, the counters that survive restarts, and running energy totals (for the energy balance).

import type { Value } from '../../core/value.js';
import { LocalTime } from '../../util/local-time.js';
import type { DeviceContext } from '../behaviour.js';
import { relinquishDefault } from '../defaults.js';
import { EventLog } from '../shared/event-log.js';
import type { TemperatureAlarms } from './alarms.js';
import type { AnodeStatus } from './anode.js';
import type { ControlContext, Heaters } from './control.js';
import { FAULTS, type FaultFlags, noFaults } from './faults.js';
import {
  createLayers,
  type Layers,
  layerAt,
  layerUa,
  meanTemperature,
  type SensorTap,
  sensorTap,
  WATER_C,
} from './layers.js';
import type { LegionellaCycle, LegionellaStatus } from './legionella.js';
import { type DhwParameters, readParameters, type SensorName } from './parameters.js';
import { expansionL, type Vessel, vessel, waterDensity } from './pressure.js';
import { minuteTable } from './schedule.js';
import { createTaps, drawRates, MAX_TAPS, type Taps } from './tapping.js';
import { effectiveSetpoint } from './thermostat.js';

/** Longest substep of the explicit integration, s. */
const MAX_SUBSTEP_S = 10;
/** Largest temperature rise a heater may give its layer in one substep, K. */
const MAX_HEAT_STEP_K = 5;

/** Names of the counters kept across restarts. */
export const COUNTERS = {
  anodeHours: 'anode-hours',
  lastLegionella: 'last-legionella-cycle',
  primaryHours: 'primary-heater-hours',
  backupHours: 'backup-heater-hours',
  heaterKwh: 'heater-energy-kwh',
} as const;

export interface DhwConstants {
  p: DhwParameters;
  /** Heat-loss coefficient of each layer, W/K: the shell's share, plus the recirculation loop on the top. */
  ua: Float64Array;
  sensors: Record<SensorName, SensorTap>;
  control: SensorTap;
  primaryLayer: number;
  backupLayer: number;
  /** Schedule windows by minute of the local day. */
  schedule: Uint8Array;
  /** Draw starts per second by minute of the local day. */
  drawRates: Float64Array;
  vessel: Vessel;
  /** Density of the cold water the tank was filled with, kg/m³. */
  fillDensity: number;
  maxSubstepS: number;
  localTime: LocalTime;
}

/** Energy moved since init, J (heat relative to cold water for the flows of water). */
export interface EnergyTotals {
  heater: number;
  drawOff: number;
  losses: number;
  discharge: number;
}

export interface DhwState {
  k: DhwConstants;
  layers: Layers;
  taps: Taps;
  heaters: Heaters;
  /** What the controls see, refreshed in place at each substep. */
  control: ControlContext;
  legionella: LegionellaCycle;
  valve: { open: boolean; releasedL: number; pressureBar: number };
  alarms: TemperatureAlarms;
  faults: FaultFlags;
  /** End of each random fault (epoch ms, 0 when none), in FAULTS order. */
  randomUntil: Float64Array;
  /** Rounded sensor readings, °C; `controlFrozenC` holds the failed control sensor's last reading. */
  readings: { top: number; middle: number; bottom: number; control: number; controlFrozenC: number };
  /** Command values in force. */
  commands: { setpointC: number; heatingEnabled: boolean; eco: boolean; scheduleOn: boolean };
  counters: { anodeHours: number; primaryHours: number; backupHours: number; heaterKwh: number };
  energy: EnergyTotals;
  /** Inversion merges in the last step (0: no layer mixed). */
  mixes: number;
  /** Last published words, to log their changes. */
  last: { tank: string; legionella: LegionellaStatus; anode: AnodeStatus };
  /** Cached loss decay factors for substeps of `decayForS` seconds. */
  decay: Float64Array;
  decayForS: number;
  events: EventLog;
  outputs: Record<string, Value>;
}

function sensorHeight(p: DhwParameters, name: SensorName): number {
  return name === 'top' ? p.topSensorHeight : name === 'middle' ? p.middleSensorHeight : p.bottomSensorHeight;
}

function constants(ctx: DeviceContext, p: DhwParameters): DhwConstants {
  const n = p.layers;
  const ua = layerUa(n, (p.standbyLossKwhPerDay * 1000) / 24 / p.standbyLossDeltaK, p.heightToDiameter);
  // The loop takes ṁ·c·(supply drop + loop loss) at the design difference: a UA on the top layer.
  ua[n - 1] =
    (ua[n - 1] as number) +
    ((p.loopFlowLpm / 60) * WATER_C * (p.supplyDropK + p.loopLossK)) / p.loopDesignDeltaK;
  const mass = p.volumeL / n;
  const maxFlowLps = (MAX_TAPS * p.drawFlowMaxLpm + p.reliefFlowLpm + p.valveLeakLpm) / 60;
  const maxPowerW = Math.max(p.heaterKw, p.backupKw) * 1000;
  const sensors = {
    top: sensorTap(n, p.topSensorHeight),
    middle: sensorTap(n, p.middleSensorHeight),
    bottom: sensorTap(n, p.bottomSensorHeight),
  };
  return {
    p,
    ua,
    sensors,
    control: sensors[p.controlSensor],
    primaryLayer: layerAt(n, p.primaryHeaterHeight),
    backupLayer: layerAt(n, p.backupHeaterHeight),
    schedule: minuteTable(p.scheduleWindows),
    drawRates: drawRates(p),
    vessel: vessel(p.expansionVesselL, p.vesselPrechargeBar, p.networkPressureBar),
    fillDensity: waterDensity(p.coldWaterC),
    maxSubstepS: Math.min(
      MAX_SUBSTEP_S,
      (0.5 * mass) / maxFlowLps,
      (MAX_HEAT_STEP_K * mass * WATER_C) / maxPowerW,
    ),
    localTime: new LocalTime(ctx.tz),
  };
}

/** A bool command's level-17 value for this device, or `fallback` when the profile lacks the point. */
function defaultCommand(ctx: DeviceContext, id: string, fallback: Value): Value {
  const point = ctx.device.profile.points.find((x) => x.id === id);
  return point ? relinquishDefault(ctx, point) : fallback;
}

/**
 * A warm, stratified tank: the top at the effective setpoint of the default commands, cooling by 4 K
 * towards the bottom, just above the thermostat's cut-in.
 */
export function createState(ctx: DeviceContext, now: number, saved: Record<string, number>): DhwState {
  const p = readParameters(ctx.device);
  if (sensorHeight(p, p.controlSensor) < p.primaryHeaterHeight) {
    throw new Error(
      `device '${ctx.device.id}': the ${p.controlSensor} sensor (controlSensor) must not be below the primary heater`,
    );
  }
  const k = constants(ctx, p);
  const layers = createLayers(p.volumeL, p.layers);
  const setpointC = Number(defaultCommand(ctx, 'temperature-setpoint', 60));
  const eco = defaultCommand(ctx, 'eco-mode', false) === true;
  const start = effectiveSetpoint(setpointC, eco, p);
  for (let i = 0; i < p.layers; i++) layers.t[i] = start - 4 * (1 - (i + 0.5) / p.layers);
  const faults = noFaults();
  const outputs: Record<string, Value> = {};
  for (const point of ctx.device.profile.points) if (point.kind !== 'command') outputs[point.id] = 0;
  return {
    k,
    layers,
    taps: createTaps(),
    heaters: idleHeaters(),
    control: {
      heatingEnabled: true,
      outsideSchedule: false,
      setpointC: start,
      legionella: false,
      faults,
      controlC: start,
      primaryLayerC: start,
      backupLayerC: start,
      hottestC: start,
      primaryAtLimit: false,
    },
    legionella: { active: false, startedAt: 0, holdS: 0, lastDoneMs: saved[COUNTERS.lastLegionella] ?? now },
    // At network pressure, as after a draw: what expansion there is has gone back to the network.
    valve: {
      open: false,
      releasedL: Math.max(0, expansionL(p.volumeL, k.fillDensity, meanTemperature(layers))),
      pressureBar: p.networkPressureBar,
    },
    alarms: { high: false, low: false, lowForS: 0 },
    faults,
    randomUntil: new Float64Array(FAULTS.length),
    readings: { top: start, middle: start, bottom: start, control: start, controlFrozenC: Number.NaN },
    commands: { setpointC, heatingEnabled: true, eco, scheduleOn: false },
    counters: {
      anodeHours: saved[COUNTERS.anodeHours] ?? p.anodeInitialHours,
      primaryHours: saved[COUNTERS.primaryHours] ?? 0,
      backupHours: saved[COUNTERS.backupHours] ?? 0,
      heaterKwh: saved[COUNTERS.heaterKwh] ?? 0,
    },
    energy: { heater: 0, drawOff: 0, losses: 0, discharge: 0 },
    mixes: 0,
    last: { tank: '', legionella: 'OK', anode: 'OK' },
    decay: new Float64Array(p.layers),
    decayForS: -1,
    events: new EventLog(),
    outputs,
  };
}

/** Heaters at rest: nothing called, nothing running, no cut-out. */
export function idleHeaters(): Heaters {
  return {
    primaryCall: false,
    backupCall: false,
    primaryRun: false,
    backupRun: false,
    callS: 0,
    backupEngaged: false,
    cutoutTripped: false,
  };
}
