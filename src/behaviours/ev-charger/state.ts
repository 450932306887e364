// What an EV charger remembers between steps. The step updates it in place: the outputs and signals objects
// are made once here and refilled at every step, so a step allocates nothing in ordinary operation.

import type { Rng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import { LocalTime } from '../../util/local-time.js';
import type { DeviceContext, StepResult } from '../behaviour.js';
import { EventLog } from '../shared/event-log.js';
import { evSignal } from '../signals.js';
import { ArrivalProfile } from './arrival-profile.js';
import { type GridNoise, type GridNoiseFigures, initialNoise } from './grid-noise.js';
import type { EvChargerParameters } from './parameters.js';
import { initRandomFaults, type RandomFaultFigures, type RandomFaults } from './random-faults.js';
import { ambientAt } from './thermal.js';

/**
 * Where the connector is in a session: no car; a car plugged in waiting for its card; the card being
 * checked; a transaction open (the car charging, or suspended by the charger); the transaction over (or
 * never started) and the car still plugged in.
 */
export type Phase = 'idle' | 'plugged' | 'authorizing' | 'charging' | 'finished';

/** The effective commands that shape the session and the statuses, refreshed at every step. */
export interface Switches {
  /** Charge Enable is ENABLE. */
  enabled: boolean;
  /** Connector Lock is LOCK. */
  locked: boolean;
}

/** Names of the signals this charger reads and publishes. */
export interface SignalKeys {
  available: string;
  managed: string;
  demandA: string;
  powerKw: string;
  energyKwh: string;
  phases: string;
  voltageV: string;
  plugins: string;
  limitA: string;
  linkFault: string;
  meterWh: string;
  ocppLink: string;
  ocppLimitA: string;
}

export interface EvChargerState {
  p: EvChargerParameters;
  local: LocalTime;
  arrivals: ArrivalProfile;
  noiseFigures: GridNoiseFigures;
  faultFigures: RandomFaultFigures;
  keys: SignalKeys;
  switches: Switches;
  /** Range of Output Voltage in the points list: the voltage stays inside it. */
  voltageRange: [number, number];

  phase: Phase;
  pluggedAt: number;
  vehicleMaxA: number;
  targetKwh: number;
  /** When the driver comes back to the car (end of the stay). */
  leaveAt: number;
  /** When the cable is removed; Infinity until known. */
  unplugAt: number;
  rfidAt: number;
  authDoneAt: number;
  attempts: number;
  /** Whether this session opened a transaction (Session Status COMPLETE once it ends). */
  transaction: boolean;
  /** Energy of the session, kWh: 0 at plug-in, ∫P dt while charging. */
  energyKwh: number;
  /** Whether a load-management pause was announced (an event is logged on each change). */
  suspended: boolean;
  authStatus: 'SUCCESS' | 'FAILED' | 'PENDING';
  /** The id tag (RFID card) of the car at the connector. */
  idTag: string;
  /** The central system's answer to the card being checked, once it came (OCPP agent only). */
  authAnswer: 'accepted' | 'refused' | null;
  /** Until when the central system's answer is awaited before the charger decides on its own. */
  authWaitUntil: number;
  /** ChangeAvailability Inoperative: no new session (the one in progress goes on). */
  inoperative: boolean;
  /** Energy register of the meter since the charger was installed, Wh (persisted; OCPP meterStart/Stop). */
  meterWh: number;
  /** The register when the transaction started, Wh. */
  meterStartWh: number;

  /** RFID cards presented since the device was installed (persisted). */
  rfidReads: number;
  /** Cars plugged in since the start (which card the next driver presents). */
  pluginsAt: number;
  /** The car park's `plugins` total last seen (persisted, so a restart does not replay old cars). */
  pluginsSeen: number;
  nextOwnArrival: number;

  /** Current the car draws before measurement noise, A (it ramps). */
  currentA: number;
  /** What the meter shows this step (rounded as published): the active power is computed from these. */
  outputCurrentA: number;
  voltageV: number;
  powerFactor: number;
  powerKw: number;
  frequencyHz: number;
  noise: GridNoise;
  noiseAt: number;
  temperatureC: number;
  ambientC: number;
  ambientAt: number;

  random: RandomFaults;
  groundFault: boolean;
  /** A charge-point agent has spoken for the charger (its first connection is not a link restored). */
  agentSeen: boolean;
  /** The link was up before (its coming back is a link restored); false until a charge point first connects. */
  linkWasUp: boolean;
  /** An `offline` fault (injected or random) cuts the charger from its central system. */
  linkFault: boolean;
  /** The OCPP link is down: by the fault, or (for a charge point) its WebSocket is not connected. */
  offline: boolean;

  outputs: Record<string, Value>;
  signals: Record<string, number>;
  /** Events of the step in progress. */
  log: EventLog;
  /** The step's answer, one object refilled at every step (set by the behaviour's init). */
  result: StepResult<EvChargerState> | null;
}

const MINUTE_MS = 60_000;

export function createState(
  ctx: DeviceContext,
  p: EvChargerParameters,
  rng: Rng,
  now: number,
  counters: Record<string, number>,
): EvChargerState {
  const id = ctx.device.id;
  const local = new LocalTime(ctx.tz);
  const arrivals = new ArrivalProfile(p.arrivalProfile, p.arrivalsPerDay, p.weekendFactor, local);
  const voltagePoint = ctx.device.profile.points.find((x) => x.id === 'output-voltage');
  const noiseFigures: GridNoiseFigures = {
    voltageMean: p.voltageOffsetPct / 100,
    voltageSpread: p.voltageSpreadPct / 100,
    frequencySpread: p.frequencySpreadHz,
    powerFactorSpread: p.powerFactorSpread,
    timeConstantS: p.gridTimeConstantS,
  };
  const faultFigures: RandomFaultFigures = {
    enabled: p.randomFaults,
    groundFaultsPerDay: p.groundFaultsPerDay,
    groundFaultResetMin: p.groundFaultResetMin,
    offlinePerDay: p.offlinePerDay,
    offlineMeanMin: p.offlineMeanMin,
  };
  const keys: SignalKeys = {
    available: evSignal(id, 'available'),
    managed: evSignal(id, 'managed'),
    demandA: evSignal(id, 'demandA'),
    powerKw: evSignal(id, 'powerKw'),
    energyKwh: evSignal(id, 'energyKwh'),
    phases: evSignal(id, 'phases'),
    voltageV: evSignal(id, 'voltageV'),
    plugins: evSignal(id, 'plugins'),
    limitA: evSignal(id, 'limitA'),
    linkFault: evSignal(id, 'linkFault'),
    meterWh: evSignal(id, 'meterWh'),
    ocppLink: evSignal(id, 'ocppLink'),
    ocppLimitA: evSignal(id, 'ocppLimitA'),
  };
  const ambient = ambientAt(p.ambientC, p.ambientSwingK, p.ambientPeakHour, local.hourOfDay(now));
  return {
    p,
    local,
    arrivals,
    noiseFigures,
    faultFigures,
    keys,
    switches: { enabled: true, locked: true },
    voltageRange: [voltagePoint?.min ?? 0, voltagePoint?.max ?? Number.POSITIVE_INFINITY],
    phase: 'idle',
    pluggedAt: now,
    vehicleMaxA: 0,
    targetKwh: 0,
    leaveAt: Number.POSITIVE_INFINITY,
    unplugAt: Number.POSITIVE_INFINITY,
    rfidAt: Number.POSITIVE_INFINITY,
    authDoneAt: Number.POSITIVE_INFINITY,
    attempts: 0,
    transaction: false,
    energyKwh: 0,
    suspended: false,
    authStatus: 'SUCCESS',
    idTag: '',
    authAnswer: null,
    authWaitUntil: Number.POSITIVE_INFINITY,
    inoperative: false,
    meterWh: counters['meter-wh'] ?? 0,
    meterStartWh: 0,
    rfidReads: counters['rfid-read-count'] ?? 0,
    pluginsSeen: counters['plugins-seen'] ?? 0,
    pluginsAt: 0,
    nextOwnArrival: arrivals.next(now, rng),
    currentA: 0,
    outputCurrentA: 0,
    voltageV: p.nominalVoltageV,
    powerFactor: 1,
    powerKw: 0,
    frequencyHz: p.frequencyHz,
    noise: initialNoise(noiseFigures, rng),
    noiseAt: now,
    temperatureC: ambient,
    ambientC: ambient,
    ambientAt: now,
    random: initRandomFaults(faultFigures, now, rng),
    groundFault: false,
    agentSeen: false,
    linkWasUp: true,
    linkFault: false,
    offline: false,
    outputs: {},
    signals: {},
    log: new EventLog(),
    result: null,
  };
}

/** How often the ambient temperature is recomputed, ms (it moves slowly). */
export const AMBIENT_EVERY_MS = MINUTE_MS;
