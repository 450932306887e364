// What goes in and out of the tank: one of three profiles (parameter `profile`), each a small process whose
// state lives in FlowState. `rainwater`: showers fill it (a Poisson process of rain events) and a pump draws
// it off in bursts during usage hours. `consumption`: a standby generator's fuel, burnt during the weekly
// test run and mains outages, refilled by a delivery some time after the level falls below the order point.
// `fixed`: nothing moves (a reference tank, handy for tests).

import type { Rng } from '../../core/rng.js';
import type { LocalTime } from '../../util/local-time.js';
import type { EventLog } from '../shared/event-log.js';
import { exponential } from '../shared/random.js';
import type { LevelSensorParameters } from './parameters.js';
import { filledFraction } from './tank-geometry.js';

const HOUR = 3_600_000;

export interface FlowState {
  /** Volumes at the profile's level thresholds, L (worked out once from the tank's shape). */
  cutoffL: number;
  refillBelowL: number;
  refillToL: number;
  /** Rain: the next shower starts at, the current one ends at (epoch ms), its intensity (mm/h). */
  nextRainAt: number;
  rainUntil: number;
  rainMmH: number;
  /** Pump: the next candidate burst, the end of the current one (epoch ms). */
  nextPumpAt: number;
  pumpUntil: number;
  /** Fuel: the weekly test run in progress; the next mains outage, the end of the current one (epoch ms). */
  testRunning: boolean;
  nextOutageAt: number;
  outageUntil: number;
  outageRunning: boolean;
  /** Fuel: when the ordered delivery arrives (Infinity when none is ordered), and litres delivered so far. */
  deliveryAt: number;
  deliveredL: number;
  /** Fuel burnt in the current run, L (for its event). */
  burntL: number;
}

export function initialFlowState(p: LevelSensorParameters, rng: Rng, now: number): FlowState {
  const litresAt = (pct: number) => p.volumeL * filledFraction(p.shape, pct / 100);
  const burstsPerHour = p.usageLPerDay / p.pumpBurstL / (p.usageEndHour - p.usageStartHour);
  return {
    cutoffL: litresAt(p.pumpCutoffPct),
    refillBelowL: litresAt(p.refillBelowPct),
    refillToL: litresAt(p.refillToPct),
    nextRainAt: now + exponential(rng, p.rainEventsPerDay / 24) * HOUR,
    rainUntil: 0,
    rainMmH: 0,
    nextPumpAt: now + exponential(rng, burstsPerHour) * HOUR,
    pumpUntil: 0,
    testRunning: false,
    nextOutageAt: now + exponential(rng, p.outagesPerYear / 8766) * HOUR,
    outageUntil: 0,
    outageRunning: false,
    deliveryAt: Number.POSITIVE_INFINITY,
    deliveredL: 0,
    burntL: 0,
  };
}

/** The tank's volume after `dtS` seconds ending at `now`. */
export function advanceFlows(
  p: LevelSensorParameters,
  f: FlowState,
  now: number,
  dtS: number,
  volumeL: number,
  local: LocalTime,
  rng: Rng,
  log: EventLog,
): number {
  if (dtS <= 0 || p.profile === 'fixed') return volumeL;
  const v =
    p.profile === 'rainwater'
      ? rainwater(p, f, now, dtS, volumeL, local, rng)
      : consumption(p, f, now, dtS, volumeL, local, rng, log);
  return v < 0 ? 0 : v > p.volumeL ? p.volumeL : v; // above full it overflows
}

