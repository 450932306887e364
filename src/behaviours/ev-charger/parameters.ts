// The EV charger's figures, each a site-file parameter with a default (docs/behaviour.md gives the
// unit and the source of every default). Read and checked once, when the device starts.

import type { DeviceContext } from '../behaviour.js';
import { ParameterReader } from '../shared/parameter-reader.js';
import { ARRIVAL_PROFILES, type ArrivalProfileName } from './arrival-profile.js';

/** The cards of the demo's drivers: ten id tags every charger knows by default. */
export const DEFAULT_ID_TAGS = Array.from({ length: 10 }, (_, i) => `RFID-${String(i + 1).padStart(4, '0')}`);

/** An OCPP 1.6 IdToken: 1 to 20 characters. */
const idTag = (text: string): string | null => (text.length >= 1 && text.length <= 20 ? text : null);

export interface EvChargerParameters {
  /** 3 (P = √3·U·I·PF, U line-to-line) or 1 (P = U·I·PF). */
  phases: 1 | 3;
  nominalVoltageV: number;
  /** Hardware limit of the charger (cable, contactor, protection), A per phase. */
  maxCurrentA: number;
  /** IEC 61851-1 lowest current a charger may offer (10 % PWM duty); below it the charger pauses. */
  minCurrentA: number;
  currentRampAps: number;
  /** How far below the offered current a car draws at random, A (standard deviation of |noise|). */
  currentNoiseA: number;

  /** Onboard-charger current limits of the vehicles that come, A per phase, and the share of each. */
  vehicleMaxCurrentsA: number[];
  vehicleShares: number[];
  /** Energy a driver wants: log-normal with this mean and spread (σ of its logarithm), clamped. */
  sessionEnergyKwh: number;
  sessionEnergySpread: number;
  sessionEnergyMinKwh: number;
  sessionEnergyMaxKwh: number;
  /** How long a car stays plugged in, uniform between these, hours. */
  dwellMinH: number;
  dwellMaxH: number;

  /** Delay between plugging in and presenting the RFID card, uniform, seconds. */
  rfidDelayMinS: number;
  rfidDelayMaxS: number;
  /** Time the authorization takes (RFID Auth Status PENDING), seconds. */
  authTimeS: number;
  /** Probability that a card is refused by the local authorization list. */
  rfidFailureRate: number;
  rfidMaxAttempts: number;
  rfidRetryS: number;
  /** The RFID cards (OCPP id tags) drivers present, taken in turn. */
  idTags: string[];
  /** How long a charge point waits for its central system's Authorize answer before deciding locally, s. */
  authTimeoutS: number;
  /** Time a driver takes to unplug once the session is stopped at the end of the stay, seconds. */
  unplugDelayS: number;

  /** Mean deviation of the supply from nominal, %, and its random spread (σ), %. */
  voltageOffsetPct: number;
  voltageSpreadPct: number;
  /** Voltage drop in the feeder at the charger's hardware max current, %. */
  voltageDropPct: number;
  /** Band around nominal the voltage never leaves, ± %. */
  voltageBandPct: number;
  frequencyHz: number;
  frequencySpreadHz: number;
  frequencyBandHz: number;
  /** Time constant of the grid's voltage and frequency walks, seconds, and how often they move. */
  gridTimeConstantS: number;
  gridUpdateS: number;
  /** Power factor at full current and at the minimum current, its spread and its bounds while charging. */
  powerFactorFull: number;
  powerFactorLow: number;
  powerFactorSpread: number;
  powerFactorMin: number;
  powerFactorMax: number;

  /** Daily mean ambient temperature around the charger, °C; amplitude of its daily cycle, K; hottest hour. */
  ambientC: number;
  ambientSwingK: number;
  ambientPeakHour: number;
  /** Steady temperature rise above ambient per kW delivered, K/kW (≈ 15 K at 22 kW). */
  heatRiseKPerKw: number;
  thermalTimeConstantMin: number;

  /** Own arrivals when no car park sends cars: daily shape, arrivals per weekday, weekend factor. */
  arrivalProfile: number[];
  arrivalsPerDay: number;
  weekendFactor: number;

  randomFaults: boolean;
  groundFaultsPerDay: number;
  /** Time until an operator resets a random ground fault, minutes. */
  groundFaultResetMin: number;
  offlinePerDay: number;
  /** Mean length of a random OCPP link loss, minutes (exponential). */
  offlineMeanMin: number;
}

