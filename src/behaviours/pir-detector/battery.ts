// The detector's battery: a quiescent drain (the sensor, its processor and the radio's supervision messages)
// and a cost per detection (the alarm transmission), `ledCostFactor` times higher with the LED lit. Sized so
// that the battery lasts `batteryLifeYears` at the reference use (referenceDetectionsPerDay, LED off), of
// which `detectionEnergyShare` goes to detections. The charge only goes down.

import type { PirParameters } from './parameters.js';

const YEAR_S = 365.25 * 86_400;

export class Battery {
  /** Remaining charge, % of a new battery. */
  charge: number;
  private readonly quiescentPctPerS: number;
  private readonly detectionPct: number;
  private readonly ledFactor: number;

  constructor(p: PirParameters, charge: number) {
    this.charge = Math.min(100, Math.max(0, charge));
    this.quiescentPctPerS = (100 * (1 - p.detectionEnergyShare)) / (p.batteryLifeYears * YEAR_S);
    this.detectionPct =
      (100 * p.detectionEnergyShare) / (p.batteryLifeYears * 365.25 * p.referenceDetectionsPerDay);
    this.ledFactor = p.ledCostFactor;
  }

  /** `dtS` seconds of standby. */
  drain(dtS: number): void {
    const next = this.charge - this.quiescentPctPerS * dtS;
    this.charge = next > 0 ? next : 0;
  }

  /** One detection transmitted, the LED lit or not. */
  detection(led: boolean): void {
    const next = this.charge - this.detectionPct * (led ? this.ledFactor : 1);
    this.charge = next > 0 ? next : 0;
  }
}
