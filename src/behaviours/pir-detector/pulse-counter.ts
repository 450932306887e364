// Pulse counting, as PIR detectors do to reject single disturbances (a draught, a flash of light): a pulse is
// a run of samples above the sensitivity threshold, counted at its rising edge; a detection is the second
// pulse within the pulse window (3 s by default) of the first. After a detection counting starts again.

export class PulseCounter {
  private above = false;
  /** Rising edge of the pulse waiting for a second one, epoch ms (−∞: none). */
  private firstEdgeAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  /** Feeds one sample; true when it completes a detection. */
  feed(valuePct: number, thresholdPct: number, now: number): boolean {
    const above = valuePct > thresholdPct;
    const rising = above && !this.above;
    this.above = above;
    if (!rising) return false;
    if (now - this.firstEdgeAt <= this.windowMs) {
      this.firstEdgeAt = Number.NEGATIVE_INFINITY;
      return true;
    }
    this.firstEdgeAt = now;
    return false;
  }
}
