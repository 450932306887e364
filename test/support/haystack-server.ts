// A running Haystack API on the demo site, in virtual time, on a free loopback port: for protocol tests.
import { startHaystackServer } from '../../src/protocols/haystack/server.js';
import { VirtualClock } from '../../src/runtime/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';

export async function demoHaystack() {
  const { site } = loadSite('sites/demo.yaml');
  if (!site) throw new Error('the demo site does not load');
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
  runtime.start();
  clock.advance(60_000);
  const server = await startHaystackServer({ site, runtime, host: '127.0.0.1', port: 0 });
  return {
    site,
    runtime,
    clock,
    url: server.url,
    origin: server.url.replace(/\/api\/$/, ''),
    async close() {
      await server.close();
      await runtime.stop();
    },
  };
}
