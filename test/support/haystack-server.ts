// A running Haystack API on the demo site, in virtual time, on a free loopback port: for protocol tests.

import { newUser } from '../../src/auth/credentials.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Authenticator } from '../../src/protocols/haystack/auth/authenticator.js';
import { type HaystackServerOptions, startHaystackServer } from '../../src/protocols/haystack/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { haystackLogin } from './haystack-scram-client.js';

/** Password of the test users admin (admin), olivia (operator) and victor (viewer). */
export const PASSWORD = 'correct horse battery staple';

/** The demo run for a minute from T0, its history recorded; `options` adds to or replaces the server's options. */
export function demoHaystack(options: Partial<HaystackServerOptions> = {}) {
  return serveDemo(new VirtualClock(T0), true, options);
}

/**
 * The demo with its runtime opened but never started, the clock at `at`: the only history is what a test
 * writes with hisWrite, and the clock (the `now` of today and yesterday) moves only when the test moves it.
 */
export function idleDemoHaystack(at: number) {
  return serveDemo(new VirtualClock(at), false);
}

/** The demo's API on `clock`, with the three test users; `running`: started and run for a minute first. */
async function serveDemo(
  clock: VirtualClock,
  running: boolean,
  options: Partial<HaystackServerOptions> = {},
) {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  if (!site) throw new Error('the demo site does not load');
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock,
    seed: 1,
    recordHistory: running,
  });
  if (running) {
    runtime.start();
    clock.advance(60_000);
  }
  const store = runtime.options.store;
  for (const [name, role] of [
    ['admin', 'admin'],
    ['olivia', 'operator'],
    ['victor', 'viewer'],
  ] as const) {
    await store.saveUser(newUser(name, role, PASSWORD, Date.now()));
  }
  const authenticator = new Authenticator({ store });
  const server = await startHaystackServer({
    site,
    plugins: PROTOCOLS,
    runtime,
    host: '127.0.0.1',
    port: 0,
    authenticator,
    ...options,
  });
  const login = (user = 'admin') => haystackLogin(server.url, user, PASSWORD);
  const admin = await login();
  return {
    site,
    runtime,
    clock,
    url: server.url,
    /** Fetch as admin (logged in); `login(user)` for another user. */
    fetch: admin.fetch,
    login,
    origin: server.url.replace(/\/api\/$/, ''),
    async close() {
      await server.close();
      await runtime.stop();
    },
  };
}
