// The Project Haystack 4 HTTP API: `/api/{op}` (also `/api/{project}/{op}`, the URL haystack-nclient
// builds), GET for side-effect-free ops and POST for all, Zinc by default, JSON (Hayson) and CSV on request.
// HTTP status codes only when the request itself cannot be read; every failure after that is an error grid.

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { HGrid } from 'haystack-core';
import type { Logger, Runtime } from '../../runtime/runtime.js';
import type { Site } from '../../site/model.js';
import type { Role } from '../../store/store.js';
import type { Authenticator } from './auth/authenticator.js';
import { type Action, can } from './auth/roles.js';
import { acceptFormat, decodeBody, encodeGrid, MIME, queryGrid } from './content.js';
import { registerFileRoute } from './file-route.js';
import { errorGrid, OpError } from './grids.js';
import { healthOf } from './health.js';
import { aboutOp } from './ops/about.js';
import { alarmAckOp } from './ops/alarm-ack.js';
import { alarmsOp } from './ops/alarms.js';
import { auditOp } from './ops/audit.js';
import type { Answer, Op } from './ops/context.js';
import { eventsOp } from './ops/events.js';
import { faultOp, faultsOp } from './ops/faults.js';
import { filesOp } from './ops/files.js';
import { hisReadOp, hisWriteOp } from './ops/history.js';
import { invokeActionOp } from './ops/invoke-action.js';
import { closeOp, filetypesOp, formatsOp, opsOp } from './ops/meta-ops.js';
import { navOp } from './ops/nav.js';
import { pointWriteOp } from './ops/point-write.js';
import { readOp } from './ops/read.js';
import { userAddOp, userRemoveOp, usersOp } from './ops/users.js';
import { watchOps } from './ops/watch-ops.js';
import { SiteRecords } from './records.js';
import { Watches } from './watches.js';
import { DEFAULT_WEB_UI_DIR, registerWebUi } from './web-ui.js';

export interface HaystackServerOptions {
  site: Site;
  runtime: Runtime;
  host: string;
  /** 0 picks a free port. */
  port: number;
  log?: Logger;
  /** Counted for the parking server's API Request Rate. */
  onRequest?: () => void;
  /** Logins (SCRAM) and sessions: every op needs a logged-in user with the right role. */
  authenticator: Authenticator;
  /** The built web UI served at `/` (default: the package's ui/dist/); null serves none. */
  webUiDir?: string | null;
  /** The data folder, whose reports and backups the `files` op lists and `/api/file/…` downloads. */
  dataDir?: string;
}

export interface HaystackServer {
  url: string;
  port: number;
  /**
   * Stops listening: idle connections close at once, a new request on an open one is answered 503, requests
   * under way have `graceMs` (default 0) to finish before every connection left is destroyed.
   */
  close(graceMs?: number): Promise<void>;
}

function buildOps(watches: Watches, dataDir: string | null): Map<string, Op> {
  const ops: Op[] = [
    aboutOp,
    filetypesOp,
    formatsOp,
    readOp,
    navOp,
    ...watchOps(watches),
    pointWriteOp,
    hisReadOp,
    hisWriteOp,
    invokeActionOp,
    faultsOp,
    faultOp,
    alarmsOp,
    alarmAckOp,
    auditOp,
    eventsOp,
    filesOp(dataDir),
    usersOp,
    userAddOp,
    userRemoveOp,
    closeOp,
  ];
  const all = () => [...ops, opsOp(all)];
  return new Map(all().map((op) => [op.name, op]));
}

/** What `role` may not do in this request (`write at level 3`…), or null when it may. */
function forbidden(op: Op, grid: HGrid, role: Role): string | null {
  let action: Action = op.needs ?? 'read';
  let level: number | undefined;
  if (op.name === 'pointWrite' && grid.getRows()[0]?.has('level')) {
    action = 'write';
    level = Number(grid.getRows()[0]?.get('level')?.toJSON() ?? 16);
  } else if (op.name === 'invokeAction') action = 'invoke';
  else if (op.name === 'hisWrite') action = 'write';
  if (can(role, action, level)) return null;
  return action === 'write' && level !== undefined
    ? `write at level ${level}`
    : action === 'read'
      ? 'read'
      : op.name;
}

function send(reply: FastifyReply, status: number, grid: Answer, format: ReturnType<typeof acceptFormat>) {
  const f = format ?? 'zinc';
  return reply.code(status).header('content-type', MIME[f]).send(encodeGrid(grid, f));
}

