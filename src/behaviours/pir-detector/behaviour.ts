// The PIR Detector (behaviour.md, "PIR Detector", EN 50131-2-2): people and pets walk past at the rates of
// the occupancy profile; each passage is a pulse train on Signal Level (100 ms samples, noise 0–5 %); two
// pulses above the Sensitivity threshold within the pulse window make a detection: Detection Count +1, Alarm
// Status TRUE for the hold time, Detector Status ALARM, SIA BA when the zone is armed (BR when the alarm
// ends). Tamper (TA/TR), masking (BT/BJ), missed supervision (BZ/BJ), low battery (YT/YR), the armed
// schedule arming and disarming the zone (CA/OA) and a zone bypass (BB/BU) are reported too. Zero allocation
// per step unless an event happens: the outputs object and the step result are reused.

import type { Rng } from '../../core/rng.js';
import type { Value } from '../../core/value.js';
import type { Behaviour, DeviceContext, StepInputs, StepResult } from '../behaviour.js';
import { relinquishDefault } from '../defaults.js';
import { ambientC } from '../shared/ambient.js';
import { exponential, uniform } from '../shared/random.js';
import { round } from '../shared/rounding.js';
import { type PirParameters, readPirParameters } from './parameters.js';
import { applyReceiverLink } from './receiver-link.js';
import { COUNTER, initialState, MAX_DETECTIONS, type PirState } from './state.js';

const HOUR = 3_600_000;
const TEMPERATURE_EVERY_MS = 60_000;

/** Threshold of a Sensitivity word: HIGH sensitivity has the lowest threshold. */
export function thresholdFor(p: PirParameters, sensitivity: Value | undefined): number {
  return sensitivity === 'HIGH'
    ? p.thresholdHighPct
    : sensitivity === 'LOW'
      ? p.thresholdLowPct
      : p.thresholdMediumPct;
}

/** People (a Poisson process whose rate follows office hours, drawn by thinning) and pets walk into range. */
function arrivals(s: PirState, now: number, rng: Rng): void {
  const { p, train } = s;
  if (now >= s.nextPersonAt) {
    s.nextPersonAt = now + exponential(rng, s.maxPersonRate) * HOUR;
    const rate = s.office.isOpen(now) ? p.passagesPerHourOffice : p.passagesPerHourOther;
    if (rng.next() * s.maxPersonRate < rate && !train.active) {
      const pulses = rng.int(p.personPulsesMin, p.personPulsesMax);
      train.start(rng, pulses, uniform(rng, p.personPeakMinPct, p.personPeakMaxPct), false);
    }
  }
  if (now >= s.nextPetAt) {
    s.nextPetAt = now + exponential(rng, p.petPassagesPerHour) * HOUR;
    if (!train.active) {
      const pulses = rng.int(p.petPulsesMin, p.petPulsesMax);
      train.start(rng, pulses, uniform(rng, p.petPeakMinPct, p.petPeakMaxPct), true);
    }
  }
}

/** Injected or random faults, and their SIA reports when they start and end. */
function updateFaults(s: PirState, faults: ReadonlySet<string>): void {
  const none = faults.size === 0;
  const { randomFaults: random, sia } = s;
  const tamper = (!none && faults.has('tamper')) || random.active(0);
  const masked = (!none && faults.has('masked')) || random.active(1);
  const lost = (!none && faults.has('supervision')) || random.active(2);
  const bypassed = !none && faults.has('bypass'); // an operator's act at the panel: never random
  if (tamper !== s.tamper) {
    s.tamper = tamper;
    sia.report(tamper ? 'TA' : 'TR', 'tamper-status');
  }
  if (masked !== s.masked) {
    s.masked = masked;
    sia.report(masked ? 'BT' : 'BJ', 'masked-status', masked ? undefined : 'masking removed');
  }
  if (lost !== s.supervisionLost) {
    s.supervisionLost = lost;
    sia.report(lost ? 'BZ' : 'BJ', 'communication-status', lost ? undefined : 'supervision restored');
  }
  if (bypassed !== s.bypassed) {
    s.bypassed = bypassed;
    sia.report(bypassed ? 'BB' : 'BU', 'alarm-status');
  }
}

/** The armed schedule arms or disarms the zone: an automatic closing (CA) or opening (OA) of its area. */
function followSchedule(s: PirState, now: number): void {
  if (now < s.scheduleSteadyUntil) return;
  const armed = s.office.isArmed(now);
  s.scheduleSteadyUntil = s.office.steadyUntil(now);
  if (armed === s.armed) return;
  s.armed = armed;
  s.sia.report(armed ? 'CA' : 'OA', null);
}

