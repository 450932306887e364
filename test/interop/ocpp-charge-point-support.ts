// For the charge-point tests: a small scripted charger (a test double of the charger, the engine's
// `ChargerHost`, not of OCPP) and @voltbras/ts-ocpp's CentralSystem as the foreign CSMS on a loopback port,
// recording every request it gets; optionally behind HTTP Basic auth (Security Profile 1: ts-ocpp checks no
// password itself, so the WebSocket upgrade goes through a gate that answers 401 to a wrong or missing one)
// and taking invalid requests to record ts-ocpp's validation errors. Missing → the tests skip, or fail under
// POINTYARD_REQUIRE_PEERS=1.

import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { VirtualClock } from '../../src/core/clock.js';
import type { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import type {
  ChargerHost,
  ConnectorState,
  ConnectorStatus,
  Measurand,
  Reading,
  StopReason,
} from '../../src/protocols/ocpp/charge-point/host.js';
import { peerSkip } from '../support/peers.js';

// biome-ignore lint/suspicious/noExplicitAny: ts-ocpp's request and answer types are keyed by action
type Any = any; // ts-ocpp's request and answer types are keyed by action: the tests build them loosely
const tsOcpp: Any = await import('@voltbras/ts-ocpp').catch(() => null);
export const skipWithoutTsOcpp = peerSkip(
  tsOcpp ? null : '@voltbras/ts-ocpp is not installed (npm ci installs it: a dev dependency)',
);

/** Polls `condition` every 5 ms for at most `ms` (real time): the only wait the tests use. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 5000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A request the CSMS got. */
export interface Received {
  /** The charge point that sent it. */
  from: string;
  action: string;
  payload: Record<string, unknown>;
}

export interface ForeignCsmsOptions {
  /** Each charge point's Basic password: upgrades without it are refused with 401. */
  passwords?: Record<string, string>;
  /** Invalid requests reach the handler with ts-ocpp's validation error, recorded in `invalid`. */
  recordInvalid?: boolean;
}

type Upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** ts-ocpp's CentralSystem on 127.0.0.1 (a free port, or `port`), answering as a plain CSMS would. */
export class ForeignCsms {
  /** Answers the test sets per action (they may throw: the CSMS then answers a CALLERROR). */
  readonly answers: Record<string, (payload: Record<string, unknown>) => Record<string, unknown>> = {};
  /** What ts-ocpp's schemas found wrong in a request (with `recordInvalid`). */
  readonly invalid: string[] = [];
  /** Upgrades refused for their credentials (with `passwords`). */
  refused = 0;
  private system: Any = null;
  /** The port it listens on. */
  port = 0;

  /**
   * `received` collects what it gets (pass the previous CSMS's to go on counting); transaction ids start at
   * `nextTransactionId`.
   */
  constructor(
    readonly received: Received[] = [],
    private nextTransactionId = 100,
    private readonly options: ForeignCsmsOptions = {},
  ) {}

  /** Listens on `port` (a free one by default; the same one again to restart it). */
  async start(port = 0): Promise<this> {
    this.system = new tsOcpp.CentralSystem(
      port,
      (req: Any, meta: Any) => {
        const { action, ocppVersion, ...payload } = req;
        if (meta.validationError) this.invalid.push(`${action}: ${meta.validationError.message}`);
        this.received.push({ from: meta.chargePointId, action, payload });
        const answer = this.answers[action]?.(payload) ?? this.answer(action, payload);
        return { action, ocppVersion, ...answer };
      },
      { host: '127.0.0.1', ...(this.options.recordInvalid ? { rejectInvalidRequests: false } : {}) },
    );
    const http = this.system.httpServer as Server;
    if (this.options.passwords) this.gate(http, this.options.passwords);
    if (!http.listening) await new Promise((r) => http.once('listening', r));
    this.port = (http.address() as AddressInfo).port;
    return this;
  }

  /** ts-ocpp's own upgrade handlers run only for a charge point with its password. */
  private gate(http: Server, passwords: Record<string, string>): void {
    const handlers = http.listeners('upgrade') as Upgrade[];
    http.removeAllListeners('upgrade');
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const id = decodeURIComponent(req.url?.split('/').pop() ?? '');
      const given = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const expected = passwords[id];
      if (expected !== undefined && given === Buffer.from(`${id}:${expected}`).toString('base64'))
        for (const h of handlers) h.call(http, req, socket, head);
      else {
        this.refused++;
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="ocpp"\r\nContent-Length: 0\r\n\r\n',
        );
      }
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ocpp`;
  }

  /** What the charge point `id` sent, in order (of one action when given). */
  from(id: string, action?: string): Received[] {
    return this.received.filter((r) => r.from === id && (action === undefined || r.action === action));
  }

  answer(action: string, payload: Record<string, unknown>): Record<string, unknown> {
    const now = new Date().toISOString();
    switch (action) {
      case 'BootNotification':
        return { status: 'Accepted', interval: 300, currentTime: now };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return { idTagInfo: { status: payload.idTag === 'BLOCKED' ? 'Blocked' : 'Accepted' } };
      case 'StartTransaction':
        return { transactionId: this.nextTransactionId++, idTagInfo: { status: 'Accepted' } };
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      case 'DataTransfer':
        return { status: 'Accepted' };
      default:
        return {};
    }
  }

  /** Sends a call to the charge point `id`; resolves with its answer, rejects with the error. */
  async send(id: string, action: string, payload: Record<string, unknown>): Promise<Any> {
    const either = await this.system
      .sendRequest({ ocppVersion: 'v1.6-json', chargePointId: id, action, payload })
      .run();
    if (either.isLeft()) throw either.extract();
    const { action: _a, ocppVersion: _v, ...answer } = either.extract();
    return answer;
  }

  close(): Promise<void> {
    return this.system.close();
  }
}

/**
 * A scripted charger: one connector whose car, card and power the test sets; its energy register integrates
 * its power on the virtual clock. It tells the charge point what happens as a charger would.
 */
export class ScriptedCharger implements ChargerHost {
  cp: ChargePoint | null = null;
  status: ConnectorStatus = 'Available';
  errorCode: ConnectorState['errorCode'] = 'NoError';
  /** The host calls the engine made, in order (`startSession:TAG`, `stopSession:Remote`, `setLimit:16`…). */
  readonly calls: string[] = [];
  limitA: number | null = null;
  private registerWh: number;
  private powerW = 0;
  private since: number;

  constructor(
    private readonly clock: VirtualClock,
    registerWh = 1_000_000,
  ) {
    this.registerWh = registerWh;
    this.since = clock.now();
  }

  private get engine(): ChargePoint {
    if (!this.cp) throw new Error('no charge point attached');
    return this.cp;
  }

  /** Energy.Active.Import.Register now, Wh. */
  get energyWh(): number {
    return this.registerWh + (this.powerW * (this.clock.now() - this.since)) / 3_600_000;
  }

  private setPower(w: number): void {
    this.registerWh = this.energyWh;
    this.since = this.clock.now();
    this.powerW = w;
  }

  connectorState(): ConnectorState {
    return { status: this.status, errorCode: this.errorCode };
  }

  read(measurand: Measurand): Reading | null {
    switch (measurand) {
      case 'Energy.Active.Import.Register':
        return { value: Math.round(this.energyWh), unit: 'Wh' };
      case 'Power.Active.Import':
        return { value: this.powerW, unit: 'W' };
      case 'Current.Import':
        return { value: this.powerW / (3 * 230), unit: 'A' };
      case 'Voltage':
        return { value: 230, unit: 'V' };
      default:
        return null;
    }
  }

  startSession(idTag: string): boolean {
    this.calls.push(`startSession:${idTag}`);
    if (this.status === 'Faulted' || this.status === 'Unavailable') return false;
    void this.begin(idTag);
    return true;
  }

  stopSession(reason: StopReason): void {
    this.calls.push(`stopSession:${reason}`);
    void this.end(reason);
  }

  unlock(): 'Unlocked' {
    this.calls.push('unlock');
    return 'Unlocked';
  }

  setAvailability(operative: boolean): void {
    this.calls.push(`setAvailability:${operative}`);
  }

  reset(type: 'Soft' | 'Hard'): void {
    this.calls.push(`reset:${type}`);
  }

  setLimit(amps: number | null): void {
    this.calls.push(`setLimit:${amps}`);
    this.limitA = amps;
  }

  /** A car plugs in. */
  plugIn(): void {
    this.status = 'Preparing';
    this.engine.statusChanged();
  }

  /** A card is presented: the session starts when the charge point accepts it. */
  async present(idTag: string): Promise<boolean> {
    const ok = await this.engine.cardPresented(idTag);
    if (ok) await this.begin(idTag);
    return ok;
  }

  /** The session starts, charging at `powerW`. */
  async begin(idTag: string, powerW = 11_000): Promise<void> {
    this.setPower(powerW);
    this.status = 'Charging';
    await this.engine.sessionStarted({ idTag, meterStartWh: Math.round(this.energyWh) });
    this.engine.statusChanged();
  }

  /** Charging goes on at `powerW` after a restart of the process, as the charger's own state says. */
  resume(powerW: number): void {
    this.setPower(powerW);
    this.status = 'Charging';
  }

  /** The session ends (the transaction's last meter reading), the car still plugged in. */
  async end(reason: StopReason): Promise<void> {
    this.setPower(0);
    this.status = 'Finishing';
    await this.engine.sessionStopped({ meterStopWh: Math.round(this.energyWh), reason });
    this.engine.statusChanged();
  }
}
