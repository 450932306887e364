// The Project Haystack 4 HTTP API: `/api/{op}` (also `/api/{project}/{op}`, the URL haystack-nclient
// builds), GET for side-effect-free ops and POST for all, Zinc by default, JSON (Hayson) and CSV on request.
// HTTP status codes only when the request itself cannot be read; every failure after that is an error grid.
// `haystackRoutes` is a plug-in of the shared HTTP host (src/http/host.ts): the API, the file downloads and
// the web UI; `startHaystackServer` serves it alone on a host of its own.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HGrid, HNum } from 'haystack-core';
import { type Action, can } from '../../auth/roles.js';
import type { Logger } from '../../core/logger.js';
import { RELINQUISH_DEFAULT_LEVEL } from '../../core/priority-array.js';
import { healthOf } from '../../http/health.js';
import { createHttpHost } from '../../http/host.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Site } from '../../site/model.js';
import type { SitePlugin } from '../../site/site-plugin.js';
import type { Role } from '../../store/store.js';
import type { RunningInterface } from '../http-service.js';
import type { Authenticator } from './auth/authenticator.js';
import { decodeBody, encodeGrid, queryGrid } from './content.js';
import { registerFileRoute } from './file-route.js';
import { type Format, MIME } from './format.js';
import { encodeInSlices, ROWS_PER_SLICE } from './grid-slices.js';
import { errorGrid, forbiddenGrid, OpError } from './grids.js';
import { type HttpSettings, httpSettingsOf } from './http-settings.js';
import { aboutOp } from './ops/about.js';
import { alarmAckOp } from './ops/alarm-ack.js';
import { alarmReportsOp } from './ops/alarm-reports.js';
import { alarmTransmitterOp } from './ops/alarm-transmitter.js';
import { alarmsOp } from './ops/alarms.js';
import { auditOp } from './ops/audit.js';
import {
  chargePointsOp,
  chargerMessagesOp,
  chargingSessionsOp,
  idTagAddOp,
  idTagRemoveOp,
  idTagsOp,
  remoteStartOp,
  remoteStopOp,
} from './ops/charging.js';
import { clusterDrainOp, clusterOp } from './ops/cluster.js';
import type { Answer, Op } from './ops/context.js';
import { eventsOp } from './ops/events.js';
import { faultOp, faultsOp } from './ops/faults.js';
import { filesOp } from './ops/files.js';
import { hisReadOp, hisWriteOp } from './ops/history.js';
import { interfacesOp } from './ops/interfaces.js';
import { invokeActionOp } from './ops/invoke-action.js';
import { closeOp, filetypesOp, formatsOp, opsOp } from './ops/meta-ops.js';
import { navOp } from './ops/nav.js';
import { pointWriteOp } from './ops/point-write.js';
import { readOp } from './ops/read.js';
import { auditRefusedWrite } from './ops/refused-write-audit.js';
import { userAddOp, userRemoveOp, usersOp } from './ops/users.js';
import { watchOps } from './ops/watch-ops.js';
import { SiteRecords } from './records.js';
import {
  type Admitted,
  type ApiRequest,
  apiErrorHandler,
  bodyTimeout,
  hasBody,
  plain,
  requestGate,
} from './request-gate.js';
import { Watches } from './watches.js';
import { DEFAULT_WEB_UI_DIR, registerWebUi } from './web-ui.js';

/** What the API, the downloads and the web UI need, as mounted on the HTTP host. */
export interface HaystackRoutesOptions {
  site: Site;
  /** The protocol plug-ins: whose address columns and numberings give the records' protocol tags. */
  plugins: readonly SitePlugin[];
  runtime: Runtime;
  log?: Logger;
  /** Counted for the parking server's API Request Rate. */
  onRequest?: () => void;
  /** Logins (SCRAM) and sessions: every op needs a logged-in user with the right role. */
  authenticator: Authenticator;
  /** The built web UI served at `/` (default: the package's ui/dist/); null serves none. */
  webUiDir?: string | null;
  /** The data folder, whose reports and backups the `files` op lists and `/api/file/…` downloads. */
  dataDir?: string;
  /** Over the site file's `server.http` settings (body limit and timeout, debug). */
  http?: Partial<HttpSettings>;
  /** The interfaces running now, for the `interfaces` op (default: none). */
  interfaces?: () => readonly RunningInterface[];
}

