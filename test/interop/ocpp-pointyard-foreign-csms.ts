// @voltbras/ts-ocpp's CentralSystem (a CSMS no one here wrote; it validates every message against its own
// OCPP 1.6 schemas and answers a CALLERROR to an invalid one) on a free loopback port, behind HTTP Basic
// auth (Security Profile 1): ts-ocpp checks no password itself, so the WebSocket upgrade goes through a gate
// that answers 401 to a wrong or missing one. It records every request and every validation error.
// Missing → the tests skip, or fail under POINTYARD_REQUIRE_PEERS=1.
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { peerSkip } from '../support/peers.js';

// biome-ignore lint/suspicious/noExplicitAny: ts-ocpp's request and answer types are keyed by action
type Any = any;
const tsOcpp: Any = await import('@voltbras/ts-ocpp').catch(() => null);
export const skipWithoutTsOcpp = peerSkip(
  tsOcpp ? null : '@voltbras/ts-ocpp is not installed (npm ci installs it: a dev dependency)',
);

/** A request the CSMS got from a charge point. */
export interface Request {
  from: string;
  action: string;
  payload: Record<string, unknown>;
}

type Upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export class BasicAuthCsms {
  /** Every request, in the order it came. */
  readonly received: Request[] = [];
  /** What ts-ocpp's schemas found wrong in a request (it answered those with a CALLERROR). */
  readonly invalid: string[] = [];
  /** Upgrades refused for their credentials. */
  refused = 0;
  private system: Any = null;
  private nextTransactionId = 1;
  port = 0;

  /** `passwords`: each charge point's Basic password. */
  constructor(private readonly passwords: Record<string, string>) {}

  async start(): Promise<this> {
    this.system = new tsOcpp.CentralSystem(
      0,
      (req: Any, meta: Any) => {
        const { action, ocppVersion, ...payload } = req;
        if (meta.validationError) this.invalid.push(`${action}: ${meta.validationError.message}`);
        this.received.push({ from: meta.chargePointId, action, payload });
        return { action, ocppVersion, ...this.answer(action) };
      },
      // Invalid requests reach the handler too, with ts-ocpp's validation error: the test sees every one.
      { host: '127.0.0.1', rejectInvalidRequests: false },
    );
    const http = this.system.httpServer as Server;
    // The gate: ts-ocpp's own upgrade handlers run only for a charge point with its password.
    const handlers = http.listeners('upgrade') as Upgrade[];
    http.removeAllListeners('upgrade');
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.authorized(req)) for (const h of handlers) h.call(http, req, socket, head);
      else {
        this.refused++;
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="ocpp"\r\nContent-Length: 0\r\n\r\n',
        );
      }
    });
    if (!http.listening) await new Promise((r) => http.once('listening', r));
    this.port = (http.address() as AddressInfo).port;
    return this;
  }

  private authorized(req: IncomingMessage): boolean {
    const id = decodeURIComponent(req.url?.split('/').pop() ?? '');
    const expected = this.passwords[id];
    const given = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return expected !== undefined && given === Buffer.from(`${id}:${expected}`).toString('base64');
  }

  /** The OCPP-J URL charge points append their id to. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}/ocpp`;
  }

  /** What `id` sent, in order (of one action when given). */
  from(id: string, action?: string): Request[] {
    return this.received.filter((r) => r.from === id && (action === undefined || r.action === action));
  }

  private answer(action: string): Record<string, unknown> {
    const now = new Date().toISOString();
    switch (action) {
      case 'BootNotification':
        return { status: 'Accepted', interval: 300, currentTime: now };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return { idTagInfo: { status: 'Accepted' } };
      case 'StartTransaction':
        return { transactionId: this.nextTransactionId++, idTagInfo: { status: 'Accepted' } };
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      default:
        return {};
    }
  }

  /** Sends a call to the charge point `id`: its answer, or the error it got. */
  async send(id: string, action: string, payload: Record<string, unknown>): Promise<Any> {
    const either = await this.system
      .sendRequest({ ocppVersion: 'v1.6-json', chargePointId: id, action, payload })
      .run();
    if (either.isLeft()) throw either.extract();
    const { action: _a, ocppVersion: _v, ...answer } = either.extract();
    return answer;
  }

  close(): Promise<void> {
    return this.system?.close() ?? Promise.resolve();
  }
}
