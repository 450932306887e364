// A loopback TCP proxy in front of PostgreSQL that a test can cut like a network does, in one of two ways:
// a silent blackhole (bytes in either direction are held back, connections stay open and silent, nothing is
// refused) or a reset (every connection is reset at once and new ones are reset as soon as they open). Healed,
// bytes flow again (those held back first). What a node on the far side of a partition sees of its database.

import { connect, createServer, type Server, type Socket } from 'node:net';

/** How a cut looks: held back in silence, or every connection reset and new ones refused. */
export type CutMode = 'blackhole' | 'reset';

export class PartitionProxy {
  private cut = false;
  private mode: CutMode = 'blackhole';
  /** Cut the network right after the node sends bytes containing this (its statement reaches the server). */
  private cutAfterText: string | undefined;
  private readonly held: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port and forwards to 127.0.0.1:`targetPort`. */
  static async start(targetPort: number): Promise<PartitionProxy> {
    let proxy: PartitionProxy | undefined;
    const server = createServer((client) => proxy?.forward(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy: no port');
    proxy = new PartitionProxy(server, address.port);
    return proxy;
  }

  /** `url` with its port replaced by the proxy's. */
  via(url: string): string {
    const parsed = new URL(url);
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Whether the network is cut now. */
  get isCut(): boolean {
    return this.cut;
  }

  /**
   * From now on nothing passes: held back, not dropped (`blackhole`, the default), or every connection reset
   * now and each new one reset as it opens (`reset`).
   */
  partition(mode: CutMode = 'blackhole'): void {
    this.cut = true;
    this.mode = mode;
    if (mode === 'reset') for (const socket of this.sockets) socket.resetAndDestroy();
  }

  /** Cuts the network right after a statement containing `text` reaches the server (a cut mid-transaction). */
  cutAfter(text: string): void {
    this.cutAfterText = text;
  }

  /** Everything held back passes, and what follows. */
  heal(): void {
    this.cut = false;
    for (const send of this.held.splice(0)) send();
  }

  private forward(client: Socket, targetPort: number): void {
    if (this.cut && this.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        const send = () => {
          if (!to.destroyed) to.write(chunk);
        };
        if (this.cut) this.held.push(send);
        else send();
        if (from === client && this.cutAfterText !== undefined && chunk.includes(this.cutAfterText)) {
          this.cutAfterText = undefined;
          this.cut = true;
        }
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  /** Closes every connection and the listener. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
