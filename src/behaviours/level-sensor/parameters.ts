// The level sensor's parameters (site file `parameters:`), with defaults, checked once at init.
// Units are in the names; docs/behaviour.md gives the source of every default.

import type { DeviceContext } from '../behaviour.js';
import { ParameterReader } from '../shared/parameter-reader.js';
import { TANK_SHAPES, type TankShape } from './tank-geometry.js';

export const FLOW_PROFILES = ['rainwater', 'consumption', 'fixed'] as const;
export type FlowProfile = (typeof FLOW_PROFILES)[number];

export interface LevelSensorParameters {
  heightM: number;
  volumeL: number;
  shape: TankShape;
  profile: FlowProfile;
  initialLevelPct: number;
  noiseMm: number;
  rateWindowMin: number;
  alarmHysteresisPct: number;
  ambientMeanC: number;
  ambientDailySwingC: number;
  ambientSeasonalSwingC: number;
  calibrationIntervalDays: number;
  lastCalibrationDaysAgo: number;
  initialOperatingHours: number;
  randomFaults: boolean;
  randomFaultRatePerDay: number;
  // rainwater
  catchmentAreaM2: number;
  runoffCoefficient: number;
  rainEventsPerDay: number;
  rainMeanDurationH: number;
  rainMeanIntensityMmH: number;
  usageLPerDay: number;
  usageStartHour: number;
  usageEndHour: number;
  pumpRateLPerMin: number;
  pumpBurstL: number;
  pumpCutoffPct: number;
  // consumption
  burnRateLPerH: number;
  testRunWeekday: number;
  testRunHour: number;
  testRunMinutes: number;
  outagesPerYear: number;
  outageMeanH: number;
  outageBurnRateLPerH: number;
  refillBelowPct: number;
  refillToPct: number;
  deliveryDelayH: number;
  deliveryRateLPerMin: number;
}

export const LEVEL_SENSOR_DEFAULTS: LevelSensorParameters = {
  heightM: 3,
  volumeL: 30_000,
  shape: 'vertical-cylinder',
  profile: 'rainwater',
  initialLevelPct: 60,
  noiseMm: 2,
  rateWindowMin: 5,
  alarmHysteresisPct: 2,
  ambientMeanC: 12,
  ambientDailySwingC: 4,
  ambientSeasonalSwingC: 8,
  calibrationIntervalDays: 365,
  lastCalibrationDaysAgo: 0,
  initialOperatingHours: 0,
  randomFaults: true,
  randomFaultRatePerDay: 0.002,
  catchmentAreaM2: 400,
  runoffCoefficient: 0.8,
  rainEventsPerDay: 0.45,
  rainMeanDurationH: 4,
  rainMeanIntensityMmH: 1.3,
  usageLPerDay: 600,
  usageStartHour: 7,
  usageEndHour: 20,
  pumpRateLPerMin: 50,
  pumpBurstL: 50,
  pumpCutoffPct: 5,
  burnRateLPerH: 12,
  testRunWeekday: 1,
  testRunHour: 10,
  testRunMinutes: 30,
  outagesPerYear: 1,
  outageMeanH: 2,
  outageBurnRateLPerH: 25,
  refillBelowPct: 40,
  refillToPct: 90,
  deliveryDelayH: 48,
  deliveryRateLPerMin: 200,
};

