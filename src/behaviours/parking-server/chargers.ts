// The EV chargers the car park sees through the site's signals: their signal names worked out once, the
// running total of cars sent to each (`ev/<id>/plugins`) and the current each may draw (`ev/<id>/limitA`).

import { chargerIds, evSignal } from '../signals.js';

export interface ChargerLink {
  id: string;
  available: string;
  managed: string;
  demandA: string;
  powerKw: string;
  phases: string;
  voltageV: string;
  plugins: string;
  limitA: string;
  /** Cars sent to this charger so far (never decreases). */
  pluginCount: number;
  /** Step time of the last car sent, so a charger gets at most one car per step. */
  sentAt: number;
  /** Current this charger may draw, A (what goes out as `limitA`). */
  limit: number;
}

/** Name of the counter that keeps a charger's plug-in total across restarts. */
export const pluginCounter = (id: string) => `ev-plugins/${id}`;

export class ChargerRoster {
  readonly links: ChargerLink[] = [];
  private seenSignals = -1;
  /** Next charger to try first (round robin). */
  private next = 0;

  /** `saved`: plug-in totals restored from counters, by charger id. */
  constructor(private readonly saved: ReadonlyMap<string, number>) {}

  /** Picks up chargers that started publishing (the signals map only grows, so its size tells). */
  refresh(signals: ReadonlyMap<string, number>): void {
    if (signals.size === this.seenSignals) return;
    this.seenSignals = signals.size;
    const known = new Set(this.links.map((l) => l.id));
    for (const id of chargerIds(signals)) {
      if (known.has(id)) continue;
      this.links.push({
        id,
        available: evSignal(id, 'available'),
        managed: evSignal(id, 'managed'),
        demandA: evSignal(id, 'demandA'),
        powerKw: evSignal(id, 'powerKw'),
        phases: evSignal(id, 'phases'),
        voltageV: evSignal(id, 'voltageV'),
        plugins: evSignal(id, 'plugins'),
        limitA: evSignal(id, 'limitA'),
        pluginCount: this.saved.get(id) ?? 0,
        sentAt: Number.NaN,
        limit: 0,
      });
    }
    this.links.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Sends a car that wants to charge to the next available charger, round robin in id order; returns the
   * charger, or null when none is available (the car just parks).
   */
  dispatch(signals: ReadonlyMap<string, number>, now: number): ChargerLink | null {
    const n = this.links.length;
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n;
      const link = this.links[i] as ChargerLink;
      if (signals.get(link.available) !== 1 || link.sentAt === now) continue;
      link.pluginCount++;
      link.sentAt = now;
      this.next = (i + 1) % n;
      return link;
    }
    return null;
  }

  /** The signals for the chargers: plug-in totals and current limits, into `out`. */
  publish(out: Record<string, number>): void {
    for (const link of this.links) {
      out[link.plugins] = link.pluginCount;
      out[link.limitA] = link.limit;
    }
  }

  counters(out: Record<string, number>): void {
    for (const [id, count] of this.saved) out[pluginCounter(id)] = count;
    for (const link of this.links) out[pluginCounter(link.id)] = link.pluginCount;
  }
}