const NAMES: Array<keyof EvChargerParameters> = [
  'phases',
  'nominalVoltageV',
  'maxCurrentA',
  'minCurrentA',
  'currentRampAps',
  'currentNoiseA',
  'vehicleMaxCurrentsA',
  'vehicleShares',
  'sessionEnergyKwh',
  'sessionEnergySpread',
  'sessionEnergyMinKwh',
  'sessionEnergyMaxKwh',
  'dwellMinH',
  'dwellMaxH',
  'rfidDelayMinS',
  'rfidDelayMaxS',
  'authTimeS',
  'rfidFailureRate',
  'rfidMaxAttempts',
  'rfidRetryS',
  'idTags',
  'authTimeoutS',
  'unplugDelayS',
  'voltageOffsetPct',
  'voltageSpreadPct',
  'voltageDropPct',
  'voltageBandPct',
  'frequencyHz',
  'frequencySpreadHz',
  'frequencyBandHz',
  'gridTimeConstantS',
  'gridUpdateS',
  'powerFactorFull',
  'powerFactorLow',
  'powerFactorSpread',
  'powerFactorMin',
  'powerFactorMax',
  'ambientC',
  'ambientSwingK',
  'ambientPeakHour',
  'heatRiseKPerKw',
  'thermalTimeConstantMin',
  'arrivalProfile',
  'arrivalsPerDay',
  'weekendFactor',
  'randomFaults',
  'groundFaultsPerDay',
  'groundFaultResetMin',
  'offlinePerDay',
  'offlineMeanMin',
];

/** The range of a point of the profile, or the fallback when the profile has no such point. */
function rangeOf(ctx: DeviceContext, id: string, lo: number, hi: number): [number, number] {
  const p = ctx.device.profile.points.find((x) => x.id === id);
  return [p?.min ?? lo, p?.max ?? hi];
}

