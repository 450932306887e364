// BACnet engineering units (ASHRAE 135 `BACnetEngineeringUnits`) of the points lists' unit symbols
// (src/points/units.ts). A unit of the Haystack database outside that table, and a point without a unit, are
// no-units. `count` is no-units; `req/s` is per-second; `€` is the first site currency (docs/points-list.md).

import { unitInfo } from '../../points/units.js';

export interface EngineeringUnit {
  name: string;
  number: number;
}

const u = (name: string, number: number): EngineeringUnit => ({ name, number });

/** BACnet no-units, used for points without a unit. */
export const NO_UNITS: EngineeringUnit = u('no-units', 95);

/** Each symbol of the points lists' unit table → its engineering unit. */
export const ENGINEERING_UNITS: Record<string, EngineeringUnit> = {
  A: u('amperes', 3),
  mA: u('milliamperes', 2),
  V: u('volts', 5),
  mV: u('millivolts', 124),
  kV: u('kilovolts', 6),
  W: u('watts', 47),
  kW: u('kilowatts', 48),
  MW: u('megawatts', 49),
  VA: u('volt-amperes', 8),
  kVA: u('kilovolt-amperes', 9),
  MVA: u('megavolt-amperes', 10),
  VAR: u('volt-amperes-reactive', 11),
  kVAR: u('kilovolt-amperes-reactive', 12),
  Wh: u('watt-hours', 18),
  kWh: u('kilowatt-hours', 19),
  MWh: u('megawatt-hours', 146),
  kVARh: u('kilowatt-reactive-hours', 204),
  kVAh: u('kilovolt-ampere-hours', 240),
  J: u('joules', 16),
  kJ: u('kilojoules', 17),
  MJ: u('megajoules', 126),
  Hz: u('hertz', 27),
  pf: u('power-factor', 15),
  '°C': u('degrees-celsius', 62),
  '°F': u('degrees-fahrenheit', 64),
  K: u('degrees-kelvin', 63),
  '°C/h': u('degrees-celsius-per-hour', 91),
  '%': u('percent', 98),
  '%RH': u('percent-relative-humidity', 29),
  ppm: u('parts-per-million', 96),
  ppb: u('parts-per-billion', 97),
  mm: u('millimeters', 30),
  cm: u('centimeters', 118),
  m: u('meters', 31),
  km: u('kilometers', 193),
  'm²': u('square-meters', 0),
  L: u('liters', 82),
  'm³': u('cubic-meters', 80),
  'L/s': u('liters-per-second', 87),
  'L/min': u('liters-per-minute', 88),
  'L/h': u('liters-per-hour', 136),
  'm³/h': u('cubic-meters-per-hour', 135),
  'm³/s': u('cubic-meters-per-second', 85),
  'm/s': u('meters-per-second', 74),
  'km/h': u('kilometers-per-hour', 75),
  Pa: u('pascals', 53),
  hPa: u('hectopascals', 133),
  kPa: u('kilopascals', 54),
  bar: u('bars', 55),
  mbar: u('millibars', 134),
  ms: u('milliseconds', 159),
  s: u('seconds', 73),
  min: u('minutes', 72),
  h: u('hours', 71),
  day: u('days', 70),
  g: u('grams', 195),
  kg: u('kilograms', 39),
  'kg/h': u('kilograms-per-hour', 44),
  lx: u('luxes', 37),
  db: u('decibels', 199),
  'µg/m³': u('micrograms-per-cubic-meter', 219),
  '/s': u('per-second', 101),
  '/min': u('per-minute', 100),
  '/h': u('per-hour', 131),
  '%/s': u('percent-per-second', 99),
  count: u('no-units', 95),
  'req/s': u('per-second', 101),
  '€': u('currency1', 105),
  '%/h': u('percent-per-hour', 47882),
};

/** The engineering unit of a points list's unit symbol (or alias); no-units when it has none. */
export function engineeringUnit(symbol: string | null): EngineeringUnit {
  const info = symbol === null ? null : unitInfo(symbol);
  return info && Object.hasOwn(ENGINEERING_UNITS, info.symbol)
    ? (ENGINEERING_UNITS[info.symbol] as EngineeringUnit)
    : NO_UNITS;
}
