// The PIR detector's parameters (site file `parameters:`), with defaults, checked once at init.
// Units are in the names; docs/behaviour.md gives the source of every default.

import type { DeviceContext } from '../behaviour.js';
import { ParameterReader } from '../shared/parameter-reader.js';

export const ARMED_SCHEDULES = ['outside-office-hours', 'always', 'never'] as const;
export type ArmedSchedule = (typeof ARMED_SCHEDULES)[number];

export interface PirParameters {
  zone: number;
  officeStartHour: number;
  officeEndHour: number;
  officeWeekdays: number[];
  passagesPerHourOffice: number;
  passagesPerHourOther: number;
  armedSchedule: ArmedSchedule;
  petPassagesPerHour: number;
  personPeakMinPct: number;
  personPeakMaxPct: number;
  personPulsesMin: number;
  personPulsesMax: number;
  petPeakMinPct: number;
  petPeakMaxPct: number;
  petPulsesMin: number;
  petPulsesMax: number;
  petImmunityFactor: number;
  pulseMinS: number;
  pulseMaxS: number;
  pulseGapMinS: number;
  pulseGapMaxS: number;
  noiseMaxPct: number;
  thresholdLowPct: number;
  thresholdMediumPct: number;
  thresholdHighPct: number;
  pulseWindowS: number;
  holdTimeS: number;
  batteryLifeYears: number;
  referenceDetectionsPerDay: number;
  detectionEnergyShare: number;
  ledCostFactor: number;
  lowBatteryPct: number;
  lowBatteryFaultPct: number;
  initialBatteryPct: number;
  ambientMeanC: number;
  ambientDailySwingC: number;
  ambientSeasonalSwingC: number;
  randomFaults: boolean;
  randomFaultRatePerDay: number;
}

export const PIR_DEFAULTS: Omit<PirParameters, 'zone'> = {
  officeStartHour: 8,
  officeEndHour: 19,
  officeWeekdays: [1, 2, 3, 4, 5],
  passagesPerHourOffice: 6,
  passagesPerHourOther: 0.2,
  armedSchedule: 'outside-office-hours',
  petPassagesPerHour: 0.2,
  personPeakMinPct: 35,
  personPeakMaxPct: 100,
  personPulsesMin: 2,
  personPulsesMax: 4,
  petPeakMinPct: 15,
  petPeakMaxPct: 40,
  petPulsesMin: 1,
  petPulsesMax: 3,
  petImmunityFactor: 0.25,
  pulseMinS: 0.3,
  pulseMaxS: 0.6,
  pulseGapMinS: 0.2,
  pulseGapMaxS: 0.8,
  noiseMaxPct: 5,
  thresholdLowPct: 60,
  thresholdMediumPct: 45,
  thresholdHighPct: 30,
  pulseWindowS: 3,
  holdTimeS: 5,
  batteryLifeYears: 3,
  referenceDetectionsPerDay: 50,
  detectionEnergyShare: 0.25,
  ledCostFactor: 3,
  lowBatteryPct: 15,
  lowBatteryFaultPct: 10,
  initialBatteryPct: 100,
  ambientMeanC: 16,
  ambientDailySwingC: 2,
  ambientSeasonalSwingC: 5,
  randomFaults: true,
  randomFaultRatePerDay: 0.002,
};

/** Zone of a device without a `zone` parameter: the number its id ends with (pir-3 → 3), else 1. */
export function defaultZone(deviceId: string): number {
  const digits = /(\d+)$/.exec(deviceId)?.[1];
  const n = digits === undefined ? 1 : Number(digits);
  return n >= 1 && n <= 9999 ? n : 1;
}

