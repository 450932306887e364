// The host's root `onRequest` hook: only routes marked `config: { readsBody: true }` read a request body.
// A request that brings one anywhere else (an unknown path, the web UI, a download) is answered at once,
// 404 or 405, and its connection closed, so that nobody makes the server read or wait for a body it ignores.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasBody, plain } from './plain-text.js';

/** What a route declares in its `config` for the host's hooks. */
export interface RouteBodyConfig {
  /** True on routes that read a request body. */
  readsBody?: boolean;
}

export async function refuseBodiesElsewhere(request: FastifyRequest, reply: FastifyReply) {
  const config = request.routeOptions.config as RouteBodyConfig | undefined;
  if (!hasBody(request) || config?.readsBody === true) return undefined;
  return request.routeOptions.url === undefined
    ? plain(reply, 404, `nothing at ${request.method} ${request.url.split('?')[0]}`, {}, true)
    : plain(reply, 405, `${request.method} ${request.routeOptions.url} takes no request body`, {}, true);
}