function detect(s: PirState, now: number, led: boolean): void {
  if (s.detections < MAX_DETECTIONS) s.detections++;
  s.alarm = true;
  s.alarmUntil = now + s.p.holdTimeS * 1000; // a new detection during the hold restarts it
  s.battery.detection(led);
  if (!s.burglaryReported && s.armed && !s.bypassed) {
    s.burglaryReported = true;
    s.sia.report('BA', 'alarm-status');
  }
}

/** Battery Level as shown (a `low-battery` fault sags it), and YT / YR when it crosses the low mark. */
function batteryLevel(s: PirState, lowBatteryFault: boolean): number {
  const { p } = s;
  const charge = s.battery.charge;
  const shown =
    Math.round((lowBatteryFault && charge > p.lowBatteryFaultPct ? p.lowBatteryFaultPct : charge) * 100) /
    100;
  const low = shown < p.lowBatteryPct;
  if (low !== s.lowBattery) {
    s.lowBattery = low;
    s.sia.report(low ? 'YT' : 'YR', 'battery-level', low ? `low battery (${shown} %)` : undefined);
  }
  return shown;
}

function step(
  _ctx: DeviceContext,
  s: PirState,
  inputs: StepInputs,
  dt: number,
  rng: Rng,
): StepResult<PirState> {
  const { p, log } = s;
  const now = inputs.now;
  const commands = inputs.commands;
  s.randomFaults.advance(now, rng, log, 'detector-status');
  updateFaults(s, inputs.faults);
  if (inputs.requests && inputs.requests.length > 0) applyReceiverLink(s, inputs.requests);
  followSchedule(s, now);
  if (dt > 0) {
    arrivals(s, now, rng);
    let pulse = s.train.sample(rng);
    // Pet immunity: the lens and dual elements barely see a small target.
    if (s.train.small && commands['pet-immunity'] === true) pulse *= p.petImmunityFactor;
    if (s.masked) pulse = 0; // covered or sprayed: nothing reaches the element
    const v = pulse + p.noiseMaxPct * rng.next();
    s.signalPct = round(v > 100 ? 100 : v, 1);
    if (s.counter.feed(s.signalPct, thresholdFor(p, commands.sensitivity), now))
      detect(s, now, commands['led-enable'] !== false);
    s.battery.drain(dt);
  }
  if (s.alarm && now >= s.alarmUntil) {
    s.alarm = false;
    if (s.burglaryReported) {
      s.burglaryReported = false;
      s.sia.report('BR', 'alarm-status');
    }
  }
  const battery = batteryLevel(s, inputs.faults.size > 0 && inputs.faults.has('low-battery'));
  if (now - s.temperatureAt >= TEMPERATURE_EVERY_MS) {
    const t = ambientC(p.ambientMeanC, p.ambientDailySwingC, p.ambientSeasonalSwingC, s.local, now);
    s.temperatureC = round(Math.min(50, Math.max(-10, t + 0.1 * rng.gaussian())), 1);
    s.temperatureAt = now;
  }
  const o = s.outputs;
  o['signal-level'] = s.signalPct;
  o.temperature = s.temperatureC;
  o['detection-count'] = s.detections;
  o['battery-level'] = battery;
  const unsupervised = s.supervisionLost || s.receiverLinkLost;
  o['detector-status'] = s.alarm ? 'ALARM' : s.tamper || s.masked || unsupervised ? 'FAULT' : 'OK';
  o['alarm-status'] = s.alarm;
  o['masked-status'] = s.masked;
  o['tamper-status'] = s.tamper;
  o['communication-status'] = unsupervised ? 'FAULT' : 'OK';
  s.result.events = log.take();
  return s.result;
}

export const pirDetectorBehaviour: Behaviour<PirState> = {
  name: 'pir-detector',
  faults: ['tamper', 'masked', 'supervision', 'low-battery', 'bypass'],
  init: initialState,
  step,
  relinquishDefault,
  counters(s) {
    return { [COUNTER.detections]: s.detections, [COUNTER.battery]: s.battery.charge };
  },
  onDemand(_ctx, s, point) {
    return s.outputs[point.id] ?? 0;
  },
  // The zone number the detector's SIA reports carry, for the receiver side: it finds the device (and so its
  // Communication Status) of a zone it hears from, or stops hearing from, without knowing the device type.
  facts(ctx) {
    return { alarmZone: { value: readPirParameters(ctx).zone, unit: null } };
  },
};
