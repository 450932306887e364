// The DC-09 receiver server: TCP (frames split from each connection's stream, answered in order) and UDP
// (one frame a datagram, answered to its sender) on the same port number. Every frame is answered by
// answer-frame.ts; nothing a sender writes can stop the server or change anything but the reports an ACK
// stands for.
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { RandomBytes } from '../codec/aes.js';
import { answerFrame, type FrameContext } from './answer-frame.js';
import type { ReceiverAccount, TimestampWindow } from './checks.js';
import { FrameSplitter } from './frame-splitter.js';
import { ReceiverStats } from './receiver-stats.js';
import type { ReportSink } from './report-sink.js';

export interface ReceiverServerOptions {
  host: string;
  /** 0 picks a free port (the UDP socket then takes the same number). */
  port: number;
  tcp: boolean;
  udp: boolean;
  accounts: readonly ReceiverAccount[];
  acceptUnknownAccounts: boolean;
  /** false: no timestamp check. */
  window: TimestampWindow | false;
  sink: ReportSink;
  /** The receiver's time (epoch ms). */
  now: () => number;
  /** A TCP connection silent this long is closed; 0 never. */
  idleTimeoutMs: number;
  /** TCP connections beyond this many are closed as soon as they open. */
  maxConnections: number;
  /** UDP datagrams waiting for their answers (the sink), at most; more are dropped. Default 1024. */
  maxDatagramsInFlight?: number;
  random?: RandomBytes;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void };
  onRequest?: (remoteAddress: string) => void;
  onConnection?: (remoteAddress: string, open: boolean) => void;
}

const MAX_DATAGRAMS_IN_FLIGHT = 1024;

export interface ReceiverServer {
  /** `host:port`. */
  readonly address: string;
  readonly port: number;
  /** Where it listens: `tcp 127.0.0.1:12300`, `udp 127.0.0.1:12300`. */
  readonly listening: readonly string[];
  readonly stats: ReceiverStats;
  /** TCP connections open now. */
  readonly connections: number;
  close(graceMs?: number): Promise<void>;
}

export async function startReceiverServer(
  options: ReceiverServerOptions,
  attempt = 1,
): Promise<ReceiverServer> {
  const stats = new ReceiverStats();
  const { log } = options;
  const context: FrameContext = {
    settings: {
      accounts: options.accounts,
      window: options.window,
      acceptUnknownAccounts: options.acceptUnknownAccounts,
    },
    sink: options.sink,
    stats,
    now: () => new Date(options.now()),
    ...(options.random ? { random: options.random } : {}),
    onRefused: (answer, reason, message) =>
      log?.info({ answer, reason, detail: message }, 'sia frame not acknowledged'),
    onSinkError: (err) => log?.warn({ err }, 'sia report not kept: answered NAK'),
  };
  const hostText = options.host.includes(':') ? `[${options.host}]` : options.host;
  const listening: string[] = [];
  const sockets = new Set<Socket>();
  let tcp: Server | null = null;
  let udp: UdpSocket | null = null;
  let port = options.port;
  if (options.tcp) {
    // Half-open allowed: a sender that shuts down its side after its frame still gets its answer.
    tcp = createServer({ allowHalfOpen: true }, (socket) =>
      serveConnection(socket, options, context, sockets),
    );
    const server = tcp;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => log?.warn({ err }, 'sia tcp server error'));
    port = (server.address() as { port: number }).port;
    listening.push(`tcp ${hostText}:${port}`);
  }
  if (options.udp) {
    const socket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4' });
    udp = socket;
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address: options.host, port }, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      if (tcp) await new Promise<void>((resolve) => tcp?.close(() => resolve()));
      // Port 0: the free TCP port picked may be taken for UDP; pick again.
      const taken = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (options.port === 0 && options.tcp && taken && attempt < 5)
        return startReceiverServer(options, attempt + 1);
      throw err;
    }
    socket.on('error', (err) => log?.warn({ err }, 'sia udp socket error'));
    let inFlight = 0;
    socket.on('message', (datagram, from) => {
      // Datagrams beyond this many waiting for their answers are dropped: UDP senders send again.
      if (inFlight >= (options.maxDatagramsInFlight ?? MAX_DATAGRAMS_IN_FLIGHT)) {
        stats.droppedDatagrams++;
        return;
      }
      inFlight++;
      void serveDatagram(socket, datagram, from, options, context).finally(() => inFlight--);
    });
    port = socket.address().port;
    listening.push(`udp ${hostText}:${port}`);
  }
  const address = `${hostText}:${port}`;
  log?.info({ listening }, 'sia dc-09 receiver listening');
  return {
    address,
    port,
    listening,
    stats,
    get connections() {
      return sockets.size;
    },
    close: async (graceMs = 0) => {
      udp?.close();
      if (!tcp) return;
      const server = tcp;
      await new Promise<void>((resolve) => {
        const destroyAll = () => {
          for (const socket of sockets) socket.destroy();
        };
        const timer = graceMs > 0 ? setTimeout(destroyAll, graceMs) : null;
        server.close(() => {
          if (timer) clearTimeout(timer);
          resolve();
        });
        if (timer) for (const socket of sockets) socket.end();
        else destroyAll();
      });
    },
  };
}

