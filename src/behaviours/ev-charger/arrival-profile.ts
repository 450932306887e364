// When no car park sends cars (no `ev/<id>/plugins` signal), the charger draws its own arrivals: a Poisson
// process whose hourly rate follows a daily shape in the site's local time, lower or higher at weekends.
// Arrival times are drawn ahead by thinning (Lewis–Shedler), so nothing random is drawn at ordinary steps.

import type { Rng } from '../../core/rng.js';
import type { LocalTime } from '../../util/local-time.js';
import { exponential } from '../shared/random.js';

/** Relative arrival weights for each local hour 0–23 and the weekend factor of each built-in shape. */
export const ARRIVAL_PROFILES = {
  // Commuters: a peak at 8–9 h, a smaller one after lunch, little in the evening.
  office: {
    weights: [0, 0, 0, 0, 0, 0.2, 1, 4, 8, 6, 3, 2, 3, 3, 2, 1.5, 1, 0.8, 0.5, 0.3, 0.2, 0.1, 0, 0],
    weekendFactor: 0.2,
  },
  // Shoppers: spread over opening hours, busier at weekends.
  retail: {
    weights: [0, 0, 0, 0, 0, 0, 0, 0.5, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 3.5, 2.5, 1, 0.3, 0, 0],
    weekendFactor: 1.3,
  },
  // Residents: home-coming in the evening.
  residential: {
    weights: [
      0.3, 0.1, 0, 0, 0, 0, 0.3, 0.5, 0.5, 0.5, 0.6, 0.8, 1, 1, 1, 1.5, 2.5, 4, 5, 4.5, 3, 2, 1.2, 0.6,
    ],
    weekendFactor: 1,
  },
} as const satisfies Record<string, { weights: readonly number[]; weekendFactor: number }>;

export type ArrivalProfileName = keyof typeof ARRIVAL_PROFILES;

const HOUR_MS = 3_600_000;

export class ArrivalProfile {
  /** Arrivals per ms for each local hour of a weekday. */
  private readonly ratePerMs: Float64Array;
  /** The highest rate of any hour of any day, the envelope of the thinning. */
  private readonly maxRatePerMs: number;

  constructor(
    weights: readonly number[],
    arrivalsPerDay: number,
    private readonly weekendFactor: number,
    private readonly local: LocalTime,
  ) {
    const total = weights.reduce((a, b) => a + b, 0);
    this.ratePerMs = new Float64Array(24);
    for (let h = 0; h < 24; h++)
      this.ratePerMs[h] = total > 0 ? (arrivalsPerDay * (weights[h] ?? 0)) / total / HOUR_MS : 0;
    this.maxRatePerMs = Math.max(...this.ratePerMs) * Math.max(1, weekendFactor);
  }

  /** Arrival rate at `t`, per ms. */
  rateAt(t: number): number {
    const day = this.local.weekday(t);
    const factor = day === 0 || day === 6 ? this.weekendFactor : 1;
    return (this.ratePerMs[Math.floor(this.local.hourOfDay(t))] ?? 0) * factor;
  }

  /** The next arrival strictly after `t`, or Infinity when the profile has none. */
  next(t: number, rng: Rng): number {
    if (!(this.maxRatePerMs > 0)) return Number.POSITIVE_INFINITY;
    let at = t;
    for (;;) {
      at += exponential(rng, this.maxRatePerMs);
      if (rng.next() * this.maxRatePerMs < this.rateAt(at)) return at;
    }
  }
}

/**
 * Cars the car park sent since the last look, from its running total: the difference, or the whole total when
 * it went down (the car park restarted its count).
 */
export function carsSent(seen: number, total: number): number {
  return total >= seen ? total - seen : total;
}
