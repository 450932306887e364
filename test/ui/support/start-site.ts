// `pointyard start` on a site file or `demo` for the browser tests: see test/support/running-pointyard.ts.
import { type RunningPointyard, startPointyard } from '../../support/running-pointyard.js';

/** `args`: more flags for `start` (`--speed 900`). */
export function startSite(site: string, dataDir: string, args: string[] = []): Promise<RunningPointyard> {
  return startPointyard(dataDir, { site, args });
}
