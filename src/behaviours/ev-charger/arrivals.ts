// Cars arriving at the charger: sent by the car park (its `ev/<id>/plugins` running total) when it publishes
// one, else drawn from the charger's own daily profile. A car that finds the charger unavailable is turned
// away, with an event saying why.

import type { Rng } from '../../core/rng.js';
import { carsSent } from './arrival-profile.js';
import { plugIn } from './session.js';
import type { EvChargerState, Switches } from './state.js';
import { whyUnavailable } from './statuses.js';

/** One car at the connector: it plugs in, or it is turned away. */
function arrive(s: EvChargerState, now: number, sw: Switches, rng: Rng, from: string): void {
  const why = whyUnavailable(s, sw);
  if (why === null) plugIn(s, now, rng);
  else s.log.add('vehicle-turned-away', null, `Vehicle turned away: ${why}`, { reason: why, from });
}

/** Takes the cars that arrived by `now`. */
export function takeArrivals(
  s: EvChargerState,
  now: number,
  sw: Switches,
  signals: ReadonlyMap<string, number>,
  rng: Rng,
): void {
  const total = signals.get(s.keys.plugins);
  if (total !== undefined) {
    const n = carsSent(s.pluginsSeen, total);
    s.pluginsSeen = total;
    for (let i = 0; i < n; i++) arrive(s, now, sw, rng, 'car park');
    return;
  }
  while (s.nextOwnArrival <= now) {
    arrive(s, now, sw, rng, 'profile');
    s.nextOwnArrival = s.arrivals.next(s.nextOwnArrival, rng);
  }
}