export interface HaystackServerOptions extends HaystackRoutesOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
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

function buildOps(
  watches: Watches,
  dataDir: string | null,
  interfaces: () => readonly RunningInterface[],
): Map<string, Op> {
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
    alarmReportsOp,
    alarmTransmitterOp,
    filesOp(dataDir),
    interfacesOp(interfaces),
    clusterOp,
    clusterDrainOp,
    usersOp,
    userAddOp,
    userRemoveOp,
    chargingSessionsOp,
    chargerMessagesOp,
    idTagsOp,
    chargePointsOp,
    idTagAddOp,
    idTagRemoveOp,
    remoteStartOp,
    remoteStopOp,
    closeOp,
  ];
  const all = () => [...ops, opsOp(all)];
  return new Map(all().map((op) => [op.name, op]));
}

/**
 * What `role` may not do in this request (`write at level 3`…), or null when it may. Level 17, the relinquish
 * default, is an admin's to write, as in Haxall.
 */
function forbidden(op: Op, grid: HGrid, role: Role): string | null {
  let action: Action = op.needs ?? 'read';
  let level: number | undefined;
  const first = grid.getRows()[0];
  if (op.name === 'pointWrite' && first?.has('level')) {
    action = 'write';
    const raw = first.get('level');
    level = raw instanceof HNum ? raw.value : Number.NaN;
    if (level === RELINQUISH_DEFAULT_LEVEL) return role === 'admin' ? null : 'write at level 17';
    // A level that does not exist is the op's to refuse (an error grid naming it), for those who may write.
    if (!(Number.isInteger(level) && level >= 1 && level <= 16)) return role === 'viewer' ? 'write' : null;
  } else if (op.name === 'invokeAction') action = 'invoke';
  else if (op.name === 'hisWrite') action = 'write';
  if (can(role, action, level)) return null;
  return action === 'write' && level !== undefined
    ? `write at level ${level}`
    : action === 'read'
      ? 'read'
      : op.name;
}

/** Sends `grid` in `format`; a grid of many rows is encoded a slice at a time, letting other requests through. */
async function send(reply: FastifyReply, status: number, grid: Answer, format: Format) {
  // A small grid is encoded at once, without the promise and event-loop turn of a sliced one.
  const text =
    grid instanceof HGrid && grid.getRows().length > ROWS_PER_SLICE
      ? await encodeInSlices(grid, format)
      : encodeGrid(grid, format);
  return reply.code(status).header('content-type', MIME[format]).send(text);
}

/**
 * The Haystack plug-in of the HTTP host: `/api/…` (its own body parser, limit and timeout, encapsulated in
 * it), `/api/file/…` and the web UI at `/`. Its watches stop when the host closes.
 */