export function readPirParameters(ctx: DeviceContext): PirParameters {
  const r = new ParameterReader(ctx.device.id, ctx.device.parameters);
  const d = PIR_DEFAULTS;
  r.rejectUnknown(['zone', ...Object.keys(d)]);
  const p: PirParameters = {
    zone: r.integer('zone', defaultZone(ctx.device.id), 1, 9999),
    officeStartHour: r.number('officeStartHour', d.officeStartHour, 0, 24),
    officeEndHour: r.number('officeEndHour', d.officeEndHour, 0, 24),
    officeWeekdays: r.wholeNumbers('officeWeekdays', d.officeWeekdays, 0, 6),
    passagesPerHourOffice: r.number('passagesPerHourOffice', d.passagesPerHourOffice, 0, 3600),
    passagesPerHourOther: r.number('passagesPerHourOther', d.passagesPerHourOther, 0, 3600),
    armedSchedule: r.oneOf('armedSchedule', d.armedSchedule, ARMED_SCHEDULES),
    petPassagesPerHour: r.number('petPassagesPerHour', d.petPassagesPerHour, 0, 3600),
    personPeakMinPct: r.number('personPeakMinPct', d.personPeakMinPct, 0, 100),
    personPeakMaxPct: r.number('personPeakMaxPct', d.personPeakMaxPct, 0, 100),
    personPulsesMin: r.integer('personPulsesMin', d.personPulsesMin, 1, 20),
    personPulsesMax: r.integer('personPulsesMax', d.personPulsesMax, 1, 20),
    petPeakMinPct: r.number('petPeakMinPct', d.petPeakMinPct, 0, 100),
    petPeakMaxPct: r.number('petPeakMaxPct', d.petPeakMaxPct, 0, 100),
    petPulsesMin: r.integer('petPulsesMin', d.petPulsesMin, 1, 20),
    petPulsesMax: r.integer('petPulsesMax', d.petPulsesMax, 1, 20),
    petImmunityFactor: r.number('petImmunityFactor', d.petImmunityFactor, 0, 1),
    pulseMinS: r.number('pulseMinS', d.pulseMinS, 0.1, 10),
    pulseMaxS: r.number('pulseMaxS', d.pulseMaxS, 0.1, 10),
    pulseGapMinS: r.number('pulseGapMinS', d.pulseGapMinS, 0.1, 10),
    pulseGapMaxS: r.number('pulseGapMaxS', d.pulseGapMaxS, 0.1, 10),
    noiseMaxPct: r.number('noiseMaxPct', d.noiseMaxPct, 0, 20),
    thresholdLowPct: r.number('thresholdLowPct', d.thresholdLowPct, 1, 99),
    thresholdMediumPct: r.number('thresholdMediumPct', d.thresholdMediumPct, 1, 99),
    thresholdHighPct: r.number('thresholdHighPct', d.thresholdHighPct, 1, 99),
    pulseWindowS: r.positive('pulseWindowS', d.pulseWindowS, 0, 60),
    holdTimeS: r.positive('holdTimeS', d.holdTimeS, 0, 3600),
    batteryLifeYears: r.positive('batteryLifeYears', d.batteryLifeYears, 0, 20),
    referenceDetectionsPerDay: r.positive(
      'referenceDetectionsPerDay',
      d.referenceDetectionsPerDay,
      0,
      100_000,
    ),
    detectionEnergyShare: r.number('detectionEnergyShare', d.detectionEnergyShare, 0, 1),
    ledCostFactor: r.number('ledCostFactor', d.ledCostFactor, 1, 100),
    lowBatteryPct: r.number('lowBatteryPct', d.lowBatteryPct, 0, 100),
    lowBatteryFaultPct: r.number('lowBatteryFaultPct', d.lowBatteryFaultPct, 0, 100),
    initialBatteryPct: r.number('initialBatteryPct', d.initialBatteryPct, 0, 100),
    ambientMeanC: r.number('ambientMeanC', d.ambientMeanC, -10, 50),
    ambientDailySwingC: r.number('ambientDailySwingC', d.ambientDailySwingC, 0, 20),
    ambientSeasonalSwingC: r.number('ambientSeasonalSwingC', d.ambientSeasonalSwingC, 0, 30),
    randomFaults: r.boolean('randomFaults', d.randomFaults),
    randomFaultRatePerDay: r.number('randomFaultRatePerDay', d.randomFaultRatePerDay, 0, 100),
  };
  const atLeast = (hi: keyof PirParameters, lo: keyof PirParameters) =>
    r.check((p[hi] as number) >= (p[lo] as number), hi, `at least ${lo} (${p[lo]})`);
  r.check(
    p.officeEndHour > p.officeStartHour,
    'officeEndHour',
    `after officeStartHour (${p.officeStartHour})`,
  );
  atLeast('personPeakMaxPct', 'personPeakMinPct');
  atLeast('personPulsesMax', 'personPulsesMin');
  atLeast('petPeakMaxPct', 'petPeakMinPct');
  atLeast('petPulsesMax', 'petPulsesMin');
  atLeast('pulseMaxS', 'pulseMinS');
  atLeast('pulseGapMaxS', 'pulseGapMinS');
  r.check(
    p.thresholdLowPct >= p.thresholdMediumPct && p.thresholdMediumPct >= p.thresholdHighPct,
    'thresholdMediumPct',
    'between thresholdHighPct and thresholdLowPct (HIGH sensitivity has the lowest threshold)',
  );
  r.check(
    p.lowBatteryFaultPct < p.lowBatteryPct,
    'lowBatteryFaultPct',
    `below lowBatteryPct (${p.lowBatteryPct})`,
  );
  return p;
}
