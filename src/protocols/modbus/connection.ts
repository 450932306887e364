// One master's TCP connection: frames decoded as they arrive, answered one at a time in arrival order (a
// read after a write sees the write), pipelined frames queued meanwhile. Garbage closes the connection
// after the frames before it are answered; so does silence longer than the idle timeout.
//
// This runs for every request, so it keeps per-request work small: the answers found in one turn go out in
// one socket write (one frame, or all of them in one buffer), and the idle timeout is a coarse periodic
// check of an activity flag rather than a timer re-armed on every read and write.

import type { Socket } from 'node:net';
import { encodeFrame, encodeFrames, type Frame, FrameDecoder, MBAP_HEADER_LENGTH } from './mbap.js';
import type { ModbusLogger, RequestHandler } from './request-handler.js';

/** Frames waiting while a write commits before the connection stops reading. */
const MAX_QUEUED = 64;
/** Answers the master has not read yet before the connection stops reading. */
const MAX_UNSENT_BYTES = 64 * 1024;
/**
 * The idle check runs this many times per idle timeout: a silent connection is closed between 1 and
 * 1 + 1/IDLE_CHECKS idle timeouts after it last spoke or was answered.
 */
const IDLE_CHECKS = 4;

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
  private readonly queue: Frame[] = [];
  private head = 0;
  /** Answered frames not written yet (each frame's `pdu` is its answer), in order. */
  private readonly answers: Frame[] = [];
  private answerBytes = 0;
  /** A write is being committed: later frames wait. */
  private busy = false;
  /** Garbage arrived: answer what came before it, then close. */
  private closing = false;
  private paused = false;
  /** A turn of `drain` is scheduled for frames left over. */
  private scheduled = false;
  /** Something was received or sent since the last idle check. */
  private active = true;
  /** Idle checks in a row that found the connection silent. */
  private silentChecks = 0;
  private readonly enqueue = (frame: Frame): void => {
    this.queue.push(frame);
  };

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    if (options.idleTimeoutMs > 0) {
      const timer = setInterval(() => this.checkIdle(), options.idleTimeoutMs / IDLE_CHECKS);
      timer.unref();
      socket.once('close', () => clearInterval(timer));
    }
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('drain', () => this.drain());
    socket.on('error', (err) =>
      options.log?.debug?.({ remote: this.remote, err }, 'modbus connection error'),
    );
  }

  private checkIdle(): void {
    if (this.active) {
      this.active = false;
      this.silentChecks = 0;
      return;
    }
    if (++this.silentChecks < IDLE_CHECKS || this.socket.destroyed) return;
    this.options.log?.debug?.({ remote: this.remote }, 'modbus connection idle: closed');
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.active = true;
    if (this.closing) return;
    const problem = this.decoder.push(chunk, this.enqueue);
    if (problem) {
      this.closing = true;
      this.options.log?.info(
        { remote: this.remote, reason: problem },
        'modbus connection closed: not Modbus TCP',
      );
    }
    this.drain();
  }

  /** Answers queued frames until one must wait for the write path; writes the answers found. */
  private drain(): void {
    if (this.busy || this.socket.destroyed) return;
    const { handler, onRequest } = this.options;
    const unsent = this.socket.writableLength;
    while (this.head < this.queue.length && unsent + this.answerBytes < MAX_UNSENT_BYTES) {
      const frame = this.queue[this.head++] as Frame;
      onRequest?.();
      const answer = handler.handle(frame.unitId, frame.pdu, this.remote);
      if (answer instanceof Promise) {
        this.busy = true;
        void answer.then((pdu) => {
          this.busy = false;
          this.answer(frame, pdu);
          this.drain();
        });
        break;
      }
      this.answer(frame, answer);
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    this.flush();
    this.flowControl();
    this.continueLater();
  }

  /**
   * Frames are left because this turn's answers filled the send budget. Node emits `drain` only after a
   * `write()` that returned false; when the socket took the answers at once nothing would come, so the next
   * turn is scheduled here (after pending I/O, so a master that reads its answers gets to run).
   */
  private continueLater(): void {
    if (this.scheduled || this.busy || this.head === this.queue.length) return;
    if (this.socket.destroyed || this.socket.writableNeedDrain) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** `pdu` answers `frame`: it goes out with the other answers of this turn. */
  private answer(frame: Frame, pdu: Buffer): void {
    frame.pdu = pdu;
    this.answers.push(frame);
    this.answerBytes += MBAP_HEADER_LENGTH + pdu.length;
  }

  /** One write for the answers of this turn (nothing after the socket closed). */
  private flush(): void {
    const { answers } = this;
    if (answers.length === 0) return;
    if (this.socket.writable) {
      const first = answers[0] as Frame;
      this.socket.write(
        answers.length === 1
          ? encodeFrame(first.transactionId, first.unitId, first.pdu)
          : encodeFrames(answers),
      );
      this.active = true;
    }
    answers.length = 0;
    this.answerBytes = 0;
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