function plain(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(`${message}\n`);
}

export async function startHaystackServer(options: HaystackServerOptions): Promise<HaystackServer> {
  const records = new SiteRecords(options.site, options.runtime);
  const recordOfIndex = new Map<number, string>();
  for (const r of records.all) if (r.point !== null) recordOfIndex.set(r.point, r.id);
  const watches = new Watches(options.runtime, (index) => recordOfIndex.get(index) ?? '');
  const ops = buildOps(watches, options.dataDir ?? null);
  const bootTime = Date.now();
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 16 * 1024 * 1024,
    // While closing: idle keep-alive connections are closed at once and a request on a busy one is
    // answered 503; `close` destroys what is left after its grace.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // Bodies are read as text; the op decides what the grid means.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const handle = async (request: FastifyRequest<{ Params: { op: string } }>, reply: FastifyReply) => {
    options.onRequest?.();
    const op = ops.get(request.params.op);
    if (!op) return plain(reply, 404, `no op '${request.params.op}' (see /api/ops)`);
    const remote = `${request.ip}:${request.socket.remotePort ?? 0}`;
    const auth = await options.authenticator.authenticate(request.headers.authorization, request.ip);
    if (auth.kind !== 'user') {
      const message = auth.kind === 'error' ? auth.message : '';
      return reply
        .code(auth.status)
        .headers(auth.headers)
        .header('content-type', 'text/plain; charset=utf-8')
        .send(message);
    }
    const format = acceptFormat(request.headers.accept);
    if (format === null)
      return plain(
        reply,
        406,
        `cannot answer in ${request.headers.accept}: use text/zinc, application/json or text/csv`,
      );
    let grid: HGrid;
    if (request.method === 'GET') {
      if (!op.noSideEffects)
        return plain(reply, 405, `${op.name} changes things: use POST`, { allow: 'POST' });
      grid = queryGrid(request.query as Record<string, unknown>);
    } else {
      try {
        const decoded = decodeBody(
          typeof request.body === 'string' ? request.body : '',
          request.headers['content-type'],
        );
        if (decoded === null)
          return plain(
            reply,
            415,
            `cannot read ${request.headers['content-type']}: send text/zinc or application/json`,
          );
        grid = decoded;
      } catch (err) {
        return plain(reply, 400, `cannot read the request grid: ${(err as Error).message}`);
      }
    }
    try {
      const denied = forbidden(op, grid, auth.user.role);
      if (denied) return plain(reply, 403, `${auth.user.name} (${auth.user.role}) may not ${denied}`);
      if (op.name === 'close') options.authenticator.revoke(auth.token);
      const ctx = {
        records,
        runtime: options.runtime,
        request: grid,
        bootTime,
        user: auth.user.name,
        role: auth.user.role,
        remote,
      };
      return send(reply, 200, await op.run(ctx), format);
    } catch (err) {
      if (err instanceof OpError && err.status === 403)
        return plain(reply, 403, `${auth.user.name} (${auth.user.role}): ${err.message}`);
      if (!(err instanceof OpError)) options.log?.error({ err, op: op.name }, 'haystack op failed');
      const message = err instanceof OpError ? err.message : `${op.name} failed: ${(err as Error).message}`;
      return send(
        reply,
        200,
        errorGrid(message, err instanceof OpError ? undefined : (err as Error).stack),
        format,
      );
    }
  };
  for (const url of ['/api/:op', '/api/:project/:op']) {
    app.route({ method: ['GET', 'POST'], url, handler: handle });
    app.route({
      method: ['PUT', 'DELETE', 'PATCH'],
      url,
      handler: (_req, reply) => plain(reply, 501, 'the Haystack API takes GET and POST only'),
    });
  }
  app.get('/healthz', (_req, reply) => {
    const health = healthOf(options.site, options.runtime.options.store);
    return reply.code(health.code).send(health.body);
  });
  registerFileRoute(app, {
    dataDir: options.dataDir ?? null,
    authenticator: options.authenticator,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  registerWebUi(app, options.webUiDir === undefined ? DEFAULT_WEB_UI_DIR : options.webUiDir);

  const address = await app.listen({ host: options.host, port: options.port });
  const port = Number(new URL(address).port);
  options.log?.info({ url: `${address}/api/` }, 'haystack api listening');
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/api/`,
    port,
    close: async (graceMs = 0) => {
      watches.stop();
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
