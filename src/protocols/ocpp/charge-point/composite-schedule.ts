// GetCompositeSchedule (OCPP 1.6 section 5.7): the limit the profiles give from now over `duration`
// seconds, as schedule periods (one at each time the limit changes), in A or in W (230 V per phase, 3 phases).

import { type InstalledProfile, type LimitContext, limitAt, nextChangeAfter } from './charging-profile.js';
import { isoTime } from './meter-values.js';

const MAX_PERIODS = 100;
const WATTS_PER_AMP = 230 * 3;

export type CompositeSchedule = {
  status: 'Accepted';
  connectorId: number;
  scheduleStart: string;
  chargingSchedule: {
    duration: number;
    startSchedule: string;
    chargingRateUnit: 'A' | 'W';
    chargingSchedulePeriod: Array<{ startPeriod: number; limit: number }>;
  };
};

/** The composite schedule, or null when no profile limits the charger in that time. */
export function compositeSchedule(
  installed: InstalledProfile[],
  connectorId: number,
  now: number,
  durationS: number,
  unit: 'A' | 'W',
  ctx: LimitContext,
): CompositeSchedule | null {
  const end = now + durationS * 1000;
  const periods: Array<{ startPeriod: number; limit: number }> = [];
  let t: number | undefined = now;
  while (t !== undefined && t < end && periods.length < MAX_PERIODS) {
    const limit = limitAt(installed, t, ctx);
    if (limit !== null) {
      const value = unit === 'A' ? limit : limit * WATTS_PER_AMP;
      const startPeriod = Math.round((t - now) / 1000);
      if (periods.at(-1)?.limit !== value) periods.push({ startPeriod, limit: Math.round(value * 10) / 10 });
    }
    t = nextChangeAfter(installed, t, ctx);
  }
  if (periods.length === 0) return null;
  return {
    status: 'Accepted',
    connectorId,
    scheduleStart: isoTime(now),
    chargingSchedule: {
      duration: durationS,
      startSchedule: isoTime(now),
      chargingRateUnit: unit,
      chargingSchedulePeriod: periods,
    },
  };
}
