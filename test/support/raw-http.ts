// A raw HTTP/1.1 connection for tests that send a request in pieces (a head, part of a body) and watch what
// the server answers and whether it closes the connection, with bounded polls rather than sleeps.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far, as text. */
  received(): string;
  /** True once the server has closed (or reset) the connection. */
  closed(): boolean;
  /** Writes `data`; resolves once it has been handed to the system (false if the socket is gone). */
  write(data: string | Buffer): Promise<boolean>;
  destroy(): void;
}

/** Opens a connection to `url`'s host and port. */
export async function rawConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  socket.on('error', () => {
    isClosed = true; // a reset while we still write: the server has gone
  });
  socket.on('close', () => {
    isClosed = true;
  });
  return {
    socket,
    received: () => text,
    closed: () => isClosed,
    write: (data) =>
      new Promise((resolve) => {
        if (isClosed || socket.destroyed) return resolve(false);
        socket.write(data, (err) => resolve(!err));
      }),
    destroy: () => socket.destroy(),
  };
}

/** Polls `condition` every 5 ms until it holds, at most `capMs`; returns whether it held. */
export async function pollUntil(condition: () => boolean, capMs = 5000): Promise<boolean> {
  const end = Date.now() + capMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** The head of a POST to `path` announcing `length` bytes of body. */
export function postHead(
  url: string,
  path: string,
  length: number,
  headers: Record<string, string> = {},
): string {
  const { host, pathname } = new URL(url);
  const lines = [
    `POST ${pathname}${path} HTTP/1.1`,
    `Host: ${host}`,
    'Content-Type: text/zinc',
    `Content-Length: ${length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The status code of the first response in `text`, or null before one has arrived. */
export function statusOf(text: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return match ? Number(match[1]) : null;
}
