// An OCPP-J link in memory, for `simulate`: a charge point and the CSMS exchange the same calls, results and
// CALLERRORs as over a WebSocket — each message checked against OCPP 1.6's JSON schemas as ocpp-rpc's strict
// mode does (the same validator and error codes), logged as its OCPP-J text — but handed over on the
// microtask queue, with no socket and no real time, so that a simulated site's exchanges are reproducible.
// Each end offers the surface of ocpp-rpc's client that the CSMS and the charge point use.

import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import ocppRpc from 'ocpp-rpc';

const { createRPCError, createValidator } = ocppRpc;
const require = createRequire(import.meta.url);
const validator = createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json'));

type Handler = (call: { method: string; params: unknown }) => unknown;
type RpcError = Error & { rpcErrorCode?: string; details?: unknown };

/** One end of the link: the charge point's or the CSMS's. */
export class MemoryEnd extends EventEmitter {
  peer: MemoryEnd | null = null;
  readonly handshake = { remoteAddress: 'memory' };
  private readonly handlers = new Map<string, Handler>();
  private wildcard: Handler | null = null;
  private readonly pending = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 0;
  private isOpen = false;

  constructor(
    readonly identity: string,
    /** The charge point's end: hands the CSMS a new end of its own at each connection. */
    private readonly accept: ((csmsEnd: MemoryEnd) => void) | null = null,
  ) {
    super();
  }

  /** The charge point's end connects: a new CSMS end, accepted by the CSMS, then both open. */
  async connect(): Promise<void> {
    if (this.isOpen || !this.accept) return;
    const peer = new MemoryEnd(this.identity);
    this.peer = peer;
    peer.peer = this;
    this.isOpen = true;
    peer.isOpen = true;
    this.accept(peer);
    this.emit('open');
    peer.emit('open');
  }

  /** Closes both ends; calls waiting for an answer are rejected. */
  async close(_options?: unknown): Promise<void> {
    const peer = this.peer;
    for (const end of [this, peer]) {
      if (!end?.isOpen) continue;
      end.isOpen = false;
      for (const p of end.pending.values()) p.reject(new Error('the link closed'));
      end.pending.clear();
      end.emit('close', { code: 1000, reason: 'closed' });
    }
  }

  handle(method: string | Handler, handler?: Handler): void {
    if (typeof method === 'function') this.wildcard = method;
    else if (handler) this.handlers.set(method, handler);
  }

  /** A call to the other end, answered with its result or rejected with its CALLERROR. */
  call(method: string, params: unknown = {}, _options?: unknown): Promise<unknown> {
    if (!this.isOpen || !this.peer) return Promise.reject(new Error('not connected'));
    try {
      validator.validate(`urn:${method}.req`, params);
    } catch (err) {
      return Promise.reject(err);
    }
    const id = String(++this.nextId);
    this.log([2, id, method, params], true);
    const peer = this.peer;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      queueMicrotask(() => void peer.answer(id, method, params));
    });
  }

  /** Runs a call from the other end and sends back its result or its CALLERROR. */
  private async answer(id: string, method: string, params: unknown): Promise<void> {
    if (!this.isOpen) return;
    this.log([2, id, method, params], false);
    let reply: unknown[];
    try {
      validator.validate(`urn:${method}.req`, params);
      const handler = this.handlers.get(method);
      const run = handler ?? this.wildcard;
      if (!run) throw createRPCError('NotImplemented', `Unable to handle '${method}' calls`);
      const result = await (handler ? handler({ method, params }) : run({ method, params }));
      validator.validate(`urn:${method}.conf`, result);
      reply = [3, id, result];
    } catch (err) {
      const e = err as RpcError;
      reply = [4, id, e.rpcErrorCode ?? 'InternalError', e.message, e.details ?? {}];
    }
    this.log(reply, true);
    const peer = this.peer;
    queueMicrotask(() => peer?.settle(reply));
  }

  /** The other end's answer to one of this end's calls. */
  private settle(reply: unknown[]): void {
    this.log(reply, false);
    const waiting = this.pending.get(reply[1] as string);
    if (!waiting) return;
    this.pending.delete(reply[1] as string);
    if (reply[0] === 3) waiting.resolve(reply[2]);
    else
      waiting.reject(
        createRPCError(reply[2] as string, reply[3] as string, reply[4] as Record<string, unknown>) as Error,
      );
  }

  private log(frame: unknown[], outbound: boolean): void {
    this.emit('message', { message: JSON.stringify(frame), outbound });
  }
}

/** A charge point's end of a link in memory; `accept` hands the CSMS its end at each connection. */
export function memoryLink(identity: string, accept: (csmsEnd: MemoryEnd) => void): MemoryEnd {
  return new MemoryEnd(identity, accept);
}
