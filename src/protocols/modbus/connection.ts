// One master's TCP connection: frames decoded as they arrive, answered one at a time in arrival order (a
// read after a write sees the write), pipelined frames queued meanwhile. Garbage closes the connection
// after the frames before it are answered; so does silence longer than the idle timeout.

import type { Socket } from 'node:net';
import { encodeFrame, type Frame, FrameDecoder } from './mbap.js';
import type { ModbusLogger, RequestHandler } from './request-handler.js';

/** Frames waiting while a write commits before the connection stops reading. */
const MAX_QUEUED = 64;
/** Answers the master has not read yet before the connection stops reading. */
const MAX_UNSENT_BYTES = 64 * 1024;

export interface ConnectionOptions {
  handler: RequestHandler;
  /** Closes a connection silent for this long; 0 never does. */
  idleTimeoutMs: number;
  log?: ModbusLogger;
  /** Called for every frame (the parking server counts the master as a BMS client). */
  onRequest?: () => void;
}

export class ModbusConnection {
  /** `address:port` of the master. */
  readonly remote: string;
  private readonly decoder = new FrameDecoder();
  private queue: Frame[] = [];
  private head = 0;
  /** A write is being committed: later frames wait. */
  private busy = false;
  /** Garbage arrived: answer what came before it, then close. */
  private closing = false;
  private paused = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    if (options.idleTimeoutMs > 0)
      socket.setTimeout(options.idleTimeoutMs, () => {
        options.log?.debug?.({ remote: this.remote }, 'modbus connection idle: closed');
        socket.destroy();
      });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('drain', () => this.drain());
    socket.on('error', (err) =>
      options.log?.debug?.({ remote: this.remote, err }, 'modbus connection error'),
    );
  }

  private receive(chunk: Buffer): void {
    if (this.closing) return;
    const problem = this.decoder.push(chunk, (frame) => this.queue.push(frame));
    if (problem) {
      this.closing = true;
      this.options.log?.info(
        { remote: this.remote, reason: problem },
        'modbus connection closed: not Modbus TCP',
      );
    }
    this.drain();
  }

  /** Answers queued frames until one must wait for the write path. */
  private drain(): void {
    if (this.busy || this.socket.destroyed) return;
    this.socket.cork();
    while (this.head < this.queue.length && this.socket.writableLength < MAX_UNSENT_BYTES) {
      const frame = this.queue[this.head++] as Frame;
      this.options.onRequest?.();
      const answer = this.options.handler.handle(frame.unitId, frame.pdu, this.remote);
      if (answer instanceof Promise) {
        this.busy = true;
        void answer.then((pdu) => {
          this.busy = false;
          this.send(frame, pdu);
          this.drain();
        });
        break;
      }
      this.send(frame, answer);
    }
    this.socket.uncork();
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    this.flowControl();
  }

  private send(frame: Frame, pdu: Buffer): void {
    if (!this.socket.writable) return;
    this.socket.write(encodeFrame(frame.transactionId, frame.unitId, pdu));
  }

  /** Stops reading while too much waits (frames to answer, answers to send); ends after garbage. */
  private flowControl(): void {
    const waiting = this.queue.length - this.head;
    if (this.closing) {
      this.socket.pause();
      if (waiting === 0 && !this.busy) this.socket.end();
      return;
    }
    const full = waiting >= MAX_QUEUED || this.socket.writableLength >= MAX_UNSENT_BYTES;
    if (full && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!full && this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }
}
