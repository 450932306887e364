// What the Haystack API checks before it reads a request body, so that nobody makes the server read, buffer
// or wait for a body it will refuse: the login first (401/403, so that op names cannot be probed), then the
// op (404), the method (405, or OPTIONS answered with `Allow`), the answer's format (406) and the body's
// type (415). A refusal with a body still unread closes the connection. Then the body must arrive within
// the body timeout (408) and stay within the body limit (413).

import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasBody, plain } from '../../http/plain-text.js';
import type { User } from '../../store/store.js';
import type { Authenticator } from './auth/authenticator.js';
import { acceptFormat } from './content.js';
import type { Format } from './format.js';
import type { Op } from './ops/context.js';

export { hasBody, plain };

/** What the gate learnt about a request it let through. */
export interface Admitted {
  op: Op;
  user: User;
  token: string;
  format: Format;
}

export type ApiRequest = FastifyRequest<{ Params: { op: string } }>;

const BODY_TYPES = ['text/zinc', 'text/plain', 'application/json', 'application/vnd.haystack+json'];

/** The methods an op answers to, for `Allow`. */
const allowed = (op: Op) => (op.noSideEffects ? 'GET, POST, OPTIONS' : 'POST, OPTIONS');

/**
 * An `onRequest` hook for the API routes: answers whatever can be answered without the body, and records
 * what it let through in `admitted`.
 */
export function requestGate(
  ops: ReadonlyMap<string, Op>,
  authenticator: Authenticator,
  admitted: WeakMap<FastifyRequest, Admitted>,
) {
  return async (request: ApiRequest, reply: FastifyReply) => {
    const close = hasBody(request);
    // `/api/` names no op: nothing to probe, so no login is asked for.
    if (request.params.op === '') return plain(reply, 404, 'no op named (see /api/ops)', {}, close);
    const auth = await authenticator.authenticate(request.headers.authorization, request.ip);
    if (auth.kind !== 'user') {
      if (close) reply.header('connection', 'close');
      return reply
        .code(auth.status)
        .headers(auth.headers)
        .header('content-type', 'text/plain; charset=utf-8')
        .send(auth.kind === 'error' ? auth.message : '');
    }
    const op = ops.get(request.params.op);
    if (!op) return plain(reply, 404, `no op '${request.params.op}' (see /api/ops)`, {}, close);
    if (request.method === 'OPTIONS') {
      if (close) reply.header('connection', 'close');
      return reply.code(204).header('allow', allowed(op)).send();
    }
    // HEAD is GET without the answer's body (Fastify adds it to GET routes): the same rule.
    if ((request.method === 'GET' || request.method === 'HEAD') && !op.noSideEffects)
      return plain(reply, 405, `${op.name} changes things: use POST`, { allow: 'POST' }, close);
    const format = acceptFormat(request.headers.accept);
    if (format === null)
      return plain(
        reply,
        406,
        `cannot answer in ${request.headers.accept}: use text/zinc, application/json or text/csv`,
        {},
        close,
      );
    const type = (request.headers['content-type'] ?? 'text/zinc').split(';')[0]?.trim().toLowerCase() ?? '';
    if (request.method === 'POST' && close && !BODY_TYPES.includes(type))
      return plain(
        reply,
        415,
        `cannot read ${request.headers['content-type']}: send text/zinc or application/json`,
        {},
        true,
      );
    admitted.set(request, { op, user: auth.user, token: auth.token, format });
    return undefined;
  };
}

/** An HTTP error with its status, as Fastify answers it. */
class StatusError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/**
 * A `preParsing` hook: the body must have arrived `timeoutMs` after its reading began, or the request is
 * answered 408 and its connection closed (a client sending a byte now and then holds no connection for long).
 */
export function bodyTimeout(timeoutMs: number) {
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: Readable,
    done: (err: null, body: Readable) => void,
  ) => {
    if (!hasBody(request)) return done(null, payload);
    const body = new PassThrough();
    body.on('error', () => {}); // reported by the body's reader, if one still reads
    const timer = setTimeout(() => {
      payload.unpipe(body);
      payload.pause();
      reply.header('connection', 'close');
      body.destroy(new StatusError(`the request body did not arrive within ${timeoutMs / 1000} s`, 408));
    }, timeoutMs);
    const stop = () => clearTimeout(timer);
    payload.once('end', stop);
    payload.once('close', stop);
    reply.raw.once('close', stop);
    payload.once('error', (err) => {
      stop();
      body.destroy(err);
    });
    payload.pipe(body);
    done(null, body);
  };
}

/** The API routes' error handler: Fastify's own failures (body too large, slow, cut short) as plain text. */
export function apiErrorHandler(
  error: Error & { statusCode?: number; code?: string },
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  const message =
    error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? 'the request body is larger than the server takes (see server.http.bodyLimit)'
      : error.message;
  // A body the server stopped reading leaves the connection unusable.
  return plain(reply, status, message, {}, status === 413 || status === 408 || status === 400);
}
