// What Home Assistant should know of a number: its device class, state class and unit as Home Assistant spells
// it, from the points list's unit (and a tag where the unit alone does not say). A unit Home Assistant has no
// class for is shown as written, with no class.

import type { Point } from '../../../runtime/services/services.js';
import { jsonUnit } from '../json/json-payload.js';

export interface SensorClass {
  device_class?: string;
  /** `measurement`, or `total_increasing` for a meter; absent where Home Assistant allows none (money). */
  state_class?: string;
  unit_of_measurement?: string;
}

/** Device classes by the unit symbol Pointyard spells (units.ts); the unit as Home Assistant wants it. */
const BY_UNIT: Record<string, { cls: string; unit?: string }> = {
  '°C': { cls: 'temperature' },
  '°F': { cls: 'temperature' },
  K: { cls: 'temperature' },
  '%RH': { cls: 'humidity', unit: '%' },
  W: { cls: 'power' },
  kW: { cls: 'power' },
  MW: { cls: 'power' },
  VA: { cls: 'apparent_power' },
  V: { cls: 'voltage' },
  mV: { cls: 'voltage' },
  kV: { cls: 'voltage' },
  A: { cls: 'current' },
  mA: { cls: 'current' },
  Hz: { cls: 'frequency' },
  Pa: { cls: 'pressure' },
  hPa: { cls: 'pressure' },
  kPa: { cls: 'pressure' },
  bar: { cls: 'pressure' },
  mbar: { cls: 'pressure' },
  L: { cls: 'volume_storage' },
  'm³': { cls: 'volume_storage' },
  'L/min': { cls: 'volume_flow_rate' },
  'm³/h': { cls: 'volume_flow_rate' },
  'm/s': { cls: 'speed' },
  'km/h': { cls: 'speed' },
  mm: { cls: 'distance' },
  cm: { cls: 'distance' },
  m: { cls: 'distance' },
  km: { cls: 'distance' },
  g: { cls: 'weight' },
  kg: { cls: 'weight' },
  lx: { cls: 'illuminance' },
  db: { cls: 'sound_pressure', unit: 'dB' },
  ms: { cls: 'duration' },
  s: { cls: 'duration' },
  min: { cls: 'duration' },
  h: { cls: 'duration' },
  day: { cls: 'duration', unit: 'd' },
};

const ENERGY = new Set(['Wh', 'kWh', 'MWh']);

/** The classes and unit of a number point for Home Assistant. */
export function sensorClass(point: Point): SensorClass {
  const unit = jsonUnit(point);
  if (unit === null) return { state_class: 'measurement' };
  // A meter (tagged energy) only grows; energy held (a tank's) goes up and down.
  if (ENERGY.has(unit))
    return point.tags.includes('energy')
      ? { device_class: 'energy', state_class: 'total_increasing', unit_of_measurement: unit }
      : { device_class: 'energy_storage', state_class: 'measurement', unit_of_measurement: unit };
  if (unit === '€') return { device_class: 'monetary', unit_of_measurement: 'EUR' };
  if (unit === '%' && point.tags.includes('battery'))
    return { device_class: 'battery', state_class: 'measurement', unit_of_measurement: '%' };
  const known = BY_UNIT[unit];
  return known
    ? { device_class: known.cls, state_class: 'measurement', unit_of_measurement: known.unit ?? unit }
    : { state_class: 'measurement', unit_of_measurement: unit };
}
