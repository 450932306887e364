// Small answers every route of the HTTP host shares: a plain-text reply, and whether a request brings a body.

import type { FastifyReply, FastifyRequest } from 'fastify';

/** True when the request announces a body (a length above 0, or a chunked one). */
export const hasBody = (request: FastifyRequest) =>
  Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;

/** A plain-text answer; `close` ends the connection after it (a body was not read). */
export function plain(
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  close = false,
) {
  if (close) reply.header('connection', 'close');
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(`${message}\n`);
}
