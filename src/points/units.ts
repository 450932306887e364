// Units of a points list: the symbol as written (kept for display), the Haystack unit and the BACnet
// engineering unit (ASHRAE 135 `BACnetEngineeringUnits`). The four decisions the format leaves open
// (`count`, `req/s`, `€`, `%/h`) are explained in docs/points-list.md, "Units".

import { HAYSTACK_UNITS } from './data/haystack-units.js';

export interface UnitInfo {
  /** Haystack unit symbol, or null when Haystack has none (the number then carries no unit). */
  haystack: string | null;
  /** BACnet engineering unit: enumeration name and number. */
  bacnet: { name: string; number: number };
}

const u = (haystack: string | null, name: string, number: number): UnitInfo => ({
  haystack,
  bacnet: { name, number },
});

/** Symbols as written in points lists → their Haystack and BACnet units. */
const UNITS: Record<string, UnitInfo> = {
  // electrical
  A: u('A', 'amperes', 3),
  mA: u('mA', 'milliamperes', 2),
  V: u('V', 'volts', 5),
  mV: u('mV', 'millivolts', 124),
  kV: u('kV', 'kilovolts', 6),
  W: u('W', 'watts', 47),
  kW: u('kW', 'kilowatts', 48),
  MW: u('MW', 'megawatts', 49),
  VA: u('VA', 'volt-amperes', 8),
  kVA: u('kVA', 'kilovolt-amperes', 9),
  MVA: u('mVA', 'megavolt-amperes', 10),
  VAR: u('VAR', 'volt-amperes-reactive', 11),
  kVAR: u('kVAR', 'kilovolt-amperes-reactive', 12),
  Wh: u('Wh', 'watt-hours', 18),
  kWh: u('kWh', 'kilowatt-hours', 19),
  MWh: u('MWh', 'megawatt-hours', 146),
  kVARh: u('kVARh', 'kilowatt-reactive-hours', 204),
  kVAh: u('kVAh', 'kilovolt-ampere-hours', 240),
  J: u('J', 'joules', 16),
  kJ: u('kJ', 'kilojoules', 17),
  MJ: u('MJ', 'megajoules', 126),
  Hz: u('Hz', 'hertz', 27),
  pf: u('pf', 'power-factor', 15),
  // temperature
  '°C': u('°C', 'degrees-celsius', 62),
  '°F': u('°F', 'degrees-fahrenheit', 64),
  K: u('K', 'degrees-kelvin', 63),
  '°C/h': u('°C/h', 'degrees-celsius-per-hour', 91),
  // ratios
  '%': u('%', 'percent', 98),
  '%RH': u('%RH', 'percent-relative-humidity', 29),
  ppm: u('ppm', 'parts-per-million', 96),
  ppb: u('ppb', 'parts-per-billion', 97),
  // length, area, volume
  mm: u('mm', 'millimeters', 30),
  cm: u('cm', 'centimeters', 118),
  m: u('m', 'meters', 31),
  km: u('km', 'kilometers', 193),
  'm²': u('m²', 'square-meters', 0),
  L: u('L', 'liters', 82),
  'm³': u('m³', 'cubic-meters', 80),
  // flow, speed
  'L/s': u('L/s', 'liters-per-second', 87),
  'L/min': u('L/min', 'liters-per-minute', 88),
  'L/h': u('L/h', 'liters-per-hour', 136),
  'm³/h': u('m³/h', 'cubic-meters-per-hour', 135),
  'm³/s': u('m³/s', 'cubic-meters-per-second', 85),
  'm/s': u('m/s', 'meters-per-second', 74),
  'km/h': u('km/h', 'kilometers-per-hour', 75),
  // pressure
  Pa: u('Pa', 'pascals', 53),
  hPa: u('hPa', 'hectopascals', 133),
  kPa: u('kPa', 'kilopascals', 54),
  bar: u('bar', 'bars', 55),
  mbar: u('mbar', 'millibars', 134),
  // time
  ms: u('ms', 'milliseconds', 159),
  s: u('s', 'seconds', 73),
  min: u('min', 'minutes', 72),
  h: u('h', 'hours', 71),
  day: u('day', 'days', 70),
  // mass, light, sound, air quality
  g: u('g', 'grams', 195),
  kg: u('kg', 'kilograms', 39),
  'kg/h': u('kg/h', 'kilograms-per-hour', 44),
  lx: u('lx', 'luxes', 37),
  db: u('db', 'decibels', 199),
  'µg/m³': u('µg/m³', 'micrograms-per-cubic-meter', 219),
  // rates
  '/s': u('/s', 'per-second', 101),
  '/min': u('/min', 'per-minute', 100),
  '/h': u('/h', 'per-hour', 131),
  '%/s': u('%/s', 'percent-per-second', 99),
  // decisions (see docs/points-list.md): a count is a plain number; requests per second is a rate per
  // second; € is Haystack's euro and BACnet's first site currency; %/h has a BACnet unit but no Haystack one.
  count: u(null, 'no-units', 95),
  'req/s': u('/s', 'per-second', 101),
  '€': u('€', 'currency1', 105),
  '%/h': u(null, 'percent-per-hour', 47882),
};

/** Spellings people use for the same unit. */
const ALIASES: Record<string, string> = {
  '°c': '°C',
  degC: '°C',
  '°f': '°F',
  l: 'L',
  'l/min': 'L/min',
  'l/s': 'L/s',
  'l/h': 'L/h',
  m3: 'm³',
  'm3/h': 'm³/h',
  m2: 'm²',
  kw: 'kW',
  kwh: 'kWh',
  hz: 'Hz',
  sec: 's',
  mn: 'min',
  hr: 'h',
  dB: 'db',
  lux: 'lx',
  EUR: '€',
  eur: '€',
  'req/sec': 'req/s',
  cnt: 'count',
};

/** Unit information for a symbol; a unit of the Haystack database outside the table maps to no-units. */
export function unitInfo(symbol: string): UnitInfo | null {
  const key = UNITS[symbol] ? symbol : ALIASES[symbol];
  if (key && UNITS[key]) return UNITS[key];
  if (HAYSTACK_UNITS.has(symbol)) return { haystack: symbol, bacnet: { name: 'no-units', number: 95 } };
  return null;
}

/** Whether a unit is one Pointyard knows (our table, an alias, or the Haystack database). */
export function isKnownUnit(symbol: string): boolean {
  return unitInfo(symbol) !== null;
}

/** BACnet no-units, used for points without a unit. */
export const NO_UNITS: UnitInfo['bacnet'] = { name: 'no-units', number: 95 };
