// A small Modbus TCP master: one connection, requests pipelined and matched to answers by transaction id,
// a timeout per request. Used by the tests and the benchmark's load generator; gateway mode can build on it.

import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from './mbap.js';
import { encodeRequest, type Request } from './requests.js';
import { decodeResponse, type Response } from './responses.js';

interface Pending {
  resolve: (pdu: Buffer) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class ModbusTcpClient {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closedWith: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    /** Per request, ms. */
    readonly timeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const problem = this.decoder.push(chunk, (frame) => {
        const waiting = this.pending.get(frame.transactionId);
        if (!waiting) return;
        this.pending.delete(frame.transactionId);
        clearTimeout(waiting.timer);
        waiting.resolve(Buffer.from(frame.pdu));
      });
      if (problem) this.fail(new Error(`the server sent garbage: ${problem}`));
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('the connection closed')));
  }

  /** Connects to `host:port`; rejects when the server cannot be reached within `timeoutMs`. */
  static connect(host: string, port: number, timeoutMs = 2000): Promise<ModbusTcpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no Modbus server at ${host}:${port} after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new ModbusTcpClient(socket, timeoutMs));
      });
    });
  }

  /** Whether the connection is gone (closed by either side, or failed). */
  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** Sends a raw PDU to `unit`; resolves with the answer's PDU (an exception is an answer too). */
  send(unit: number, pdu: Uint8Array): Promise<Buffer> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId;
    this.nextId = this.nextId === 0xffff ? 1 : this.nextId + 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to transaction ${id} after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(encodeFrame(id, unit, pdu));
    });
  }

  /** Sends `request` to `unit` and reads the answer. */
  async request(unit: number, request: Request): Promise<Response> {
    const pdu = await this.send(unit, encodeRequest(request));
    const bits = 'quantity' in request ? request.quantity : undefined;
    return decodeResponse(pdu, bits);
  }

  private fail(err: Error): void {
    if (!this.closedWith) this.closedWith = err;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
      this.pending.delete(id);
    }
  }

  /** Closes the connection; requests still waiting are rejected. */
  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}
