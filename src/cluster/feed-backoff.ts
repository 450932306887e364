// A bounded exponential backoff: the delay doubles after each failure up to a cap, and starts again from the
// first delay after a success.

export class Backoff {
  private next: number;

  constructor(
    private readonly firstMs: number,
    private readonly capMs: number,
  ) {
    this.next = firstMs;
  }

  /** The delay before the next attempt (and doubles the one after, up to the cap). */
  delay(): number {
    const delay = this.next;
    this.next = Math.min(this.capMs, this.next * 2);
    return delay;
  }

  reset(): void {
    this.next = this.firstMs;
  }
}
