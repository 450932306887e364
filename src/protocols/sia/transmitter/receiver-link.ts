// The link to one receiver: one message at a time, each waiting for its answer. TCP keeps one connection,
// opened when a message is to be sent and again after it drops (the sender's rounds pace the reconnects);
// UDP sends each message as one datagram from one socket. An answer counts when it is an ACK or DUH echoing
// the message's sequence, receiver, line and account (an ACK to an encrypted message is decrypted with the
// receiver's key), or a NAK (which echoes nothing: `0000R0L0A0`); anything else (a late answer to an earlier
// message, bytes that are not a frame) is ignored.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { Clock, TimerHandle } from '../../../core/clock.js';
import { decodeFrame, type SiaHeader } from '../codec/frame.js';
import type { ReceiverTarget } from './transmitter-settings.js';

export type Answer =
  | { kind: 'ACK' }
  | { kind: 'NAK'; receiverTime: Date | null }
  | { kind: 'DUH' }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; error: string };

interface Waiter {
  expect: SiaHeader;
  done(answer: Answer): void;
}

const same = (a: string | undefined, b: string | undefined) =>
  (a ?? '').toUpperCase() === (b ?? '').toUpperCase();

export class ReceiverLink {
  /** Milliseconds to add to the sender's clock for this receiver's timestamps (learnt from its NAKs). */
  clockOffsetMs = 0;
  private tcp: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private udp: UdpSocket | null = null;
  private buffer = '';
  private waiter: Waiter | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly target: ReceiverTarget,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  get connected(): boolean {
    return this.tcp !== null || this.udp !== null;
  }

  /** Sends `text` and resolves with its answer; messages queue behind each other. */
  exchange(text: string, expect: SiaHeader): Promise<Answer> {
    const run = this.tail.then(() => this.send(text, expect));
    this.tail = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.closed = true;
    this.finish({ kind: 'unreachable', error: 'transmitter closed' });
    this.tcp?.destroy();
    this.tcp = null;
    this.udp?.close();
    this.udp = null;
  }

  private async send(text: string, expect: SiaHeader): Promise<Answer> {
    if (this.closed) return { kind: 'unreachable', error: 'transmitter closed' };
    const bytes = Buffer.from(text, 'latin1');
    let waiter: Waiter | null = null;
    const answer = new Promise<Answer>((resolve) => {
      waiter = { expect, done: resolve };
      this.waiter = waiter;
    });
    // The wait covers the connection too: a host that never answers the SYN is a timeout, not a hang.
    const timer: TimerHandle = this.clock.at(this.clock.now() + this.timeoutMs, () =>
      this.finish({ kind: 'timeout' }),
    );
    const mine = () => waiter !== null && this.waiter === waiter;
    if (this.target.transport === 'tcp') {
      if (this.tcp) this.tcp.write(bytes);
      else
        this.connect().then(
          (socket) => {
            if (mine()) socket.write(bytes);
          },
          (err: Error) => {
            if (mine()) this.finish({ kind: 'unreachable', error: err.message });
          },
        );
    } else {
      const socket = this.udp ?? this.openUdp();
      socket.send(bytes, this.target.port, this.target.host, (err) => {
        if (err && mine()) this.finish({ kind: 'unreachable', error: err.message });
      });
    }
    const result = await answer;
    timer.cancel();
    return result;
  }

  /** The connection being opened, shared by the messages that wait for it (a slow SYN outlives a timeout). */
  private connect(): Promise<Socket> {
    if (!this.connecting)
      this.connecting = this.open().finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  private finish(answer: Answer): void {
    const w = this.waiter;
    this.waiter = null;
    w?.done(answer);
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.target.host, port: this.target.port });
      socket.setNoDelay(true);
      const failed = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.once('error', failed);
      socket.once('connect', () => {
        socket.off('error', failed);
        if (this.closed) {
          failed(new Error('transmitter closed'));
          return;
        }
        this.tcp = socket;
        this.buffer = '';
        socket.on('data', (chunk) => this.onBytes(chunk.toString('latin1')));
        const dropped = (why: string) => {
          if (this.tcp === socket) this.tcp = null;
          this.finish({ kind: 'unreachable', error: why });
        };
        socket.on('error', (err) => dropped(err.message));
        socket.on('close', () => dropped('connection closed by the receiver'));
        resolve(socket);
      });
    });
  }

  private openUdp(): UdpSocket {
    const socket = createSocket(this.target.host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (msg) => this.onFrame(msg.toString('latin1')));
    socket.on('error', (err) => this.finish({ kind: 'unreachable', error: err.message }));
    this.udp = socket;
    return socket;
  }

  /** TCP bytes: frames run from LF to CR. */
  private onBytes(text: string): void {
    this.buffer += text;
    for (;;) {
      const start = this.buffer.indexOf('\n');
      if (start < 0) {
        this.buffer = '';
        return;
      }
      const end = this.buffer.indexOf('\r', start);
      if (end < 0) {
        this.buffer = this.buffer.slice(start, start + 8192);
        return;
      }
      this.onFrame(this.buffer.slice(start, end + 1));
      this.buffer = this.buffer.slice(end + 1);
    }
  }

  private onFrame(text: string): void {
    const w = this.waiter;
    if (!w) return;
    const key = this.target.key ?? undefined;
    const decoded = decodeFrame(text, () => key);
    if (!decoded.ok) return;
    const f = decoded.frame;
    if (f.token === 'NAK') {
      this.finish({ kind: 'NAK', receiverTime: f.timestamp ?? null });
      return;
    }
    if (f.token !== 'ACK' && f.token !== 'DUH') return;
    const e = w.expect;
    const echoes =
      f.sequence === e.sequence &&
      same(f.receiver, e.receiver) &&
      same(f.line, e.line) &&
      same(f.account, e.account);
    if (echoes) this.finish({ kind: f.token });
  }
}
