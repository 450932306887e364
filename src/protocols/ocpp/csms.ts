// The CSMS: OCPP 1.6-J over WebSocket (ocpp-rpc's RPCServer in strict mode: every message checked against
// OCPP 1.6's schemas both ways, a malformed one answered with the CALLERROR the spec names). Charge points
// connect at `<path>/<id>`; Security Profile 1 (HTTP Basic, checked against the stored hash) and 2 (TLS, the
// server's own HTTPS); a password checked once is accepted again on a keyed digest kept in memory
// (csms-verified-passwords.ts), and failed ones throttle the charge point (429). The core profile's messages are answered here (csms-handlers.ts); the CSMS's own
// calls go through `call`. Each charge point's last messages are kept in memory (message-log.ts), all of
// them within one budget of bytes (csms-message-log-budget.ts).

import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { RPCServer } from 'ocpp-rpc';
import { DEFAULT_THROTTLE, LoginThrottle } from '../../auth/login-throttle.js';
import type { Logger } from '../../core/logger.js';
import type { ChargingStore } from '../../runtime/services/services.js';
import type { ChargePointListener } from './charge-point-listener.js';
import { handleCoreProfile } from './csms-handlers.js';
import { MessageLogBudget } from './csms-message-log-budget.js';
import { VerifiedPasswords } from './csms-verified-passwords.js';
import { type LoggedMessage, MessageLog } from './message-log.js';
import type { OcppSettings } from './ocpp-settings.js';

type RpcClient = Parameters<Parameters<RPCServer['on']>[1]>[0] & {
  identity: string;
  call(method: string, params?: unknown, options?: Record<string, unknown>): Promise<unknown>;
  close(options?: Record<string, unknown>): Promise<unknown>;
  handle(method: string, handler: (call: { params: unknown }) => unknown): void;
  on(event: string, listener: (...args: never[]) => void): void;
  handshake: { remoteAddress?: string };
};

export interface CsmsOptions {
  settings: OcppSettings;
  charging: ChargingStore;
  clock: { now(): number };
  log: Logger;
  /** An unknown charge point or a bad password: the parking server's Security Alert. */
  onSecurityIncident(): void;
  /** Who follows a charge point (a gateway device), by its id. */
  listenerOf(chargePointId: string): ChargePointListener | undefined;
}

/** Bytes of messages the logs of all charge points keep together: 10,000 charge points keep ~20 each. */
export const MESSAGE_LOG_BYTES = 64 * 2 ** 20;

/** A call the CSMS could not make or that the charge point refused with a CALLERROR. */
export class CsmsCallError extends Error {}

