// Whether the store can write, as the last write on each database found it: a refused write (a full disk,
// an I/O error, a read-only file) makes the store unhealthy until a later write to that database succeeds.
// `/healthz` and the parking server's Database Status read it.

export interface StoreFailure {
  /** The database that refused a write (`pointyard.db`, `history.db`). */
  database: string;
  /** What went wrong, for a person (a StoreError's message). */
  message: string;
  /** Wall-clock ms of the first refusal since the database last wrote. */
  since: number;
}

export class StoreHealth {
  private readonly failures = new Map<string, StoreFailure>();

  /** A write to `database` was refused with `message`. */
  failed(database: string, message: string, now = Date.now()): void {
    const known = this.failures.get(database);
    this.failures.set(database, { database, message, since: known?.since ?? now });
  }

  /** A write to `database` reached the disk. */
  wrote(database: string): void {
    this.failures.delete(database);
  }

  /** True while `database` (any database when omitted) has refused its last write. */
  failing(database?: string): boolean {
    return database === undefined ? this.failures.size > 0 : this.failures.has(database);
  }

  /** The databases refusing writes now, oldest failure first. */
  get problems(): StoreFailure[] {
    return [...this.failures.values()].sort((a, b) => a.since - b.since);
  }
}
