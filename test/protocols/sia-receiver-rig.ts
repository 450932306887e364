// A DC-09 receiver on loopback for the tests (port 0, TCP and UDP), with its reports kept in memory and a
// receiver time the test sets; a TCP and a UDP client that wait, bounded, for the answers they expect.
import { createSocket } from 'node:dgram';
import { createConnection, type Socket } from 'node:net';
import type { ReceiverAccount } from '../../src/protocols/sia/receiver/checks.js';
import {
  type ReceiverServer,
  type ReceiverServerOptions,
  startReceiverServer,
} from '../../src/protocols/sia/receiver/receiver-server.js';
import { MemoryReportSink, type ReportSink } from '../../src/protocols/sia/receiver/report-sink.js';

export const NOW = new Date('2026-03-01T12:00:00Z');
/** Answers are waited for at most this long (a bound, not a timing: the loopback answers in far less). */
const WAIT_MS = 5_000;

export interface Rig {
  server: ReceiverServer;
  sink: MemoryReportSink;
  /** The receiver's time; tests move it. */
  clock: { now: number };
  close(): Promise<void>;
}

export async function startRig(
  accounts: ReceiverAccount[],
  overrides: Partial<ReceiverServerOptions> & { sink?: ReportSink } = {},
): Promise<Rig> {
  const sink = new MemoryReportSink();
  const clock = { now: NOW.getTime() };
  const server = await startReceiverServer({
    host: '127.0.0.1',
    port: 0,
    tcp: true,
    udp: true,
    accounts,
    acceptUnknownAccounts: false,
    window: { behindS: 40, aheadS: 20 },
    sink,
    now: () => clock.now,
    idleTimeoutMs: 30_000,
    maxConnections: 50,
    // Encrypted ACKs padded the same way every time, so that two answers can be compared.
    random: (count) => new Uint8Array(count),
    ...overrides,
  });
  return { server, sink, clock, close: () => server.close(0) };
}

/** A TCP connection to the receiver that collects what it answers, frame by frame (LF … CR). */
export class TcpPanel {
  private received = '';
  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      this.received += text;
    });
  }

  static async connect(port: number): Promise<TcpPanel> {
    const socket = createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new TcpPanel(socket);
  }

  write(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  /** Waits (bounded) until `count` answers have come in all; resolves with every answer so far. */
  async answers(count: number): Promise<string[]> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const frames: string[] = this.received.match(/\n[^\n\r]*\r/g) ?? [];
      if (frames.length >= count) return frames;
      if (Date.now() > deadline || this.socket.destroyed)
        throw new Error(`expected ${count} answers, got ${frames.length}: ${JSON.stringify(this.received)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Waits (bounded) for an answer equal to `answer`; resolves with every answer up to it. */
  async until(answer: string): Promise<string[]> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const frames: string[] = this.received.match(/\n[^\n\r]*\r/g) ?? [];
      const at = frames.indexOf(answer);
      if (at >= 0) {
        this.received = frames.slice(at + 1).join('');
        return frames.slice(0, at + 1);
      }
      if (Date.now() > deadline || this.socket.destroyed)
        throw new Error(`no ${JSON.stringify(answer)} among ${JSON.stringify(frames.slice(-5))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Shuts down the writing side (FIN), as a panel that sends one frame and waits may do. */
  endWriting(): Promise<void> {
    return new Promise((resolve) => this.socket.end(resolve));
  }

  /** Everything received so far. */
  soFar(): string {
    return this.received;
  }

  /** Resolves once the receiver has ended the connection (bounded). */
  async closedByPeer(): Promise<void> {
    if (this.socket.readableEnded || this.socket.destroyed) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the receiver did not close the connection')), WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.socket.once('end', done);
      this.socket.once('close', done);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Sends datagrams from one UDP socket and waits (bounded) for `count` answers. */
export async function udpExchange(
  port: number,
  datagrams: (string | Buffer)[],
  count: number,
): Promise<string[]> {
  const socket = createSocket('udp4');
  const answers: string[] = [];
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    socket.on('message', (message) => answers.push(message.toString('latin1')));
    for (const d of datagrams)
      await new Promise<void>((resolve, reject) =>
        socket.send(typeof d === 'string' ? Buffer.from(d, 'latin1') : d, port, '127.0.0.1', (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    const deadline = Date.now() + WAIT_MS;
    while (answers.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} UDP answers, got ${JSON.stringify(answers)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return answers;
  } finally {
    socket.close();
  }
}
