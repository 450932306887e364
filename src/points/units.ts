// Units of a points list: the symbol as written (kept for display) and its Haystack unit, the vocabulary of
// the points' tags. The four decisions the format leaves open (`count`, `req/s`, `€`, `%/h`) are explained
// in docs/points-list.md, "Units"; protocol plug-ins map the symbols to units of their own.

import { HAYSTACK_UNITS } from './data/haystack-units.js';

export interface UnitInfo {
  /** The symbol as this table spells it (`°C` for `degC`); a Haystack database unit as written. */
  symbol: string;
  /** Haystack unit symbol, or null when Haystack has none (the number then carries no unit). */
  haystack: string | null;
  /** A count: a plain number with no unit to show. */
  plainNumber: boolean;
}

/** The symbol a plain number (a count) is written with. */
const PLAIN_NUMBER = 'count';

/** Symbols as written in points lists → their Haystack units. */
const UNITS: Record<string, string | null> = {
  // electrical
  A: 'A',
  mA: 'mA',
  V: 'V',
  mV: 'mV',
  kV: 'kV',
  W: 'W',
  kW: 'kW',
  MW: 'MW',
  VA: 'VA',
  kVA: 'kVA',
  MVA: 'mVA',
  VAR: 'VAR',
  kVAR: 'kVAR',
  Wh: 'Wh',
  kWh: 'kWh',
  MWh: 'MWh',
  kVARh: 'kVARh',
  kVAh: 'kVAh',
  J: 'J',
  kJ: 'kJ',
  MJ: 'MJ',
  Hz: 'Hz',
  pf: 'pf',
  // temperature
  '°C': '°C',
  '°F': '°F',
  K: 'K',
  '°C/h': '°C/h',
  // ratios
  '%': '%',
  '%RH': '%RH',
  ppm: 'ppm',
  ppb: 'ppb',
  // length, area, volume
  mm: 'mm',
  cm: 'cm',
  m: 'm',
  km: 'km',
  'm²': 'm²',
  L: 'L',
  'm³': 'm³',
  // flow, speed
  'L/s': 'L/s',
  'L/min': 'L/min',
  'L/h': 'L/h',
  'm³/h': 'm³/h',
  'm³/s': 'm³/s',
  'm/s': 'm/s',
  'km/h': 'km/h',
  // pressure
  Pa: 'Pa',
  hPa: 'hPa',
  kPa: 'kPa',
  bar: 'bar',
  mbar: 'mbar',
  // time
  ms: 'ms',
  s: 's',
  min: 'min',
  h: 'h',
  day: 'day',
  // mass, light, sound, air quality
  g: 'g',
  kg: 'kg',
  'kg/h': 'kg/h',
  lx: 'lx',
  db: 'db',
  'µg/m³': 'µg/m³',
  // rates
  '/s': '/s',
  '/min': '/min',
  '/h': '/h',
  '%/s': '%/s',
  // decisions (see docs/points-list.md): a count is a plain number; requests per second is a rate per
  // second; € is Haystack's euro; %/h has no Haystack unit (it is shown as written).
  count: null,
  'req/s': '/s',
  '€': '€',
  '%/h': null,
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

/** The symbols of the table (aliases aside), for the protocols that map each to a unit of their own. */
export const UNIT_SYMBOLS: readonly string[] = Object.keys(UNITS);

/** Unit information for a symbol: from the table (or an alias), else from the Haystack database. */
export function unitInfo(symbol: string): UnitInfo | null {
  const key = Object.hasOwn(UNITS, symbol)
    ? symbol
    : Object.hasOwn(ALIASES, symbol)
      ? ALIASES[symbol]
      : undefined;
  if (key !== undefined && Object.hasOwn(UNITS, key))
    return { symbol: key, haystack: UNITS[key] ?? null, plainNumber: key === PLAIN_NUMBER };
  if (HAYSTACK_UNITS.has(symbol)) return { symbol, haystack: symbol, plainNumber: false };
  return null;
}

/** Whether a unit is one Pointyard knows (our table, an alias, or the Haystack database). */
export function isKnownUnit(symbol: string): boolean {
  return unitInfo(symbol) !== null;
}
