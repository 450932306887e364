// What this node believes it holds, by its own monotonic clock (performance.now()): each lease with its token
// and a local deadline, the start of the last successful renewal (taken BEFORE its round trip) + ttl − safety
// margin, which is strictly earlier than the expiry the database recorded. A lease whose deadline passes is
// dropped (and reported) by a timer even if the database cannot be reached, so that a partitioned node stops
// acting before any other node may claim the lease.

export interface LocalLease {
  token: number;
  /** performance.now() after which this node no longer believes it holds the lease. */
  deadline: number;
}

export class LocalLeases {
  private readonly leases = new Map<string, LocalLease>();
  private timer: NodeJS.Timeout | undefined;
  /** The deadline the timer is armed for (infinity: none). */
  private armedAt = Number.POSITIVE_INFINITY;

  constructor(
    /** Called (once) for each lease whose local deadline passed, with its token. */
    private readonly expired: (device: string, token: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the lease of `device` is held and its deadline has not passed. */
  holds(device: string): boolean {
    const lease = this.leases.get(device);
    return lease !== undefined && this.now() < lease.deadline;
  }

  /** The token of `device` if held. */
  token(device: string): number | undefined {
    return this.holds(device) ? this.leases.get(device)?.token : undefined;
  }

  /** Device → token of every lease held now. */
  tokens(): Map<string, number> {
    const now = this.now();
    const out = new Map<string, number>();
    for (const [device, lease] of this.leases) if (now < lease.deadline) out.set(device, lease.token);
    return out;
  }

  /** Takes (or renews) `device` with `token` until `deadline`. */
  set(device: string, token: number, deadline: number): void {
    this.leases.set(device, { token, deadline });
    // Constant time: a heartbeat renews thousands. A timer armed for later is brought forward; one armed
    // earlier stays (it finds nothing due then and arms itself for the next deadline).
    if (deadline < this.armedAt) this.arm(deadline);
  }

  /** Drops `device`; true when it was held. (A timer still armed for it finds nothing due.) */
  drop(device: string): boolean {
    return this.leases.delete(device);
  }

  /** Drops every lease; the devices that were held. */
  dropAll(): string[] {
    const devices = [...this.leases.keys()];
    this.leases.clear();
    this.schedule();
    return devices;
  }

  /** Drops (and reports) every lease whose deadline has passed. */
  expireDue(): void {
    const now = this.now();
    for (const [device, lease] of this.leases) {
      if (now < lease.deadline) continue;
      this.leases.delete(device);
      this.expired(device, lease.token);
    }
    this.schedule();
  }

  /** Arms the timer for the earliest deadline (none when nothing is held). */
  private schedule(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const lease of this.leases.values()) earliest = Math.min(earliest, lease.deadline);
    this.arm(earliest);
  }

  /** Arms the timer for `deadline` (none for infinity), replacing the one armed. */
  private arm(deadline: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = deadline;
    if (deadline === Number.POSITIVE_INFINITY) return;
    this.timer = setTimeout(() => this.expireDue(), Math.max(0, deadline - this.now()));
    this.timer.unref();
  }
}
