// What reading properties needs of the running site, gathered once per request: the facade's parts, and
// the points with an alarm in force (worked out on the first read that asks, then kept for the request).
import type { Services } from '../../../runtime/services/services.js';

export type ReadServices = Pick<Services, 'site' | 'clock' | 'points' | 'writes' | 'alarms'>;

export interface ReadContext {
  readonly services: ReadServices;
  /** Keys of the points with an open alarm that has not cleared. */
  alarmed(): ReadonlySet<string>;
}

export function readContext(services: ReadServices): ReadContext {
  let alarmed: Set<string> | null = null;
  return {
    services,
    alarmed() {
      alarmed ??= new Set(
        services.alarms
          .open()
          .filter((a) => a.clearedAt === null)
          .map((a) => a.key),
      );
      return alarmed;
    },
  };
}
