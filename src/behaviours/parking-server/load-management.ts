// Load management: the site's EV power limit shared by the managed chargers (Load Management Enable on,
// Charge Mode SMART). Unmanaged chargers cannot be limited, so their measured power is taken off the
// limit first. The rest is shared in equal amperes (water-filling: a charger whose car wants less keeps
// only that, the others share what it leaves), at least the minimum current each (IEC 61851: 6 A); when the
// budget cannot give the minimum to every charger that demands current, chargers are served in id order
// and the rest get 0 A (paused). The budget turns kW into A with P = √3·U·I·PF/1000 (3-phase, U line to
// line) or U·I·PF/1000 (1-phase), PF = budgetPowerFactor (1.0: a real PF below 1 only lowers the power).

import type { ChargerLink } from './chargers.js';

export interface LoadSettings {
  limitKw: number;
  minA: number;
  powerFactor: number;
  unmanagedLimitA: number;
  /** A charger sent a car this recently (ms) is reserved the minimum current before it demands any. */
  startReserveMs: number;
  defaultPhases: number;
  defaultVoltageV: number;
}

/** kW per ampere of a charger from its published electrics (or the defaults). */
export function kwPerAmp(phases: number | undefined, voltageV: number | undefined, s: LoadSettings): number {
  const u = voltageV !== undefined && voltageV > 0 ? voltageV : s.defaultVoltageV;
  const p = phases === 1 || phases === 3 ? phases : s.defaultPhases;
  return ((p === 3 ? Math.sqrt(3) : 1) * u * s.powerFactor) / 1000;
}

/** Per-charger working arrays of one allocation, sized to the largest roster seen. */
interface Scratch {
  k: Float64Array;
  headroom: Float64Array;
  admitted: Uint8Array;
  saturated: Uint8Array;
}

const scratchFor = (n: number): Scratch => ({
  k: new Float64Array(n),
  headroom: new Float64Array(n),
  admitted: new Uint8Array(n),
  saturated: new Uint8Array(n),
});

export class LoadBalancer {
  /** No allocation per step once sized. */
  private scratch = scratchFor(0);

  constructor(private readonly settings: LoadSettings) {}

  /** Sets `limit` on every charger from the signals; returns the managed chargers' budget, kW. */
  allocate(links: ChargerLink[], signals: ReadonlyMap<string, number>, now: number): number {
    const n = links.length;
    if (this.scratch.k.length < n) this.scratch = scratchFor(n);
    const { k, headroom, admitted, saturated } = this.scratch;
    const s = this.settings;
    let unmanagedKw = 0;
    for (const link of links) {
      if (signals.get(link.managed) === 1) continue;
      unmanagedKw += Math.max(0, signals.get(link.powerKw) ?? 0);
      link.limit = s.unmanagedLimitA;
    }
    const budget = Math.max(0, s.limitKw - unmanagedKw);
    // The minimum current to as many demanding chargers as the budget allows, in id order; then to the
    // chargers just sent a car (a session about to start), with what is left.
    let left = budget;
    let sharing = 0;
    for (let i = 0; i < n; i++) {
      admitted[i] = 0;
      saturated[i] = 1;
      const link = links[i] as ChargerLink;
      if (signals.get(link.managed) === 1) link.limit = 0;
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < n; i++) {
        const link = links[i] as ChargerLink;
        if (admitted[i] === 1 || signals.get(link.managed) !== 1) continue;
        const published = signals.get(link.demandA) ?? 0;
        const demand =
          pass === 0 ? published : !(published > 0) && now - link.sentAt <= s.startReserveMs ? s.minA : 0;
        if (!(demand > 0)) continue;
        k[i] = kwPerAmp(signals.get(link.phases), signals.get(link.voltageV), s);
        const minKw = s.minA * (k[i] as number);
        if (minKw > left) continue;
        left -= minKw;
        admitted[i] = 1;
        headroom[i] = Math.max(0, demand - s.minA);
        saturated[i] = (headroom[i] as number) > 0 ? 0 : 1;
        if (saturated[i] === 0) sharing++;
      }
    }
    // Water-filling of what is left: an equal extra current x for all, capped at each car's demand.
    let extra = 0;
    while (sharing > 0) {
      let kSum = 0;
      for (let i = 0; i < n; i++) if (saturated[i] === 0) kSum += k[i] as number;
      const x = left / kSum;
      let capped = false;
      for (let i = 0; i < n; i++) {
        if (saturated[i] === 0 && (headroom[i] as number) <= x) {
          saturated[i] = 1;
          left -= (headroom[i] as number) * (k[i] as number);
          sharing--;
          capped = true;
        }
      }
      if (!capped) {
        extra = x;
        break;
      }
    }
    for (let i = 0; i < n; i++) {
      if (admitted[i] === 0) continue;
      const link = links[i] as ChargerLink;
      const amps = s.minA + (saturated[i] === 1 ? (headroom[i] as number) : extra);
      // Rounded down (the sum stays within the budget), never below the reserved minimum.
      link.limit = Math.max(s.minA, Math.floor(amps * 10) / 10);
    }
    return budget;
  }
}
