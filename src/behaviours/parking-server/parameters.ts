// The parking server's parameters (site file `parameters:`), with defaults, validated once at init.
// docs/behaviour.md lists each one with its unit and the source of its default.

import type { Device } from '../../site/model.js';
import { type OccupancyProfile, readProfiles } from './occupancy-profiles.js';
import { ParameterReader, show } from './parameter-reader.js';
import { DEFAULT_TARIFF, readTariffs, type Tariff } from './tariffs.js';

/** What the runtime's measurements fall back to when a key is absent (no measurement: a quiet server). */
export interface MeasurementFallbacks {
  cpuPercent: number;
  memoryPercent: number;
  dbLatencyMs: number;
  apiRequestsPerSecond: number;
  /** Absent from the mapping: the number of chargers publishing signals. */
  connectedDevices: number | null;
  bmsClients: number;
  ocppBackendRunning: number;
  securityAlerts: number;
  dbOk: number;
  /** 1 while the store refuses writes (a full disk…): Database Status ERROR. */
  dbWriteFailing: number;
  clusterNodes: number;
  /** Absent from the mapping: every node healthy. */
  clusterNodesHealthy: number | null;
  /** Devices of the cluster without an owner past the grace: FAULT when > 0. */
  clusterDevicesUnowned: number;
  /** 0: the cluster's database does not answer (FAULT). */
  clusterDatabaseOk: number;
}

export const DEFAULT_FALLBACKS: MeasurementFallbacks = {
  cpuPercent: 5,
  memoryPercent: 30,
  dbLatencyMs: 2,
  apiRequestsPerSecond: 0,
  connectedDevices: null,
  bmsClients: 0,
  ocppBackendRunning: 1,
  securityAlerts: 0,
  dbOk: 1,
  dbWriteFailing: 0,
  clusterNodes: 1,
  clusterNodesHealthy: null,
  clusterDevicesUnowned: 0,
  clusterDatabaseOk: 1,
};

export interface ParkingParameters {
  capacity: number;
  occupancyProfile: string;
  profile: OccupancyProfile;
  /** Shortest stay, min. */
  minStayMin: number;
  tariffs: Map<string, Tariff>;
  /** Tariff in force when Tariff Profile is not written (its relinquish default). */
  tariff: string;
  /** Share of arriving cars that want to charge, %. */
  evPlugInShare: number;
  evPowerLimitKw: number;
  minChargeCurrentA: number;
  /** Power factor assumed when turning the kW budget into amperes. */
  budgetPowerFactor: number;
  /** limitA published for chargers outside load management, A. */
  unmanagedLimitA: number;
  /** How long a charger just sent a car is reserved the minimum current, s. */
  startReserveS: number;
  /** Electrics of a charger that publishes none. */
  defaultPhases: number;
  defaultVoltageV: number;
  /** Licence expiry (ISO date or date-time), or null for a licence without expiry. */
  licenseExpires: string | null;
  licenseWarningDays: number;
  randomFaults: boolean;
  faultRatePerDay: number;
  faultDurationMin: number;
  fallbacks: MeasurementFallbacks;
}

function readFallbacks(reader: ParameterReader): MeasurementFallbacks {
  const given = reader.mapping('measurementFallbacks') ?? {};
  const out: MeasurementFallbacks = { ...DEFAULT_FALLBACKS };
  for (const [name, value] of Object.entries(given)) {
    if (!(name in DEFAULT_FALLBACKS))
      throw reader.error(
        `measurementFallbacks.${name}`,
        `is not a measurement (known: ${Object.keys(DEFAULT_FALLBACKS).join(', ')})`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw reader.error(`measurementFallbacks.${name}`, `must be a number ≥ 0, not ${show(value)}`);
    (out as unknown as Record<string, number>)[name] = value;
  }
  return out;
}

function readLicense(reader: ParameterReader): string | null {
  const value = reader.raw('licenseExpires');
  if (value === undefined || value === null) return null;
  // YAML reads an unquoted date as a Date.
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || Number.isNaN(Date.parse(text)))
    throw reader.error('licenseExpires', `must be an ISO date such as 2027-06-30, not ${show(value)}`);
  return text;
}

export function readParameters(device: Device): ParkingParameters {
  const reader = new ParameterReader(device.id, device.parameters);
  const profiles = readProfiles(reader);
  const occupancyProfile = reader.text('occupancyProfile', 'office');
  const profile = profiles[occupancyProfile];
  if (!profile)
    throw reader.error(
      'occupancyProfile',
      `names no profile: '${occupancyProfile}' (profiles: ${Object.keys(profiles).join(', ')})`,
    );
  const tariffs = readTariffs(reader);
  const tariff = reader.text('tariff', DEFAULT_TARIFF);
  if (!tariffs.has(tariff))
    throw reader.error('tariff', `names no tariff: '${tariff}' (tariffs: ${[...tariffs.keys()].join(', ')})`);
  if (reader.raw('securityAlertClearMin') !== undefined)
    throw reader.error(
      'securityAlertClearMin',
      'is no longer used: the Security Alert stays TRUE until its alarm is acknowledged (remove the line)',
    );
  const phases = reader.number('defaultPhases', 3, { min: 1, max: 3, integer: true });
  if (phases === 2) throw reader.error('defaultPhases', 'must be 1 or 3, not 2');
  return {
    capacity: reader.number('capacity', 400, { min: 1, max: 10_000, integer: true }),
    occupancyProfile,
    profile,
    minStayMin: reader.number('minStayMin', 5, { min: 0, max: 120 }),
    tariffs,
    tariff,
    evPlugInShare: reader.number('evPlugInShare', 8, { min: 0, max: 100 }),
    evPowerLimitKw: reader.number('evPowerLimitKw', 44, { min: 0, max: 10_000 }),
    minChargeCurrentA: reader.number('minChargeCurrentA', 6, { min: 0, max: 80 }),
    budgetPowerFactor: reader.number('budgetPowerFactor', 1, { min: 0.5, max: 1 }),
    unmanagedLimitA: reader.number('unmanagedLimitA', 80, { min: 0, max: 1000 }),
    startReserveS: reader.number('startReserveS', 60, { min: 0, max: 3600 }),
    defaultPhases: phases,
    defaultVoltageV: reader.number('defaultVoltageV', 400, { min: 100, max: 1000 }),
    licenseExpires: readLicense(reader),
    licenseWarningDays: reader.number('licenseWarningDays', 30, { min: 0, max: 365 }),
    randomFaults: reader.boolean('randomFaults', true),
    faultRatePerDay: reader.number('faultRatePerDay', 0.02, { min: 0, max: 100 }),
    faultDurationMin: reader.number('faultDurationMin', 20, { min: 1, max: 10_080 }),
    fallbacks: readFallbacks(reader),
  };
}

const CACHE = new WeakMap<Device, ParkingParameters>();

/** The device's parameters, read once per Device object (refuse and relinquishDefault need them too). */
export function parametersOf(device: Device): ParkingParameters {
  let params = CACHE.get(device);
  if (!params) {
    params = readParameters(device);
    CACHE.set(device, params);
  }
  return params;
}
