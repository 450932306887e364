// The PIR detector's state: the passage generator, pulse counting, the alarm hold, the battery, counters and
// fault timers, plus the outputs object and step result reused at every step (no allocation at 10 steps/s).

import type { Rng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import { LocalTime } from '../../util/local-time.js';
import type { DeviceContext, StepResult } from '../behaviour.js';
import { EventLog, NO_EVENTS } from '../shared/event-log.js';
import { exponential } from '../shared/random.js';
import { RandomFaults } from '../shared/random-faults.js';
import { Battery } from './battery.js';
import { type PirParameters, readPirParameters } from './parameters.js';
import { PulseCounter } from './pulse-counter.js';
import { PulseTrain } from './pulse-train.js';
import { OfficeHours } from './schedule.js';
import { SiaReporter } from './sia.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Random faults of the detector, in this order (indices used by the step). */
export const RANDOM_FAULTS = [
  { name: 'tamper', minMs: 2 * MINUTE, maxMs: 15 * MINUTE },
  { name: 'masked', minMs: 10 * MINUTE, maxMs: 2 * HOUR },
  { name: 'supervision', minMs: MINUTE, maxMs: 20 * MINUTE },
] as const;

/** Names of the persisted counters. */
export const COUNTER = { detections: 'detection-count', battery: 'battery-charge-pct' } as const;

/** Highest Detection Count (the points list's range): the counter stops there rather than wrap. */
export const MAX_DETECTIONS = 99_999;

export interface PirState {
  p: PirParameters;
  local: LocalTime;
  office: OfficeHours;
  log: EventLog;
  /** The detector's SIA reports, into `log`. */
  sia: SiaReporter;
  randomFaults: RandomFaults;
  train: PulseTrain;
  counter: PulseCounter;
  battery: Battery;
  /** Busiest person arrival rate (per hour), for thinning the time-varying Poisson process. */
  maxPersonRate: number;
  /** Next candidate arrivals of a person and of a pet, epoch ms. */
  nextPersonAt: number;
  nextPetAt: number;
  signalPct: number;
  detections: number;
  /** Alarm Status holds until this time (epoch ms). */
  alarmUntil: number;
  alarm: boolean;
  /** A BA was reported for the current alarm (so its end is reported with BR). */
  burglaryReported: boolean;
  /** The zone is armed (by the armed schedule), as of the last step. */
  armed: boolean;
  /** The armed schedule cannot change before this time (epoch ms): steps before it do not ask. */
  scheduleSteadyUntil: number;
  /** The zone is bypassed (fault `bypass`): a detection raises no burglary alarm. */
  bypassed: boolean;
  tamper: boolean;
  masked: boolean;
  supervisionLost: boolean;
  /** The alarm receiver no longer hears this detector's account (receiver-link.ts). */
  receiverLinkLost: boolean;
  lowBattery: boolean;
  temperatureC: number;
  temperatureAt: number;
  outputs: Record<string, Value>;
  result: StepResult<PirState>;
}

export function initialState(
  ctx: DeviceContext,
  rng: Rng,
  now: number,
  saved: Record<string, number>,
): PirState {
  const p = readPirParameters(ctx);
  const local = new LocalTime(ctx.tz);
  const samples = (s: number) => Math.max(1, Math.round(s * 10)); // 100 ms samples
  const maxPersonRate = Math.max(p.passagesPerHourOffice, p.passagesPerHourOther);
  const detections = Math.min(MAX_DETECTIONS, Math.max(0, Math.floor(saved[COUNTER.detections] ?? 0)));
  const battery = new Battery(p, saved[COUNTER.battery] ?? p.initialBatteryPct);
  const office = new OfficeHours(
    local,
    p.officeStartHour,
    p.officeEndHour,
    p.officeWeekdays,
    p.armedSchedule,
  );
  const log = new EventLog();
  const state: PirState = {
    p,
    local,
    office,
    log,
    sia: new SiaReporter(log, p.zone, ctx.device.name),
    randomFaults: new RandomFaults(RANDOM_FAULTS, p.randomFaultRatePerDay, p.randomFaults, rng, now),
    train: new PulseTrain({
      minSamples: samples(p.pulseMinS),
      maxSamples: samples(p.pulseMaxS),
      gapMinSamples: samples(p.pulseGapMinS),
      gapMaxSamples: samples(p.pulseGapMaxS),
    }),
    counter: new PulseCounter(p.pulseWindowS * 1000),
    battery,
    maxPersonRate,
    nextPersonAt: now + exponential(rng, maxPersonRate) * HOUR,
    nextPetAt: now + exponential(rng, p.petPassagesPerHour) * HOUR,
    signalPct: 0,
    detections,
    alarmUntil: 0,
    alarm: false,
    burglaryReported: false,
    // A (re)start reports no opening or closing: the zone is as its schedule says, as a panel's would be.
    armed: office.isArmed(now),
    scheduleSteadyUntil: office.steadyUntil(now),
    bypassed: false,
    tamper: false,
    masked: false,
    supervisionLost: false,
    receiverLinkLost: false,
    // A battery already low at a restart was reported before it; a new one is reported at its first step.
    lowBattery: saved[COUNTER.battery] !== undefined && battery.charge < p.lowBatteryPct,
    temperatureC: p.ambientMeanC,
    temperatureAt: Number.NEGATIVE_INFINITY,
    outputs: {
      'signal-level': 0,
      temperature: p.ambientMeanC,
      'detection-count': detections,
      'battery-level': 0,
      'detector-status': 'OK',
      'alarm-status': false,
      'masked-status': false,
      'tamper-status': false,
      'communication-status': 'OK',
    },
    result: undefined as unknown as StepResult<PirState>,
  };
  state.result = { state, outputs: state.outputs, events: NO_EVENTS };
  return state;
}
