// Runs something only while this node plays a node-wide role (services.roles): started when the role is
// taken (at once when already held), stopped when it is lost, one transition at a time, never running after
// `close`. Alone, a Pointyard plays every role: the thing starts at once and runs until `close`.

import type { Logger } from '../core/logger.js';
import type { RolesService } from '../runtime/services/roles.js';

export interface RoleGate<T> {
  /** What runs now, or null while the role is not played (or is being taken). */
  current(): T | null;
  /** Resolves once the transitions under way are done (tests, status). */
  settled(): Promise<void>;
  /** Stops following the role and stops what runs. */
  close(): Promise<void>;
}

export interface RoleGateOptions<T> {
  roles: Pick<RolesService, 'holds' | 'onChange'>;
  role: string;
  /** Starts the work (the role was just taken). A rejection is logged; it is tried again at the next take. */
  start: () => Promise<T>;
  /** Stops the work (the role was lost, or the gate closes). */
  stop: (running: T) => Promise<void>;
  log: Pick<Logger, 'info' | 'error'>;
}

export function followRole<T>(options: RoleGateOptions<T>): RoleGate<T> {
  const { roles, role, log } = options;
  let running: T | null = null;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  /** Brings the work in line with the role (after the transition under way); `tell`: log the change. */
  const align = (tell = true): Promise<void> => {
    chain = chain.then(async () => {
      const wanted = !closed && roles.holds(role);
      if (wanted && running === null) {
        try {
          running = await options.start();
          if (tell) log.info({ role }, 'role taken: started');
        } catch (err) {
          log.error({ role, err: (err as Error).message }, 'role taken, but what it runs did not start');
        }
        // Lost (or closed) while starting: the change queued the next alignment, which stops it again.
      } else if (!wanted && running !== null) {
        const was = running;
        running = null;
        try {
          await options.stop(was);
        } catch (err) {
          log.error({ role, err: (err as Error).message }, 'role lost: stopping failed');
        }
        if (!closed && tell) log.info({ role }, 'role lost: stopped');
      }
    });
    return chain;
  };

  const unfollow = roles.onChange(role, () => void align());
  // Alone (or holding the role already) this is the start, not news.
  void align(false);
  return {
    current: () => running,
    settled: () => chain,
    close: async () => {
      closed = true;
      unfollow();
      await align();
    },
  };
}
