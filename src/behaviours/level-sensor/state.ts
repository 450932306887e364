// The level sensor's state: the tank (true volume), what the sensor measures and shows, its alarms, counters
// and fault timers. Built once by `initialState`; the step updates it in place and returns the same result
// object every time (no allocation per step unless an event happens).

import type { Rng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import { LocalTime } from '../../util/local-time.js';
import type { DeviceContext, StepResult } from '../behaviour.js';
import { EventLog, NO_EVENTS } from '../shared/event-log.js';
import { RandomFaults } from '../shared/random-faults.js';
import { type FlowState, initialFlowState } from './flows.js';
import { type LevelSensorParameters, readLevelSensorParameters } from './parameters.js';
import { SlopeWindow } from './slope-window.js';
import { filledFraction, levelForFraction } from './tank-geometry.js';

const DAY = 86_400_000;

/** Random faults of the level sensor, in this order (indices used by the step). */
export const RANDOM_FAULTS = [
  { name: 'sensor-failure', minMs: 10 * 60_000, maxMs: 2 * 3_600_000 },
  { name: 'communication', minMs: 60_000, maxMs: 30 * 60_000 },
] as const;

/** Names of the persisted counters. */
export const COUNTER = {
  operatingHours: 'operating-hours',
  trueVolume: 'true-volume-l',
  levelMin: 'level-min-pct',
  levelMax: 'level-max-pct',
  minMaxSince: 'min-max-since-ms',
  lastCalibration: 'last-calibration-ms',
} as const;

export interface LevelSensorState {
  p: LevelSensorParameters;
  local: LocalTime;
  flow: FlowState;
  log: EventLog;
  randomFaults: RandomFaults;
  /** Level over the rate window, one sample per Level publication interval. */
  window: SlopeWindow;
  slotMs: number;
  /** When the next window sample is due, epoch ms. */
  windowDue: number;
  trueVolumeL: number;
  /** True level as a share of the height (0…1). */
  trueX: number;
  /** Measured, as published: level (m, mm resolution), level %, volume (L), rate (%/h), temperature (°C). */
  levelM: number;
  levelPct: number;
  volumeL: number;
  ratePctH: number;
  temperatureC: number;
  temperatureAt: number;
  /** Calibration Offset last seen (mm); null before the first step. */
  offsetMm: number | null;
  highAlarm: boolean;
  lowAlarm: boolean;
  /** Lowest and highest Level % since the last Reset Min/Max, and when that was (epoch ms). */
  levelMin: number;
  levelMax: number;
  minMaxSince: number;
  /** Powered time, ms (whole milliseconds, so that hours add up exactly). */
  operatingMs: number;
  lastCalibrationMs: number;
  calibrationRequired: boolean;
  sensorFailed: boolean;
  communicationLost: boolean;
  /** The values of the fed points and the step result, refreshed in place at every step. */
  outputs: Record<string, Value>;
  result: StepResult<LevelSensorState>;
}

export function initialState(
  ctx: DeviceContext,
  rng: Rng,
  now: number,
  saved: Record<string, number>,
): LevelSensorState {
  const p = readLevelSensorParameters(ctx);
  const levelPoint = ctx.device.profile.points.find((x) => x.id === 'level');
  const slotMs = levelPoint?.intervalMs ?? 1000;
  const slots = Math.max(2, Math.round((p.rateWindowMin * 60_000) / slotMs));
  const trueVolumeL = Math.min(
    p.volumeL,
    Math.max(0, saved[COUNTER.trueVolume] ?? p.volumeL * filledFraction(p.shape, p.initialLevelPct / 100)),
  );
  const trueX = levelForFraction(p.shape, trueVolumeL / p.volumeL);
  // What the sensor shows until its first reading: the true level, at the published resolutions.
  const levelM = Math.round(trueX * p.heightM * 1000) / 1000;
  const levelPct = Math.round((10_000 * levelM) / p.heightM) / 100;
  const state: LevelSensorState = {
    p,
    local: new LocalTime(ctx.tz),
    flow: initialFlowState(p, rng, now),
    log: new EventLog(),
    randomFaults: new RandomFaults(RANDOM_FAULTS, p.randomFaultRatePerDay, p.randomFaults, rng, now),
    window: new SlopeWindow(slots, slotMs / 1000),
    slotMs,
    windowDue: now + slotMs,
    trueVolumeL,
    trueX,
    levelM,
    levelPct,
    volumeL: Math.round(p.volumeL * filledFraction(p.shape, levelM / p.heightM) * 10) / 10,
    ratePctH: 0,
    temperatureC: p.ambientMeanC,
    temperatureAt: Number.NEGATIVE_INFINITY,
    offsetMm: null,
    highAlarm: false,
    lowAlarm: false,
    // The first reading (the runtime's priming step) sets both.
    levelMin: saved[COUNTER.levelMin] ?? Number.POSITIVE_INFINITY,
    levelMax: saved[COUNTER.levelMax] ?? Number.NEGATIVE_INFINITY,
    minMaxSince: saved[COUNTER.minMaxSince] ?? now,
    operatingMs: Math.round((saved[COUNTER.operatingHours] ?? p.initialOperatingHours) * 3_600_000),
    lastCalibrationMs: saved[COUNTER.lastCalibration] ?? now - p.lastCalibrationDaysAgo * DAY,
    calibrationRequired: false,
    sensorFailed: false,
    communicationLost: false,
    outputs: {
      level: levelPct,
      'level-absolute': 0,
      volume: 0,
      'level-rate-of-change': 0,
      'sensor-temperature': p.ambientMeanC,
      'operating-hours': 0,
      'sensor-status': 'OK',
      'high-level-alarm': false,
      'low-level-alarm': false,
      'calibration-status': 'OK',
      'communication-status': 'OK',
    },
    result: undefined as unknown as StepResult<LevelSensorState>,
  };
  state.result = { state, outputs: state.outputs, events: NO_EVENTS };
  state.window.fill(levelPct);
  return state;
}
