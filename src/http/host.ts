// The shared HTTP host: one Fastify instance on one address, on which services mount their routes as Fastify
// plug-ins (each protocol plug-in's `http` part: e.g. an API, with the web UI and file downloads beside it).
// The host owns what every route shares: the body limit, the hook that refuses bodies on routes that read
// none, `/healthz`, and the life cycle: `listen`, then `close(grace)` that lets requests under way finish.

import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyPluginOptions } from 'fastify';
import type { HealthAnswer } from './health.js';
import { refuseBodiesElsewhere } from './refuse-unread-bodies.js';

/** The largest body any route may take; a route sets its own, lower limit (e.g. an API's `bodyLimit`). */
export const HOST_BODY_LIMIT = 16 * 1024 * 1024;

export interface HttpHostOptions {
  /** `/healthz`'s answer (no login): 200 while the site is well, 503 with what is wrong. */
  health: () => HealthAnswer;
}

export interface HttpHost {
  /** The Fastify instance: a plug-in mounted on it is encapsulated (its hooks and parsers stay its own). */
  readonly app: FastifyInstance;
  /** Registers a service's routes; mount everything before `listen`. */
  mount<O extends FastifyPluginOptions>(plugin: FastifyPluginAsync<O>, options: O): void;
  /** Starts listening (port 0 picks a free one); resolves with `http://host:port`. */
  listen(host: string, port: number): Promise<{ origin: string; port: number }>;
  /**
   * Stops listening: idle connections close at once, a new request on an open one is answered 503, requests
   * under way have `graceMs` (default 0) to finish before every connection left is destroyed.
   */
  close(graceMs?: number): Promise<void>;
}

export function createHttpHost(options: HttpHostOptions): HttpHost {
  const app = Fastify({
    logger: false,
    bodyLimit: HOST_BODY_LIMIT,
    // While closing: idle keep-alive connections are closed at once and a request on a busy one is
    // answered 503; `close` destroys what is left after its grace.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // Added on the root before any plug-in, so that it runs for every route, mounted or unknown.
  app.addHook('onRequest', refuseBodiesElsewhere);
  app.get('/healthz', (_req, reply) => {
    const health = options.health();
    return reply.code(health.code).send(health.body);
  });
  return {
    app,
    mount(plugin, pluginOptions) {
      app.register(plugin, pluginOptions);
    },
    async listen(host, port) {
      const address = await app.listen({ host, port });
      const bound = Number(new URL(address).port);
      return { origin: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound };
    },
    async close(graceMs = 0) {
      // After the grace, and again every 100 ms until closed (a connection may open while Fastify closes).
      let timer = setTimeout(function force() {
        app.server.closeAllConnections();
        timer = setTimeout(force, 100);
      }, graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