export class Csms {
  private readonly rpc: RPCServer;
  private readonly http: Server;
  private readonly clients = new Map<string, RpcClient>();
  private readonly logs = new Map<string, MessageLog>();
  private readonly logBudget = new MessageLogBudget(MESSAGE_LOG_BYTES);
  private readonly sockets = new Set<Socket>();
  /** Passwords checked once: a reconnect costs an HMAC, not a PBKDF2. */
  private readonly passwords = new VerifiedPasswords();
  /**
   * Failed Basic auths by charge point and address: its next attempts wait, refused with 429. Only that
   * pair is counted: charge points often share an address (a site's router), and some misconfigured ones
   * must not lock the others out.
   */
  private readonly throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, spread: Number.POSITIVE_INFINITY });

  constructor(private readonly options: CsmsOptions) {
    const { settings } = options;
    this.rpc = new RPCServer({
      protocols: ['ocpp1.6'],
      strictMode: true,
      callTimeoutMs: settings.callTimeoutMs,
      // The charge point's own heartbeat is what OCPP relies on; pings keep idle links through proxies.
      pingIntervalMs: 30_000,
    });
    this.rpc.auth((accept, reject, handshake) => {
      this.admit(handshake).then(
        (why) => (why === null ? accept({}, 'ocpp1.6') : reject(why.code, why.message)),
        () => reject(500, 'Internal Server Error'),
      );
    });
    this.rpc.on('client', (client: RpcClient) => this.accept(client));
    const requests = (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      res.end(`OCPP 1.6-J: connect a WebSocket to ${settings.path}/<chargePointId> (subprotocol ocpp1.6)\n`);
    };
    this.http = settings.tls
      ? createHttpsServer(
          { cert: readFileSync(settings.tls.cert), key: readFileSync(settings.tls.key) },
          requests,
        )
      : createHttpServer(requests);
    this.http.on('upgrade', this.rpc.handleUpgrade);
    this.http.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens; resolves with `host:port`. */
  listen(): Promise<string> {
    const { host, port } = this.options.settings;
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        const a = this.http.address() as AddressInfo;
        resolve(a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`);
      });
    });
  }

  /** The charge points connected now. */
  connected(): string[] {
    return [...this.clients.keys()].sort();
  }

  /** A charge point's last messages, oldest first (empty when it never connected). */
  messages(chargePointId: string): LoggedMessage[] {
    return this.logs.get(chargePointId)?.list() ?? [];
  }

  /** A charge point's last messages (one central system alone: its own). */
  async findMessages(chargePointId: string): Promise<LoggedMessage[]> {
    return this.messages(chargePointId);
  }

  /**
   * Calls a connected charge point (RemoteStartTransaction, SetChargingProfile…) and answers its payload.
   * Rejects with a CsmsCallError when it is not connected, the payload is not OCPP 1.6's, it does not
   * answer in time or answers a CALLERROR.
   */
  async call(
    chargePointId: string,
    action: string,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const client = this.clients.get(chargePointId);
    if (!client) throw new CsmsCallError(`charge point ${chargePointId} is not connected`);
    try {
      return (await client.call(action, payload, {
        callTimeoutMs: this.options.settings.callTimeoutMs,
      })) as Record<string, unknown>;
    } catch (err) {
      const e = err as Error & { rpcErrorCode?: string };
      throw new CsmsCallError(
        `${action} to ${chargePointId}: ${e.rpcErrorCode ? `${e.rpcErrorCode}: ` : ''}${e.message}`,
      );
    }
  }

  /** Stops accepting, closes every charge point's WebSocket, then the listening socket. */
  async close(graceMs: number): Promise<void> {
    const force = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, graceMs);
    try {
      await this.rpc.close({ code: 1001, reason: 'CSMS stopping' });
      await new Promise<void>((resolve) => {
        this.http.close(() => resolve());
        this.http.closeAllConnections?.();
      });
    } finally {
      clearTimeout(force);
    }
  }

  /** Null when the charge point may connect; else the HTTP refusal. */
  private async admit(handshake: {
    endpoint: string;
    identity: string;
    password: Buffer | undefined;
    remoteAddress: string | undefined;
  }): Promise<{ code: number; message: string } | null> {
    const { settings, log } = this.options;
    if (handshake.endpoint !== settings.path) return { code: 404, message: 'Not Found' };
    const id = handshake.identity;
    const known = settings.chargePoints[id];
    const from = handshake.remoteAddress ?? 'unknown';
    if (known) {
      const attempt = { name: id, address: from };
      const verdict = this.throttle.check(attempt, this.options.clock.now());
      if (verdict.waitMs > 0) {
        // No PBKDF2 for a charge point that keeps failing: the attempt is refused before any work.
        if (verdict.report) {
          this.options.onSecurityIncident();
          log.warn(
            { chargePoint: id, from, waitMs: Math.ceil(verdict.waitMs) },
            'OCPP: charge point throttled after failed passwords',
          );
        }
        return { code: 429, message: 'Too Many Requests' };
      }
      const password = handshake.password;
      if (password && (await this.passwords.matches(id, known.passwordHash, password))) {
        this.throttle.succeed(attempt);
        return null;
      }
      this.throttle.fail(attempt, this.options.clock.now());
      this.options.onSecurityIncident();
      log.warn({ chargePoint: id, from }, 'OCPP: charge point refused: bad or missing password');
      return { code: 401, message: 'Unauthorized' };
    }
    if (settings.autoAccept) return null;
    this.options.onSecurityIncident();
    log.warn({ chargePoint: id, from }, 'OCPP: unknown charge point refused');
    return { code: 404, message: 'Not Found' };
  }

  /** Takes a charge point's link (a WebSocket's, or an in-memory one under `simulate`, memory-link.ts). */
  accept(client: RpcClient): void {
    const id = client.identity;
    const { clock, settings } = this.options;
    // A charge point that connects again replaces its old link.
    const previous = this.clients.get(id);
    this.clients.set(id, client);
    if (previous) previous.close({ code: 1000, reason: 'replaced by a new connection' }).catch(() => {});
    let log = this.logs.get(id);
    if (!log) {
      log = new MessageLog(settings.messageLog, this.logBudget);
      this.logs.set(id, log);
    }
    const messages = log;
    // Charge points are not BMS clients: they are not counted by the server metrics' requests and clients.
    client.on('message', (({ message, outbound }: { message: Buffer | string; outbound: boolean }) => {
      messages.record(clock.now(), outbound ? 'out' : 'in', message.toString());
    }) as never);
    const listener = () => this.options.listenerOf(id);
    handleCoreProfile(client, { ...this.options, chargePointId: id, listener });
    listener()?.link((action, payload) => this.call(id, action, payload));
    client.on('close', (() => {
      if (this.clients.get(id) !== client) return;
      this.clients.delete(id);
      listener()?.link(null);
    }) as never);
  }
}