export function readParameters(ctx: DeviceContext): EvChargerParameters {
  const r = new ParameterReader(ctx.device.id, ctx.device.parameters);
  r.rejectUnknown(NAMES);
  const [vMin, vMax] = rangeOf(ctx, 'output-voltage', 220, 400);
  const [, iMax] = rangeOf(ctx, 'output-current', 0, 32);
  const phases = r.oneOf<number>('phases', 3, [1, 3]) as 1 | 3;
  const maxCurrentA = r.number('maxCurrentA', iMax, 6, iMax);

  const profileParam = r.raw('arrivalProfile') ?? 'office';
  let arrivalProfile: number[];
  let weekendFactor = 1;
  if (typeof profileParam === 'string') {
    const named = ARRIVAL_PROFILES[profileParam as ArrivalProfileName];
    r.check(named !== undefined, 'arrivalProfile', `one of ${Object.keys(ARRIVAL_PROFILES).join(', ')}`);
    arrivalProfile = [...named.weights];
    weekendFactor = named.weekendFactor;
  } else {
    arrivalProfile = r.numbers('arrivalProfile', [], 0, 1000, 24);
    r.check(
      arrivalProfile.some((w) => w > 0),
      'arrivalProfile',
      'a profile name or 24 hourly weights, one above 0',
    );
  }

  const p: EvChargerParameters = {
    phases,
    nominalVoltageV: r.number('nominalVoltageV', phases === 3 ? 400 : 230, vMin, vMax),
    maxCurrentA,
    minCurrentA: r.number('minCurrentA', 6, 1, maxCurrentA),
    currentRampAps: r.number('currentRampAps', 6, 0.1, 1000),
    currentNoiseA: r.number('currentNoiseA', 0.1, 0, 2),
    vehicleMaxCurrentsA: r.numbers('vehicleMaxCurrentsA', [16, 32], 6, 80, null),
    vehicleShares: r.numbers('vehicleShares', [0.75, 0.25], 0, 1000, null),
    sessionEnergyKwh: r.number('sessionEnergyKwh', 8, 0.1, 200),
    sessionEnergySpread: r.number('sessionEnergySpread', 0.6, 0, 2),
    sessionEnergyMinKwh: r.number('sessionEnergyMinKwh', 1, 0.01, 200),
    sessionEnergyMaxKwh: r.number('sessionEnergyMaxKwh', 60, 0.01, 200),
    dwellMinH: r.number('dwellMinH', 1, 0.05, 12),
    dwellMaxH: r.number('dwellMaxH', 9, 0.05, 12),
    rfidDelayMinS: r.number('rfidDelayMinS', 10, 0, 3600),
    rfidDelayMaxS: r.number('rfidDelayMaxS', 90, 0, 3600),
    authTimeS: r.number('authTimeS', 2, 0, 60),
    rfidFailureRate: r.number('rfidFailureRate', 0.02, 0, 1),
    rfidMaxAttempts: r.integer('rfidMaxAttempts', 3, 1, 10),
    rfidRetryS: r.number('rfidRetryS', 30, 1, 3600),
    idTags: r.list('idTags', DEFAULT_ID_TAGS, 'id tags of 1 to 20 characters (OCPP IdToken)', idTag),
    authTimeoutS: r.number('authTimeoutS', 30, 1, 600),
    unplugDelayS: r.number('unplugDelayS', 60, 0, 3600),
    voltageOffsetPct: r.number('voltageOffsetPct', -0.5, -2, 2),
    voltageSpreadPct: r.number('voltageSpreadPct', 0.3, 0, 2),
    voltageDropPct: r.number('voltageDropPct', 1, 0, 2),
    voltageBandPct: r.number('voltageBandPct', 2, 0, 10),
    frequencyHz: r.number('frequencyHz', 50, 45, 65),
    frequencySpreadHz: r.number('frequencySpreadHz', 0.015, 0, 0.5),
    frequencyBandHz: r.number('frequencyBandHz', 0.05, 0, 1),
    gridTimeConstantS: r.number('gridTimeConstantS', 300, 1, 86_400),
    gridUpdateS: r.number('gridUpdateS', 5, 1, 3600),
    powerFactorFull: r.number('powerFactorFull', 0.985, 0, 1),
    powerFactorLow: r.number('powerFactorLow', 0.96, 0, 1),
    powerFactorSpread: r.number('powerFactorSpread', 0.003, 0, 0.1),
    powerFactorMin: r.number('powerFactorMin', 0.95, 0, 1),
    powerFactorMax: r.number('powerFactorMax', 0.99, 0, 1),
    ambientC: r.number('ambientC', 18, -25, 45),
    ambientSwingK: r.number('ambientSwingK', 2, 0, 20),
    ambientPeakHour: r.number('ambientPeakHour', 16, 0, 24),
    heatRiseKPerKw: r.number('heatRiseKPerKw', 0.68, 0, 5),
    thermalTimeConstantMin: r.number('thermalTimeConstantMin', 20, 0.1, 1440),
    arrivalProfile,
    arrivalsPerDay: r.number('arrivalsPerDay', 4, 0, 500),
    weekendFactor: r.number('weekendFactor', weekendFactor, 0, 10),
    randomFaults: r.boolean('randomFaults', true),
    groundFaultsPerDay: r.number('groundFaultsPerDay', 0.002, 0, 100),
    groundFaultResetMin: r.number('groundFaultResetMin', 120, 1, 10_080),
    offlinePerDay: r.number('offlinePerDay', 0.05, 0, 100),
    offlineMeanMin: r.number('offlineMeanMin', 10, 0.1, 10_080),
  };
  r.check(
    p.vehicleShares.length === p.vehicleMaxCurrentsA.length && p.vehicleShares.some((s) => s > 0),
    'vehicleShares',
    `one share per entry of vehicleMaxCurrentsA (${p.vehicleMaxCurrentsA.length}), one above 0`,
  );
  r.check(
    p.sessionEnergyMinKwh <= p.sessionEnergyMaxKwh,
    'sessionEnergyMinKwh',
    'at most sessionEnergyMaxKwh',
  );
  r.check(p.dwellMinH <= p.dwellMaxH, 'dwellMinH', 'at most dwellMaxH');
  r.check(p.rfidDelayMinS <= p.rfidDelayMaxS, 'rfidDelayMinS', 'at most rfidDelayMaxS');
  r.check(p.powerFactorMin <= p.powerFactorMax, 'powerFactorMin', 'at most powerFactorMax');
  // The longest stay, its unplugging and the driver's retries must fit the 12 h of Charge Session Duration.
  r.check(
    p.dwellMaxH * 3600 + p.unplugDelayS <= 12 * 3600,
    'unplugDelayS',
    'short enough for dwellMaxH plus it to stay within 12 h',
  );
  return p;
}
