// Which devices this node runs, and when that changes. Alone, a Pointyard runs every device, always; a node
// of a cluster runs the devices whose lease it holds, and takes devices over or loses them as nodes come and
// go. A protocol part tied to a device's running (its simulated charge point, a real device's connector)
// follows this: it starts where the device runs and stops where it no longer does.

export type OwnershipListener = (device: string, owned: boolean) => void;

export interface OwnershipService {
  /** Whether this node runs `device` now (alone: always). */
  owns(device: string): boolean;
  /** Calls `listener` when this node starts (true) or stops (false) running a device; returns what stops it. */
  onChange(listener: OwnershipListener): () => void;
  /**
   * Asks to run `device` here (true), or stops asking (false): a protocol part holding something only this node
   * can serve for the device (a real charge point connected here) asks; a node of a cluster then takes the
   * device over from the node running it (alone: nothing to do).
   */
  want(device: string, wanted: boolean): void;
}

/** The devices asked for (`OwnershipService.want`), followed by this node's part of a cluster. */
export class OwnershipWants {
  private readonly wanted = new Set<string>();
  private listener: OwnershipListener | null = null;

  set(device: string, wanted: boolean): void {
    if (wanted === this.wanted.has(device)) return;
    if (wanted) this.wanted.add(device);
    else this.wanted.delete(device);
    this.listener?.(device, wanted);
  }

  /** Calls `listener` with every device asked for now, then with each change; returns what stops it. */
  follow(listener: OwnershipListener): () => void {
    this.listener = listener;
    for (const device of this.wanted) listener(device, true);
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }
}

/** The listeners of ownership changes (the runtime calls `emit` as it takes a device over or releases it). */
export class OwnershipListeners {
  private readonly listeners = new Set<OwnershipListener>();

  add(listener: OwnershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(device: string, owned: boolean): void {
    for (const listener of this.listeners) listener(device, owned);
  }
}
