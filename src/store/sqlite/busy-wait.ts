// Waiting for a database that another connection has locked, without blocking the event loop. SQLite's own
// busy timeout sleeps inside the (synchronous) call, which would freeze every server of the process; here a
// locked call is tried again a few milliseconds later from a timer instead, up to a deadline.

/** How long a call waits for another connection's lock before it fails (SQLITE_BUSY). */
export const BUSY_WAIT_MS = 5000;

/** Longest pause between two tries, ms. */
const MAX_PAUSE_MS = 25;

/** True for SQLite's "the database is locked" errors. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` until it is not refused as busy, pausing between tries; gives up after `waitMs`. */
export async function retryWhileBusy<T>(fn: () => T | Promise<T>, waitMs = BUSY_WAIT_MS): Promise<T> {
  const deadline = performance.now() + waitMs;
  for (let wait = 1; ; wait = Math.min(wait * 2, MAX_PAUSE_MS)) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || performance.now() >= deadline) throw err;
    }
    await pause(wait);
  }
}

/**
 * Runs synchronous database calls in the order they are asked for. A call runs at once while nothing waits;
 * once one is refused as busy, it and every later call wait their turn, so that writes never overtake each
 * other (the last write of a priority array stays the last one on disk).
 */
export class BusyQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly waitMs = BUSY_WAIT_MS) {}

  run<T>(fn: () => T): Promise<T> {
    if (this.waiting === 0) {
      try {
        return Promise.resolve(fn());
      } catch (err) {
        if (!isBusy(err)) return Promise.reject(err);
      }
    }
    this.waiting++;
    // The wait counts from the call, not from its turn: calls queued behind a long lock fail with it.
    const deadline = performance.now() + this.waitMs;
    const turn = this.tail.then(() => retryWhileBusy(fn, deadline - performance.now()));
    const done = turn.finally(() => {
      this.waiting--;
    });
    this.tail = done.catch(() => {});
    return done;
  }
}