/** Frames of one connection waiting for their answers, at most, before its reading pauses. */
const MAX_WAITING_FRAMES = 64;

/** One TCP connection: frames answered one after the other, in the order they came. */
function serveConnection(
  socket: Socket,
  options: ReceiverServerOptions,
  context: FrameContext,
  sockets: Set<Socket>,
): void {
  const ip = socket.remoteAddress ?? 'unknown';
  socket.on('error', () => {});
  if (sockets.size >= options.maxConnections) {
    options.log?.warn({ remote: ip, limit: options.maxConnections }, 'sia connection refused: too many');
    socket.destroy();
    return;
  }
  sockets.add(socket);
  options.onConnection?.(ip, true);
  socket.once('close', () => {
    sockets.delete(socket);
    options.onConnection?.(ip, false);
  });
  if (options.idleTimeoutMs > 0) {
    socket.setTimeout(options.idleTimeoutMs);
    socket.on('timeout', () => socket.destroy());
  }
  const splitter = new FrameSplitter();
  const via = { transport: 'tcp' as const, remote: `${ip}:${socket.remotePort}` };
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  socket.on('data', (chunk: Buffer) => {
    const before = splitter.dropped;
    const frames = splitter.push(chunk);
    context.stats.droppedBytes += splitter.dropped - before;
    for (const frame of frames) {
      options.onRequest?.(ip);
      // A sender far ahead of its answers is read no further until they catch up.
      if (++waiting === MAX_WAITING_FRAMES) socket.pause();
      queue = queue.then(async () => {
        const reply = await answerFrame(frame, via, context);
        if (reply && !socket.destroyed) socket.write(reply);
        if (--waiting === MAX_WAITING_FRAMES - 1 && !socket.destroyed) socket.resume();
      });
    }
  });
  // The sender has finished sending: its side closes once the answers it is owed are written.
  socket.once('end', () => {
    void queue.then(() => {
      if (!socket.destroyed) socket.end();
    });
  });
}

/** One UDP datagram: one frame, answered to its sender. */
function serveDatagram(
  socket: UdpSocket,
  datagram: Buffer,
  from: RemoteInfo,
  options: ReceiverServerOptions,
  context: FrameContext,
): Promise<void> {
  options.onRequest?.(from.address);
  const remote = from.family === 'IPv6' ? `[${from.address}]:${from.port}` : `${from.address}:${from.port}`;
  return answerFrame(datagram, { transport: 'udp', remote }, context).then((reply) => {
    if (!reply) return;
    try {
      socket.send(reply, from.port, from.address);
    } catch {
      // the socket closed meanwhile
    }
  });
}
