// What a passage looks like on the detector's signal: as a warm body crosses the lens's zones, the
// pyroelectric element's amplified output swings once per zone crossed. Each swing is modelled as one
// half-sine pulse of a few 100 ms samples; a passage is a train of such pulses separated by short gaps.
// A person gives a larger, longer train than a pet (a "small target"). No allocation: plain number fields.

import type { Rng } from '../../core/rng.js';
import { uniform } from '../shared/random.js';

/** Pulse geometry, in 100 ms samples. */
export interface PulseShape {
  minSamples: number;
  maxSamples: number;
  gapMinSamples: number;
  gapMaxSamples: number;
}

export class PulseTrain {
  /** Pulses still to play, the current one included (0: nothing in range). */
  pulsesLeft = 0;
  /** The passage is a small target (a pet). */
  small = false;
  private passagePeak = 0;
  private peak = 0;
  private length = 0;
  /** Sample within the current pulse; negative while in the gap before it. */
  private index = 0;

  constructor(private readonly shape: PulseShape) {}

  get active(): boolean {
    return this.pulsesLeft > 0;
  }

  /** A passage begins at the next sample: `pulses` pulses peaking near `peakPct`. */
  start(rng: Rng, pulses: number, peakPct: number, small: boolean): void {
    this.pulsesLeft = pulses;
    this.small = small;
    this.passagePeak = peakPct;
    this.nextPulse(rng, 0);
  }

  /** The pulse contribution of the next sample, %, and advances by one sample. */
  sample(rng: Rng): number {
    if (this.pulsesLeft === 0) return 0;
    if (this.index < 0) {
      this.index++;
      return 0;
    }
    const value = this.peak * Math.sin((Math.PI * (this.index + 1)) / (this.length + 1));
    if (++this.index >= this.length) {
      this.pulsesLeft--;
      if (this.pulsesLeft > 0)
        this.nextPulse(rng, rng.int(this.shape.gapMinSamples, this.shape.gapMaxSamples));
    }
    return value;
  }

  private nextPulse(rng: Rng, gap: number): void {
    this.length = rng.int(this.shape.minSamples, this.shape.maxSamples);
    this.peak = this.passagePeak * uniform(rng, 0.85, 1); // each zone crossing is a little different
    this.index = -gap;
  }
}