export function readLevelSensorParameters(ctx: DeviceContext): LevelSensorParameters {
  const r = new ParameterReader(ctx.device.id, ctx.device.parameters);
  const d = LEVEL_SENSOR_DEFAULTS;
  r.rejectUnknown(Object.keys(d));
  const p: LevelSensorParameters = {
    heightM: r.positive('heightM', d.heightM, 0, 20),
    volumeL: r.positive('volumeL', d.volumeL, 0, 100_000),
    shape: r.oneOf('shape', d.shape, TANK_SHAPES),
    profile: r.oneOf('profile', d.profile, FLOW_PROFILES),
    initialLevelPct: r.number('initialLevelPct', d.initialLevelPct, 0, 100),
    noiseMm: r.number('noiseMm', d.noiseMm, 0, 50),
    rateWindowMin: r.positive('rateWindowMin', d.rateWindowMin, 0, 60),
    alarmHysteresisPct: r.number('alarmHysteresisPct', d.alarmHysteresisPct, 0, 20),
    ambientMeanC: r.number('ambientMeanC', d.ambientMeanC, -30, 60),
    ambientDailySwingC: r.number('ambientDailySwingC', d.ambientDailySwingC, 0, 20),
    ambientSeasonalSwingC: r.number('ambientSeasonalSwingC', d.ambientSeasonalSwingC, 0, 30),
    calibrationIntervalDays: r.positive('calibrationIntervalDays', d.calibrationIntervalDays, 0, 3650),
    lastCalibrationDaysAgo: r.number('lastCalibrationDaysAgo', d.lastCalibrationDaysAgo, 0, 3650),
    initialOperatingHours: r.number('initialOperatingHours', d.initialOperatingHours, 0, 999_999),
    randomFaults: r.boolean('randomFaults', d.randomFaults),
    randomFaultRatePerDay: r.number('randomFaultRatePerDay', d.randomFaultRatePerDay, 0, 100),
    catchmentAreaM2: r.number('catchmentAreaM2', d.catchmentAreaM2, 0, 1_000_000),
    runoffCoefficient: r.number('runoffCoefficient', d.runoffCoefficient, 0, 1),
    rainEventsPerDay: r.number('rainEventsPerDay', d.rainEventsPerDay, 0, 24),
    rainMeanDurationH: r.positive('rainMeanDurationH', d.rainMeanDurationH, 0, 72),
    rainMeanIntensityMmH: r.positive('rainMeanIntensityMmH', d.rainMeanIntensityMmH, 0, 100),
    usageLPerDay: r.number('usageLPerDay', d.usageLPerDay, 0, 1_000_000),
    usageStartHour: r.number('usageStartHour', d.usageStartHour, 0, 24),
    usageEndHour: r.number('usageEndHour', d.usageEndHour, 0, 24),
    pumpRateLPerMin: r.positive('pumpRateLPerMin', d.pumpRateLPerMin, 0, 10_000),
    pumpBurstL: r.positive('pumpBurstL', d.pumpBurstL, 0, 100_000),
    pumpCutoffPct: r.number('pumpCutoffPct', d.pumpCutoffPct, 0, 100),
    burnRateLPerH: r.number('burnRateLPerH', d.burnRateLPerH, 0, 10_000),
    testRunWeekday: r.integer('testRunWeekday', d.testRunWeekday, 0, 6),
    testRunHour: r.number('testRunHour', d.testRunHour, 0, 23.99),
    testRunMinutes: r.number('testRunMinutes', d.testRunMinutes, 0, 1440),
    outagesPerYear: r.number('outagesPerYear', d.outagesPerYear, 0, 365),
    outageMeanH: r.positive('outageMeanH', d.outageMeanH, 0, 240),
    outageBurnRateLPerH: r.number('outageBurnRateLPerH', d.outageBurnRateLPerH, 0, 10_000),
    refillBelowPct: r.number('refillBelowPct', d.refillBelowPct, 0, 100),
    refillToPct: r.number('refillToPct', d.refillToPct, 0, 100),
    deliveryDelayH: r.number('deliveryDelayH', d.deliveryDelayH, 0, 720),
    deliveryRateLPerMin: r.positive('deliveryRateLPerMin', d.deliveryRateLPerMin, 0, 10_000),
  };
  r.check(p.usageStartHour < p.usageEndHour, 'usageEndHour', `after usageStartHour (${p.usageStartHour})`);
  r.check(p.refillToPct > p.refillBelowPct, 'refillToPct', `above refillBelowPct (${p.refillBelowPct})`);
  return p;
}
