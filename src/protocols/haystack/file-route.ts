// `GET /api/file/<kind>/<name>`: downloads a report or backup the `files` op lists. The same login as the
// ops (a bearer token) and the same roles: backups need an admin. The file is streamed as an attachment.

import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../auth/roles.js';
import type { Authenticator } from './auth/authenticator.js';
import { contentTypeOf, FILE_ACTION, findDataFile, isFileKind } from './data-files.js';

export interface FileRouteOptions {
  /** The data folder; null when the server has none (every download is then a 404). */
  dataDir: string | null;
  authenticator: Authenticator;
  onRequest?: () => void;
}

function text(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(message ? `${message}\n` : '');
}

export function registerFileRoute(app: FastifyInstance, options: FileRouteOptions): void {
  app.get<{ Params: { kind: string; '*': string } }>('/api/file/:kind/*', async (request, reply) => {
    options.onRequest?.();
    const auth = await options.authenticator.authenticate(request.headers.authorization, request.ip);
    if (auth.kind !== 'user')
      return text(reply, auth.status, auth.kind === 'error' ? auth.message : '', auth.headers);
    const { kind } = request.params;
    const name = request.params['*'];
    if (!isFileKind(kind)) return text(reply, 404, `no file kind '${kind}' (report or backup)`);
    if (!can(auth.user.role, FILE_ACTION[kind]))
      return text(reply, 403, `${auth.user.name} (${auth.user.role}) may not download ${kind}s`);
    const file = options.dataDir === null ? null : findDataFile(options.dataDir, kind, name);
    if (file === null) return text(reply, 404, `no ${kind} '${name}' (see the files op)`);
    const filename = file.name.replaceAll('/', '-');
    return reply
      .code(200)
      .header('content-type', contentTypeOf(file.name))
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(file.path));
  });
}
