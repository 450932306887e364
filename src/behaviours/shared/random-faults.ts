// Rare faults that happen by themselves: a Poisson process per fault name (rate per day), each lasting a
// random time within its range. Off when the site file says `randomFaults: false`. Injected faults are the
// runtime's; the behaviour ORs both.

import type { Rng } from '../../core/rng.js';
import type { EventLog } from './event-log.js';
import { exponential, uniform } from './random.js';

const DAY = 86_400_000;

export interface RandomFaultSpec {
  name: string;
  /** Shortest and longest duration, ms. */
  minMs: number;
  maxMs: number;
}

export class RandomFaults {
  /** When each fault ends (epoch ms); 0 when it is not active. */
  private readonly until: Float64Array;
  private nextAt: number;
  /** The earliest end of an active fault (Infinity: none active), so that most steps return at once. */
  private nextEnd = Number.POSITIVE_INFINITY;
  private readonly totalPerDay: number;

  constructor(
    private readonly specs: readonly RandomFaultSpec[],
    ratePerDay: number,
    enabled: boolean,
    rng: Rng,
    now: number,
  ) {
    this.until = new Float64Array(specs.length);
    this.totalPerDay = enabled ? ratePerDay * specs.length : 0;
    this.nextAt = now + exponential(rng, this.totalPerDay) * DAY;
  }

  /** Starts and ends random faults up to `now`, logging each start and end. */
  advance(now: number, rng: Rng, log: EventLog, point: string | null): void {
    if (now < this.nextAt && now < this.nextEnd) return;
    for (let i = 0; i < this.specs.length; i++) {
      const until = this.until[i] as number;
      if (until > 0 && now >= until) {
        this.until[i] = 0;
        const name = (this.specs[i] as RandomFaultSpec).name;
        log.add('fault-cleared', point, `${name} cleared by itself`, { fault: name, random: true });
      }
    }
    if (now >= this.nextAt) {
      this.nextAt = now + exponential(rng, this.totalPerDay) * DAY;
      const i = rng.int(0, this.specs.length - 1);
      const spec = this.specs[i] as RandomFaultSpec;
      if ((this.until[i] as number) === 0) {
        const ms = uniform(rng, spec.minMs, spec.maxMs);
        this.until[i] = now + ms;
        log.add('fault', point, `${spec.name} (random, ${Math.round(ms / 60_000)} min)`, {
          fault: spec.name,
          random: true,
        });
      }
    }
    this.nextEnd = Number.POSITIVE_INFINITY;
    for (const until of this.until) if (until > 0 && until < this.nextEnd) this.nextEnd = until;
  }

  /** Whether the i-th fault (in the order given) is active now. */
  active(i: number): boolean {
    return (this.until[i] as number) > 0;
  }
}
