// A data folder with a past: a site run in virtual time over the last hours into the store that
// `pointyard start` then opens, so that trends, today's figures, events and alarms have something to show.
import { openSite } from '../../../src/cli/open-site.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { simulatedEffects } from '../../../src/parking/effects.js';
import { SimulatedEnvironment } from '../../../src/parking/simulated-environment.js';
import { Runtime } from '../../../src/runtime/runtime.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

const HOUR = 3_600_000;

/** Runs the site (a file, or `demo`) from `hours` ago up to now into the store in `dataDir`. */
export async function runPast(siteArg: string, dataDir: string, hours: number): Promise<void> {
  const site = openSite(siteArg);
  if (!site) throw new Error(`the site ${siteArg} did not load`);
  const now = Date.now();
  const store = new SqliteStore(dataDir);
  const clock = new VirtualClock(now - hours * HOUR);
  const runtime = await Runtime.open({
    site,
    store,
    clock,
    seed: 1,
    recordHistory: true,
    persistEveryMs: 60_000,
    environment: new SimulatedEnvironment(site),
    effects: simulatedEffects,
  });
  runtime.start();
  for (let t = now - hours * HOUR; t < now; ) {
    t = Math.min(now, t + HOUR / 4);
    clock.advanceTo(t);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await runtime.stop();
  await store.close();
}
