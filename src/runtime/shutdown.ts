// The ordered, bounded stop of a running Pointyard (`start` uses it; so will the composition root):
//   1. refuse writes: from now on every protocol answers a write with its own "stopping" error;
//   2. wait for the writes already taken to be committed and answered;
//   3. close every server: stop listening, give requests under way `graceMs`, then destroy what is left;
//   4. stop the runtime: devices, drivers, alarms, and save counters, events and history;
//   5. close the store;
//   6. release the data folder's lock: last, and never while the store is open.
// A step that fails is logged and the next one runs, except the lock, which stays held when the store did
// not close (the process exits and its lock is then found stale). The whole stop is bounded by `boundMs`:
// past it, `shutdown` answers 'timed out' without releasing the lock, and the caller exits.

import type { Logger } from '../core/logger.js';

/** A protocol server as the stop sees it. */
export interface ClosableServer {
  /** For the log: `http` (the HTTP host) or a protocol plug-in's name. */
  name: string;
  /** Stops listening and closes its connections, destroying those still open after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

export interface ShutdownSteps {
  /** Refuses every write from now on. */
  refuseWrites(): void;
  /** Resolves when the writes taken before `refuseWrites` are answered. */
  writesAnswered(): Promise<void>;
  servers: ClosableServer[];
  /** Stops the devices and saves what must survive a restart. */
  stopRuntime(): Promise<void>;
  closeStore(): Promise<void>;
  releaseLock(): void;
  log: Logger;
  /** Time given to requests under way before their connections are destroyed (default 1,500 ms). */
  graceMs?: number;
  /** Bound of the whole stop (default 10,000 ms). */
  boundMs?: number;
  /** Resolves after `ms`; a real timer that does not keep the process alive unless a test passes another. */
  after?: (ms: number) => Promise<void>;
}

export const SHUTDOWN_GRACE_MS = 1500;
export const SHUTDOWN_BOUND_MS = 10_000;

/** 'stopped': every step done; 'failed': a step failed (logged); 'timed out': the bound passed first. */
export type ShutdownOutcome = 'stopped' | 'failed' | 'timed out';

const realTimer = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** Runs the stop in order; resolves with how it ended, at the latest `boundMs` after it began. */
export async function shutdown(steps: ShutdownSteps): Promise<ShutdownOutcome> {
  const after = steps.after ?? realTimer;
  const bound = after(steps.boundMs ?? SHUTDOWN_BOUND_MS).then(() => 'timed out' as const);
  return Promise.race([ordered(steps), bound]);
}

async function ordered(steps: ShutdownSteps): Promise<ShutdownOutcome> {
  const { log } = steps;
  let ok = true;
  const step = async (what: string, run: () => Promise<void> | void): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (err) {
      log.error({ err, step: what }, 'stop: a step failed');
      ok = false;
      return false;
    }
  };
  await step('refuse writes', () => steps.refuseWrites());
  await step('answer the writes under way', async () => {
    await steps.writesAnswered();
    // The answers are sent in the turns that follow their commit: let them go out before closing.
    await new Promise<void>((resolve) => setImmediate(resolve));
  });
  const grace = steps.graceMs ?? SHUTDOWN_GRACE_MS;
  await Promise.all(steps.servers.map((server) => step(`close ${server.name}`, () => server.close(grace))));
  await step('stop the runtime', () => steps.stopRuntime());
  if (await step('close the store', () => steps.closeStore()))
    await step('release the lock', steps.releaseLock);
  return ok ? 'stopped' : 'failed';
}
