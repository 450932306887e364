// Every figure of the DHW tank model, read from the site file's `parameters:` mapping with its default and
// range (docs/behaviour.md gives the unit and the source of each default).

import type { Device } from '../../site/model.js';
import { ParameterReader } from '../shared/parameter-reader.js';
import { parseWindow, type TimeWindow } from './schedule.js';

export type SensorName = 'top' | 'middle' | 'bottom';

export interface DhwParameters {
  // Tank
  volumeL: number;
  layers: number;
  heightToDiameter: number;
  coldWaterC: number;
  ambientC: number;
  standbyLossKwhPerDay: number;
  standbyLossDeltaK: number;
  /** Relative heights (0 bottom … 1 top) of the three temperature sensors. */
  topSensorHeight: number;
  middleSensorHeight: number;
  bottomSensorHeight: number;
  // Heaters and control
  heaterKw: number;
  primaryHeaterHeight: number;
  backupKw: number;
  backupHeaterHeight: number;
  backupDelayMin: number;
  hysteresisK: number;
  controlSensor: SensorName;
  ecoReductionK: number;
  ecoFloorC: number;
  scheduleWindows: TimeWindow[];
  safetyCutoutC: number;
  // Legionella
  legionellaTargetC: number;
  legionellaMinC: number;
  legionellaHoldMin: number;
  legionellaIntervalDays: number;
  legionellaHysteresisK: number;
  legionellaTimeoutH: number;
  legionellaAuto: boolean;
  legionellaAutoHour: number;
  // Pressure
  networkPressureBar: number;
  expansionVesselL: number;
  vesselPrechargeBar: number;
  reliefOpenBar: number;
  reliefReseatBar: number;
  reliefFlowLpm: number;
  valveLeakLpm: number;
  failedVesselGasFraction: number;
  // Alarms
  highTempAlarmC: number;
  highTempAlarmHysteresisK: number;
  lowTempAlarmC: number;
  lowTempAlarmDelayMin: number;
  lowTempAlarmHysteresisK: number;
  // Distribution (supply pipe and recirculation loop)
  supplyDropK: number;
  loopLossK: number;
  loopFlowLpm: number;
  loopDesignDeltaK: number;
  // Tapping profile
  tappingDailyL: number;
  morningPeakH: number;
  eveningPeakH: number;
  peakWidthH: number;
  peakShare: number;
  activeFromH: number;
  activeToH: number;
  drawMeanL: number;
  drawFlowMinLpm: number;
  drawFlowMaxLpm: number;
  // Anode
  anodeLifeH: number;
  anodeWornFraction: number;
  anodeInitialHours: number;
  // Random faults
  randomFaults: boolean;
  faultRatePerDay: number;
  faultMeanDurationH: number;
}

const SENSORS: readonly SensorName[] = ['top', 'middle', 'bottom'];

/** Off-peak night and an afternoon top-up, local time. */
export const DEFAULT_WINDOWS = ['22:00-06:00', '12:00-16:00'];