function rainwater(
  p: LevelSensorParameters,
  f: FlowState,
  now: number,
  dtS: number,
  volumeL: number,
  local: LocalTime,
  rng: Rng,
): number {
  let v = volumeL;
  if (now >= f.nextRainAt) {
    const hours = Math.min(
      Math.max(exponential(rng, 1 / p.rainMeanDurationH), 0.25),
      5 * p.rainMeanDurationH,
    );
    f.rainUntil = now + hours * HOUR;
    f.rainMmH = Math.min(exponential(rng, 1 / p.rainMeanIntensityMmH), 10 * p.rainMeanIntensityMmH);
    f.nextRainAt = f.rainUntil + exponential(rng, p.rainEventsPerDay / 24) * HOUR;
  }
  // 1 mm of rain on 1 m² is 1 L.
  if (now <= f.rainUntil) v += ((f.rainMmH * p.catchmentAreaM2 * p.runoffCoefficient) / 3600) * dtS;
  if (now >= f.nextPumpAt) {
    const burstsPerHour = p.usageLPerDay / p.pumpBurstL / (p.usageEndHour - p.usageStartHour);
    f.nextPumpAt = now + exponential(rng, burstsPerHour) * HOUR;
    const hour = local.hourOfDay(now);
    if (hour >= p.usageStartHour && hour < p.usageEndHour) {
      f.pumpUntil = now + (p.pumpBurstL / p.pumpRateLPerMin) * 60_000;
    }
  }
  // Dry-run protection: the pump stops at the cut-off level.
  if (now <= f.pumpUntil && v > f.cutoffL) v = Math.max(f.cutoffL, v - (p.pumpRateLPerMin / 60) * dtS);
  return v;
}

function consumption(
  p: LevelSensorParameters,
  f: FlowState,
  now: number,
  dtS: number,
  volumeL: number,
  local: LocalTime,
  rng: Rng,
  log: EventLog,
): number {
  let v = volumeL;
  const hour = local.hourOfDay(now);
  const testing =
    local.weekday(now) === p.testRunWeekday &&
    hour >= p.testRunHour &&
    hour < p.testRunHour + p.testRunMinutes / 60;
  if (testing !== f.testRunning) {
    f.testRunning = testing;
    if (testing) f.burntL = 0;
    log.add(
      'generator-test',
      'level',
      testing ? 'Generator test run started' : `Generator test run ended: ${f.burntL.toFixed(1)} L burnt`,
    );
  }
  if (now >= f.nextOutageAt) {
    f.outageUntil = now + Math.max(exponential(rng, 1 / p.outageMeanH), 0.1) * HOUR;
    f.nextOutageAt = f.outageUntil + exponential(rng, p.outagesPerYear / 8766) * HOUR;
  }
  const outage = now <= f.outageUntil;
  if (outage !== f.outageRunning) {
    f.outageRunning = outage;
    if (outage) f.burntL = 0;
    log.add(
      'generator-run',
      'level',
      outage ? 'Mains outage: generator running' : `Mains restored: ${f.burntL.toFixed(1)} L burnt`,
    );
  }
  const burnLPerH = outage ? p.outageBurnRateLPerH : testing ? p.burnRateLPerH : 0;
  if (burnLPerH > 0 && v > 0) {
    const burnt = Math.min(v, (burnLPerH / 3600) * dtS);
    v -= burnt;
    f.burntL += burnt;
  }
  if (f.deliveryAt === Number.POSITIVE_INFINITY && v < f.refillBelowL) {
    f.deliveryAt = now + p.deliveryDelayH * HOUR;
    f.deliveredL = 0;
    log.add(
      'delivery-due',
      'level',
      `Below ${p.refillBelowPct} %: delivery expected in ${p.deliveryDelayH} h`,
    );
  }
  if (now >= f.deliveryAt) {
    const added = Math.min(f.refillToL - v, (p.deliveryRateLPerMin / 60) * dtS);
    if (added > 0) {
      v += added;
      f.deliveredL += added;
    }
    if (v >= f.refillToL - 1e-9) {
      log.add('delivery', 'level', `Delivery: ${f.deliveredL.toFixed(0)} L`, { litres: f.deliveredL });
      f.deliveryAt = Number.POSITIVE_INFINITY;
    }
  }
  return v;
}
