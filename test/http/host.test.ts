// The shared HTTP host: Haystack's routes and another service's plug-in (a small metrics route, as the
// metrics and OCPP-J endpoints will be) mounted on one Fastify instance, on one port, each encapsulated,
// both under the host's rules (/healthz, no unread bodies) and its one close.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { VirtualClock } from '../../src/core/clock.js';
import { healthOf } from '../../src/http/health.js';
import { createHttpHost, type HttpHost } from '../../src/http/host.js';
import { Authenticator } from '../../src/protocols/haystack/auth/authenticator.js';
import { haystackRoutes } from '../../src/protocols/haystack/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';

/** A metrics-like service: one GET route, and a hook of its own that must not reach Haystack's routes. */
async function metricsRoutes(app: FastifyInstance, options: { requests: () => number }) {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-metrics', 'yes');
  });
  // POST too, to show that a route that reads no body is refused one by the host's rule.
  app.route({
    method: ['GET', 'POST'],
    url: '/metrics',
    handler: async (_request, reply) =>
      reply.header('content-type', 'text/plain').send(`api_requests ${options.requests()}\n`),
  });
}

/** POST with a body, as raw HTTP: the status and whether the server closes the connection. */
function postBody(origin: string, path: string): Promise<{ status: number; connection: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    req.once('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: String(res.headers.connection) });
    });
    req.once('error', reject);
    req.end('some body');
  });
}

describe('the HTTP host with Haystack and another plug-in', () => {
  let host: HttpHost;
  let runtime: Runtime;
  let origin: string;
  let apiRequests = 0;

  before(async () => {
    const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
    if (!site) throw new Error('the demo site does not load');
    const store = new MemoryStore();
    runtime = await Runtime.open({ site, store, clock: new VirtualClock(T0), seed: 1 });
    host = createHttpHost({ health: () => healthOf(site, store) });
    host.mount(haystackRoutes, {
      site,
      plugins: PROTOCOLS,
      runtime,
      authenticator: new Authenticator({ store }),
      webUiDir: null,
      onRequest: () => apiRequests++,
    });
    host.mount(metricsRoutes, { requests: () => apiRequests });
    ({ origin } = await host.listen('127.0.0.1', 0));
  });
  after(async () => {
    await host.close();
    await runtime.stop();
  });

  test('both are served on the one port, with /healthz', async () => {
    assert.equal((await fetch(`${origin}/api/about`)).status, 401, 'Haystack asks for a login');
    const metrics = await fetch(`${origin}/metrics`);
    assert.equal(metrics.status, 200);
    assert.equal(await metrics.text(), 'api_requests 1\n');
    assert.equal((await fetch(`${origin}/healthz`)).status, 200);
  });

  test('each plug-in is encapsulated: a hook of one does not reach the other', async () => {
    assert.equal((await fetch(`${origin}/metrics`)).headers.get('x-metrics'), 'yes');
    assert.equal((await fetch(`${origin}/api/about`)).headers.get('x-metrics'), null);
    assert.equal((await fetch(`${origin}/healthz`)).headers.get('x-metrics'), null);
  });

  test("the host's rules apply to a mounted plug-in: a body on a route that reads none is refused unread", async () => {
    const refused = await postBody(origin, '/metrics');
    assert.equal(refused.status, 405);
    assert.equal(refused.connection, 'close');
  });

  test('one close stops every plug-in', async () => {
    const other = createHttpHost({ health: () => ({ code: 200, body: { status: 'ok', site: 'x' } }) });
    other.mount(metricsRoutes, { requests: () => 0 });
    const { origin: at } = await other.listen('127.0.0.1', 0);
    assert.equal((await fetch(`${at}/metrics`)).status, 200);
    await other.close();
    await assert.rejects(fetch(`${at}/metrics`));
  });
});
