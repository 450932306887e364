// The car park: individual cars with their arrival and departure times, arrivals drawn from the occupancy
// table, a full car park turning cars away. The behaviour reads departures off the queue and prices them.

import type { Rng } from '../../core/rng.js';
import type { LocalTime } from '../../util/local-time.js';
import { exponential, poisson } from '../shared/random.js';
import { DepartureQueue } from './departure-queue.js';
import {
  arrivalsPerMinute,
  minuteOfWeek,
  minutesUntilDeparture,
  type OccupancyTable,
  targetShare,
} from './occupancy-table.js';

const MIN = 60_000;
/** Cars present at start arrived up to this long ago at most. */
const MAX_INITIAL_AGE_MS = 12 * 3_600_000;

export class CarPark {
  readonly queue: DepartureQueue;

  constructor(
    readonly table: OccupancyTable,
    private readonly local: LocalTime,
    readonly capacity: number,
    private readonly minStayMs: number,
  ) {
    this.queue = new DepartureQueue(capacity);
  }

  get occupied(): number {
    return this.queue.size;
  }

  get available(): number {
    return this.capacity - this.queue.size;
  }

  /** When a car present at `t` leaves. */
  private departureAfter(t: number, rng: Rng): number {
    return t + minutesUntilDeparture(this.table, minuteOfWeek(this.local, t), exponential(rng, 1)) * MIN;
  }

  /** Cars to start with: `count`, or the profile's target now; their arrival times are estimates. */
  populate(now: number, count: number | null, rng: Rng): void {
    const minute = minuteOfWeek(this.local, now);
    const n = Math.min(this.capacity, count ?? Math.round(targetShare(this.table, minute) * this.capacity));
    for (let i = 0; i < n; i++) {
      const arrival = now - rng.next() * MAX_INITIAL_AGE_MS;
      this.queue.push(Math.max(this.departureAfter(now, rng), now + 1), arrival);
    }
  }

  /** How many cars come to the entrance in the step (now − dt, now]. */
  arrivalsIn(now: number, dtSeconds: number, rng: Rng): number {
    const mid = now - (dtSeconds * 1000) / 2;
    return poisson(rng, (arrivalsPerMinute(this.table, minuteOfWeek(this.local, mid)) * dtSeconds) / 60);
  }

  /** Parks a car arriving at `arrival`, or returns false when the car park is full. */
  admit(arrival: number, rng: Rng): boolean {
    if (this.queue.size >= this.capacity) return false;
    const departure = Math.max(this.departureAfter(arrival, rng), arrival + this.minStayMs);
    this.queue.push(departure, arrival);
    return true;
  }
}
