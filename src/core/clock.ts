// Time for everything that simulates or expires: injected, never read from Date.now() in logic.
// Real time (optionally N× faster) for `start`; virtual time, as fast as possible, for `simulate` and tests.

import { TimerQueue } from './timer-queue.js';

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Runs `fn` once the clock reaches `at` (epoch ms); at once (next turn) when `at` is past. */
  at(at: number, fn: () => void): TimerHandle;
}

/** Virtual time: nothing happens until `advanceTo` or `runUntil` moves the clock; timers run in order. */
export class VirtualClock implements Clock {
  private readonly queue = new TimerQueue();
  private time: number;

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  at(at: number, fn: () => void): TimerHandle {
    const timer = this.queue.push(Math.max(at, this.time), fn);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Runs every timer due up to and including `end`, in time order, then sets the clock to `end`. */
  advanceTo(end: number): void {
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.due > end) break;
      this.queue.pop();
      if (next.cancelled) continue;
      this.time = next.due;
      next.run();
    }
    this.time = Math.max(this.time, end);
  }

  /** Advances by `ms` milliseconds. */
  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }
}

/** Wall-clock time, `speed` times faster than real from `start` (default: now, speed 1). */
export class RealClock implements Clock {
  private readonly wallStart = Date.now();
  private readonly simStart: number;

  constructor(
    private readonly speed = 1,
    start?: number,
  ) {
    if (!(speed > 0)) throw new RangeError('speed must be above 0');
    this.simStart = start ?? this.wallStart;
  }

  now(): number {
    return this.simStart + (Date.now() - this.wallStart) * this.speed;
  }

  at(at: number, fn: () => void): TimerHandle {
    let handle: NodeJS.Timeout;
    // setTimeout takes at most 2^31−1 ms: longer waits re-arm until the time comes.
    const arm = () => {
      const delay = Math.max(0, (at - this.now()) / this.speed);
      handle = delay > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(fn, delay);
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  }
}
