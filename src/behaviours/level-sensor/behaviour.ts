// The Level Sensor (behaviour.md, "Level Sensor"): a tank filled and emptied by its flow profile, measured by
// a level transmitter. Level Absolute = true level + Calibration Offset + noise (clamped to the tank height);
// Level % = h/H·100; Volume from the tank's shape; Level Rate of Change = least-squares slope of Level over
// the last 5 minutes; high and low alarms with a 2 % hysteresis; min/max of Level since the last reset;
// Operating Hours, calibration due date and the tank's contents survive restarts.

import type { Rng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import type { Behaviour, DeviceContext, StepInputs, StepResult } from '../behaviour.js';
import { relinquishDefault } from '../defaults.js';
import { ambientC } from '../shared/ambient.js';
import { round } from '../shared/rounding.js';
import { advanceFlows } from './flows.js';
import { highLevelAlarm, lowLevelAlarm } from './level-alarms.js';
import { COUNTER, initialState, type LevelSensorState } from './state.js';
import { filledFraction, levelForFraction } from './tank-geometry.js';

const DAY = 86_400_000;
const TEMPERATURE_EVERY_MS = 60_000;

/** Defaults of the threshold and offset commands when a step gets no value (the runtime always gives one). */
const HIGH_THRESHOLD_PCT = 85;
const LOW_THRESHOLD_PCT = 15;

const numberOr = (v: Value | undefined, fallback: number) => (typeof v === 'number' ? v : fallback);

/** What the transmitter reads: true level + offset + noise, clamped to its span, and what follows from it. */
function measure(s: LevelSensorState, offsetMm: number, rng: Rng): void {
  const { p } = s;
  const noise = p.noiseMm > 0 ? p.noiseMm * rng.gaussian() : 0;
  const h = s.trueX * p.heightM + (offsetMm + noise) / 1000;
  s.levelM = round(h <= 0 ? 0 : h >= p.heightM ? p.heightM : h, 3);
  s.levelPct = round((100 * s.levelM) / p.heightM, 2);
  s.volumeL = round(p.volumeL * filledFraction(p.shape, s.levelM / p.heightM), 1);
}

function updateAlarms(s: LevelSensorState, inputs: StepInputs): void {
  const band = s.p.alarmHysteresisPct;
  const high = numberOr(inputs.commands['high-level-threshold'], HIGH_THRESHOLD_PCT);
  const low = numberOr(inputs.commands['low-level-threshold'], LOW_THRESHOLD_PCT);
  const highNow = highLevelAlarm(s.highAlarm, s.levelPct, high, band);
  if (highNow !== s.highAlarm) {
    s.highAlarm = highNow;
    s.log.add(
      highNow ? 'alarm' : 'alarm-cleared',
      'high-level-alarm',
      highNow
        ? `High level: ${s.levelPct} % ≥ ${high} %`
        : `High level cleared: ${s.levelPct} % < ${high - band} %`,
    );
  }
  const lowNow = lowLevelAlarm(s.lowAlarm, s.levelPct, low, band);
  if (lowNow !== s.lowAlarm) {
    s.lowAlarm = lowNow;
    s.log.add(
      lowNow ? 'alarm' : 'alarm-cleared',
      'low-level-alarm',
      lowNow
        ? `Low level: ${s.levelPct} % ≤ ${low} %`
        : `Low level cleared: ${s.levelPct} % > ${low + band} %`,
    );
  }
}

/** Reset Min/Max, else widen the min/max with the current level. */
function updateMinMax(s: LevelSensorState, actions: string[], now: number): void {
  if (actions.length > 0 && actions.includes('reset-min-max')) {
    const since = new Date(s.minMaxSince).toISOString();
    s.log.add(
      'min-max-reset',
      'level',
      `Level min/max reset (were ${s.levelMin} % and ${s.levelMax} % since ${since})`,
      { min: s.levelMin, max: s.levelMax, since },
    );
    s.levelMin = s.levelPct;
    s.levelMax = s.levelPct;
    s.minMaxSince = now;
    return;
  }
  if (s.levelPct < s.levelMin) s.levelMin = s.levelPct;
  if (s.levelPct > s.levelMax) s.levelMax = s.levelPct;
}

/** Writing a new Calibration Offset is a calibration: the interval starts again. */
function updateCalibration(s: LevelSensorState, offsetMm: number, now: number): void {
  if (s.offsetMm === null) s.offsetMm = offsetMm;
  else if (offsetMm !== s.offsetMm) {
    s.offsetMm = offsetMm;
    s.lastCalibrationMs = now;
    s.log.add('calibration', 'calibration-offset', `Calibrated: offset ${offsetMm} mm`, { offsetMm });
  }
  const required = now - s.lastCalibrationMs >= s.p.calibrationIntervalDays * DAY;
  if (required && !s.calibrationRequired)
    s.log.add(
      'calibration-due',
      'calibration-status',
      `Calibration due (every ${s.p.calibrationIntervalDays} days)`,
    );
  s.calibrationRequired = required;
}

function publish(s: LevelSensorState): void {
  const o = s.outputs;
  o.level = s.levelPct;
  o['level-absolute'] = s.levelM;
  o.volume = s.volumeL;
  o['level-rate-of-change'] = s.ratePctH;
  o['sensor-temperature'] = s.temperatureC;
  o['operating-hours'] = Math.floor(s.operatingMs / 3_600_000);
  o['sensor-status'] = s.sensorFailed ? 'FAULT' : s.highAlarm || s.lowAlarm ? 'WARNING' : 'OK';
  o['high-level-alarm'] = s.highAlarm;
  o['low-level-alarm'] = s.lowAlarm;
  o['calibration-status'] = s.calibrationRequired ? 'REQUIRED' : 'OK';
  o['communication-status'] = s.communicationLost ? 'FAULT' : 'OK';
}

function step(
  _ctx: DeviceContext,
  s: LevelSensorState,
  inputs: StepInputs,
  dt: number,
  rng: Rng,
): StepResult<LevelSensorState> {
  const { p, log } = s;
  const now = inputs.now;
  s.operatingMs += Math.round(dt * 1000);
  s.randomFaults.advance(now, rng, log, 'sensor-status');
  s.sensorFailed = inputs.faults.has('sensor-failure') || s.randomFaults.active(0);
  s.communicationLost = inputs.faults.has('communication') || s.randomFaults.active(1);

  const volume = advanceFlows(p, s.flow, now, dt, s.trueVolumeL, s.local, rng, log);
  if (volume !== s.trueVolumeL) {
    s.trueVolumeL = volume;
    s.trueX = levelForFraction(p.shape, volume / p.volumeL, s.trueX);
  }
  const offsetMm = numberOr(inputs.commands['calibration-offset'], 0);
  updateCalibration(s, offsetMm, now);
  // A failed sensor holds its last reading (a common transmitter fail-safe setting).
  if (!s.sensorFailed) measure(s, offsetMm, rng);

  if (now - s.windowDue > s.window.size * s.slotMs) {
    s.window.fill(s.levelPct); // a long pause: the level before it is unknown
    s.windowDue = now + s.slotMs;
  }
  while (now >= s.windowDue) {
    s.window.push(s.levelPct);
    s.windowDue += s.slotMs;
  }
  const rate = round(s.window.slopePerHour(), 2);
  s.ratePctH = rate < -100 ? -100 : rate > 100 ? 100 : rate;

  updateAlarms(s, inputs);
  updateMinMax(s, inputs.actions, now);
  if (now - s.temperatureAt >= TEMPERATURE_EVERY_MS) {
    const t = ambientC(p.ambientMeanC, p.ambientDailySwingC, p.ambientSeasonalSwingC, s.local, now);
    s.temperatureC = round(Math.min(80, Math.max(-40, t + 0.1 * rng.gaussian())), 1);
    s.temperatureAt = now;
  }
  publish(s);
  s.result.events = log.take();
  return s.result;
}

export const levelSensorBehaviour: Behaviour<LevelSensorState> = {
  name: 'level-sensor',
  faults: ['sensor-failure', 'communication'],
  init: initialState,
  step,
  relinquishDefault,
  counters(s) {
    return {
      [COUNTER.operatingHours]: s.operatingMs / 3_600_000,
      [COUNTER.trueVolume]: s.trueVolumeL,
      [COUNTER.levelMin]: s.levelMin,
      [COUNTER.levelMax]: s.levelMax,
      [COUNTER.minMaxSince]: s.minMaxSince,
      [COUNTER.lastCalibration]: s.lastCalibrationMs,
    };
  },
  onDemand(_ctx, s, point) {
    return s.outputs[point.id] ?? 0;
  },
};
