// `pointyard start` on a site file or `demo` for the browser tests: see test/support/running-pointyard.ts.
import { type RunningPointyard, startPointyard } from '../../support/running-pointyard.js';

export function startSite(site: string, dataDir: string): Promise<RunningPointyard> {
  return startPointyard(dataDir, { site });
}