/** The device's parameters, validated: throws an Error naming the device and the parameter. */
export function readParameters(device: Device): DhwParameters {
  const r = new ParameterReader(device.id, device.parameters, 'device');
  const volumeL = r.number('volumeL', 300, 30, 5000);
  const networkPressureBar = r.number('networkPressureBar', 3, 1, 6);
  const p: DhwParameters = {
    volumeL,
    layers: r.integer('layers', 10, 3, 50),
    heightToDiameter: r.number('heightToDiameter', 2.5, 0.5, 6),
    coldWaterC: r.number('coldWaterC', 10, 1, 30),
    ambientC: r.number('ambientC', 20, 0, 45),
    standbyLossKwhPerDay: r.number('standbyLossKwhPerDay', 2, 0, 50),
    standbyLossDeltaK: r.number('standbyLossDeltaK', 45, 10, 80),
    topSensorHeight: r.number('topSensorHeight', 0.9, 0, 1),
    middleSensorHeight: r.number('middleSensorHeight', 0.5, 0, 1),
    bottomSensorHeight: r.number('bottomSensorHeight', 0.15, 0, 1),
    heaterKw: r.number('heaterKw', 6, 0.5, 50),
    primaryHeaterHeight: r.number('primaryHeaterHeight', 0.05, 0, 0.99),
    backupKw: r.number('backupKw', 3, 0, 50),
    backupHeaterHeight: r.number('backupHeaterHeight', 0.6, 0, 0.99),
    backupDelayMin: r.number('backupDelayMin', 120, 1, 1440),
    hysteresisK: r.number('hysteresisK', 5, 1, 20),
    controlSensor: r.oneOf('controlSensor', 'bottom', SENSORS),
    ecoReductionK: r.number('ecoReductionK', 10, 0, 20),
    ecoFloorC: r.number('ecoFloorC', 50, 40, 70),
    scheduleWindows: r.list(
      'scheduleWindows',
      DEFAULT_WINDOWS.map((w) => parseWindow(w) as TimeWindow),
      'HH:MM-HH:MM windows',
      parseWindow,
    ),
    safetyCutoutC: r.number('safetyCutoutC', 90, 75, 99),
    legionellaTargetC: r.number('legionellaTargetC', 65, 60, 80),
    legionellaMinC: r.number('legionellaMinC', 60, 50, 75),
    legionellaHoldMin: r.number('legionellaHoldMin', 30, 1, 240),
    legionellaIntervalDays: r.number('legionellaIntervalDays', 7, 1, 60),
    legionellaHysteresisK: r.number('legionellaHysteresisK', 2, 0.5, 10),
    legionellaTimeoutH: r.number('legionellaTimeoutH', 6, 1, 48),
    legionellaAuto: r.boolean('legionellaAuto', false),
    legionellaAutoHour: r.integer('legionellaAutoHour', 2, 0, 23),
    networkPressureBar,
    expansionVesselL: r.number('expansionVesselL', 0.06 * volumeL, 0.5, 1000),
    vesselPrechargeBar: r.number('vesselPrechargeBar', networkPressureBar, 0.5, networkPressureBar),
    reliefOpenBar: r.number('reliefOpenBar', 7, 2, 10),
    reliefReseatBar: r.number('reliefReseatBar', 6, 1.5, 10),
    reliefFlowLpm: r.number('reliefFlowLpm', 1, 0.1, 30),
    valveLeakLpm: r.number('valveLeakLpm', 0.05, 0, 5),
    failedVesselGasFraction: r.number('failedVesselGasFraction', 0.03, 0.001, 0.5),
    highTempAlarmC: r.number('highTempAlarmC', 80, 60, 99),
    highTempAlarmHysteresisK: r.number('highTempAlarmHysteresisK', 5, 0.5, 20),
    lowTempAlarmC: r.number('lowTempAlarmC', 45, 20, 60),
    lowTempAlarmDelayMin: r.number('lowTempAlarmDelayMin', 15, 0, 240),
    lowTempAlarmHysteresisK: r.number('lowTempAlarmHysteresisK', 2, 0, 10),
    supplyDropK: r.number('supplyDropK', 2, 1, 3),
    loopLossK: r.number('loopLossK', 3.5, 0, 5),
    loopFlowLpm: r.number('loopFlowLpm', 0.5, 0, 50),
    loopDesignDeltaK: r.number('loopDesignDeltaK', 40, 10, 80),
    tappingDailyL: r.number('tappingDailyL', 150, 0, 100_000),
    morningPeakH: r.number('morningPeakH', 7, 0, 24),
    eveningPeakH: r.number('eveningPeakH', 19, 0, 24),
    peakWidthH: r.number('peakWidthH', 1, 0.25, 6),
    peakShare: r.number('peakShare', 0.7, 0, 1),
    activeFromH: r.number('activeFromH', 6, 0, 24),
    activeToH: r.number('activeToH', 23, 0, 24),
    drawMeanL: r.number('drawMeanL', 10, 0.5, 500),
    drawFlowMinLpm: r.number('drawFlowMinLpm', 4, 0.5, 100),
    drawFlowMaxLpm: r.number('drawFlowMaxLpm', 12, 0.5, 100),
    anodeLifeH: r.number('anodeLifeH', 35_000, 100, 200_000),
    anodeWornFraction: r.number('anodeWornFraction', 0.8, 0.1, 0.99),
    anodeInitialHours: r.number('anodeInitialHours', 0, 0, 200_000),
    randomFaults: r.boolean('randomFaults', true),
    faultRatePerDay: r.number('faultRatePerDay', 0.002, 0, 100),
    faultMeanDurationH: r.number('faultMeanDurationH', 8, 0.01, 1000),
  };
  const fail = (message: string): never => {
    throw new Error(`device '${device.id}': ${message}`);
  };
  if (p.reliefReseatBar >= p.reliefOpenBar) fail('reliefReseatBar must be below reliefOpenBar');
  if (p.reliefOpenBar <= p.networkPressureBar) fail('reliefOpenBar must be above networkPressureBar');
  if (p.legionellaMinC > p.legionellaTargetC) fail('legionellaMinC must not be above legionellaTargetC');
  if (p.drawFlowMinLpm > p.drawFlowMaxLpm) fail('drawFlowMinLpm must not be above drawFlowMaxLpm');
  if (p.highTempAlarmC >= p.safetyCutoutC) fail('highTempAlarmC must be below safetyCutoutC');
  if (p.legionellaTargetC >= p.highTempAlarmC) fail('legionellaTargetC must be below highTempAlarmC');
  if (p.activeFromH >= p.activeToH) fail('activeFromH must be before activeToH');
  if (!(p.topSensorHeight > p.middleSensorHeight && p.middleSensorHeight > p.bottomSensorHeight)) {
    fail('sensor heights must be top > middle > bottom');
  }
  return p;
}