export async function haystackRoutes(app: FastifyInstance, options: HaystackRoutesOptions): Promise<void> {
  const services = options.runtime.services;
  const records = new SiteRecords(options.site, services, options.plugins);
  const recordOfIndex = new Map<number, string>();
  for (const r of records.all) if (r.point !== null) recordOfIndex.set(r.point, r.id);
  const watches = new Watches(services.points, (index) => recordOfIndex.get(index) ?? '');
  app.addHook('preClose', async () => watches.stop());
  const ops = buildOps(watches, options.dataDir ?? null, options.interfaces ?? (() => []));
  const bootTime = Date.now();
  // Bodies are read as text; the op decides what the grid means.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const http = { ...httpSettingsOf(options.site), ...options.http };
  const admitted = new WeakMap<FastifyRequest, Admitted>();
  const gate = requestGate(ops, options.authenticator, admitted);
  const onRequest = options.onRequest;
  const countRequests =
    onRequest &&
    ((_request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
      onRequest();
      done();
    });
  const handle = async (request: ApiRequest, reply: FastifyReply) => {
    const { op, user, token, format } = admitted.get(request) as Admitted;
    const remote = `${request.ip}:${request.socket.remotePort ?? 0}`;
    let grid: HGrid;
    if (request.method === 'GET' || request.method === 'HEAD')
      grid = queryGrid(request.query as Record<string, unknown>);
    else {
      try {
        const decoded = await decodeBody(
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
      const denied = forbidden(op, grid, user.role);
      if (denied) {
        const message = `${user.name} (${user.role}) may not ${denied}`;
        const refused = { op: op.name, grid, user: user.name, role: user.role, remote };
        await auditRefusedWrite(services, records, refused, message);
        return send(reply, 200, forbiddenGrid(message), format);
      }
      if (op.name === 'close') options.authenticator.revoke(token);
      const ctx = {
        records,
        services,
        request: grid,
        bootTime,
        user: user.name,
        role: user.role,
        remote,
      };
      return await send(reply, 200, await op.run(ctx), format);
    } catch (err) {
      // A write the user's role may not make (the write path's `forbidden`): an error grid, as every refusal.
      if (err instanceof OpError && err.status === 403)
        return send(reply, 200, forbiddenGrid(`${user.name} (${user.role}): ${err.message}`), format);
      if (!(err instanceof OpError)) options.log?.error({ err, op: op.name }, 'haystack op failed');
      const message = err instanceof OpError ? err.message : `${op.name} failed: ${(err as Error).message}`;
      // The stack (with the install's paths) only for a server set to debug.
      const trace = err instanceof OpError || !http.debug ? undefined : (err as Error).stack;
      return send(reply, 200, errorGrid(message, trace), format);
    }
  };
  // Only the API's op routes read a body (`readsBody`): the host refuses one anywhere else before reading it.
  for (const url of ['/api/:op', '/api/:project/:op']) {
    app.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url,
      config: { readsBody: true },
      bodyLimit: http.bodyLimit,
      // The request counter only when one is asked for, and as a callback hook (no promise per request).
      onRequest: countRequests ? [countRequests, gate] : [gate],
      preParsing: bodyTimeout(http.bodyTimeoutMs),
      errorHandler: apiErrorHandler,
      handler: handle,
    });
    app.route({
      method: ['PUT', 'DELETE', 'PATCH'],
      url,
      config: { readsBody: true }, // answered before its body all the same
      onRequest: async (request, reply) =>
        plain(reply, 501, 'the Haystack API takes GET, POST and OPTIONS only', {}, hasBody(request)),
      handler: (_req, reply) => plain(reply, 501, 'the Haystack API takes GET, POST and OPTIONS only'),
    });
  }
  registerFileRoute(app, {
    dataDir: options.dataDir ?? null,
    authenticator: options.authenticator,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  registerWebUi(app, options.webUiDir === undefined ? DEFAULT_WEB_UI_DIR : options.webUiDir);
}

/** The Haystack plug-in alone on a host of its own, listening on `host:port` (tests and benchmarks). */
export async function startHaystackServer(options: HaystackServerOptions): Promise<HaystackServer> {
  const { host: address, port: wanted, ...routes } = options;
  const host = createHttpHost({ health: () => healthOf(options.site, options.runtime.options.store) });
  host.mount(haystackRoutes, routes);
  try {
    const { origin, port } = await host.listen(address, wanted);
    const url = `${origin}/api/`;
    options.log?.info({ url }, 'haystack api listening');
    return { url, port, close: (graceMs) => host.close(graceMs) };
  } catch (err) {
    await host.close();
    throw err;
  }
}
