// Links to remote endpoints, shared per host:port: every connector of one endpoint (Modbus units behind one
// gateway, say) talks over one connection, opened on the first request and closed when the last connector
// lets go. One request at a time (many field devices and serial gateways take no pipelining). After a
// failure the link waits before opening again — 1 s, doubling to 30 s, on the injected clock — so that an
// endpoint that is away is not hammered.

import type { Clock } from '../core/clock.js';

/** An open connection to an endpoint, as the protocol makes it. */
export interface Transport {
  /** Whether the connection is gone (closed by either side, or failed). */
  readonly closed: boolean;
  close(): Promise<void>;
}

/** Opens a connection to `host:port`; rejects when it cannot. */
export type Opener<T extends Transport> = (host: string, port: number) => Promise<T>;

export const FIRST_RETRY_MS = 1000;
export const LAST_RETRY_MS = 30_000;

export class Link<T extends Transport> {
  private transport: T | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private retryAt = 0;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;
  /** How many connectors hold the link. */
  refs = 0;
  /** How many times a connection was opened (for the tests of sharing). */
  opens = 0;
  /** Told when the link is lost, whoever's request lost it: every holder's device is away. */
  private readonly onLost = new Set<(why: string) => void>();

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly open: Opener<T>,
    private readonly clock: Clock,
  ) {}

  get key(): string {
    return linkKey(this.host, this.port);
  }

  /** Whether a request now would wait for the retry delay to pass (the endpoint was just lost). */
  get waiting(): boolean {
    return this.transport === null && this.clock.now() < this.retryAt;
  }

  /** When a request may next try to reach the endpoint (epoch ms; 0 while connected). */
  get nextTry(): number {
    return this.transport === null ? this.retryAt : 0;
  }

  /** Calls `listener` whenever the link is lost; returns what stops it. */
  watch(listener: (why: string) => void): () => void {
    this.onLost.add(listener);
    return () => this.onLost.delete(listener);
  }

  /** Runs `exchange` in turn on the connection; a thrown error is a lost link (reopened after the delay). */
  run<R>(exchange: (transport: T) => Promise<R>): Promise<R> {
    const run = async () => {
      if (this.closed) throw new Error('the link is closed');
      const transport = await this.connected();
      try {
        return await exchange(transport);
      } catch (err) {
        this.lost(err);
        throw err;
      }
    };
    const answer = this.queue.then(run, run);
    this.queue = answer.catch(() => {});
    return answer;
  }

  private async connected(): Promise<T> {
    if (this.transport && !this.transport.closed) return this.transport;
    const now = this.clock.now();
    if (now < this.retryAt)
      throw new Error(`${this.key} is unreachable; next try in ${this.retryAt - now} ms`);
    try {
      this.opens++;
      this.transport = await this.open(this.host, this.port);
      this.retryMs = FIRST_RETRY_MS;
      return this.transport;
    } catch (err) {
      this.lost(err);
      throw err;
    }
  }

  private lost(err: unknown): void {
    void this.transport?.close();
    this.transport = null;
    this.retryAt = this.clock.now() + this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    if (this.closed) return;
    const why = err instanceof Error ? err.message : String(err);
    for (const listener of [...this.onLost]) listener(why);
  }

  /** Closes the connection at once: a request waiting for its answer fails now, not at its timeout. */
  async close(): Promise<void> {
    this.closed = true;
    const transport = this.transport;
    this.transport = null;
    await transport?.close();
    await this.queue;
  }
}

export const linkKey = (host: string, port: number) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** The links of one site, one per host:port, counted by reference. */
export class LinkPool<T extends Transport> {
  private readonly links = new Map<string, Link<T>>();

  constructor(private readonly clock: Clock) {}

  /**
   * The link to `host:port`, shared with every other holder (opened the way its first holder says); give
   * it back with `release`.
   */
  acquire(host: string, port: number, open: Opener<T>): Link<T> {
    const key = linkKey(host, port);
    let link = this.links.get(key);
    if (!link) {
      link = new Link(host, port, open, this.clock);
      this.links.set(key, link);
    }
    link.refs++;
    return link;
  }

  /** Lets go of a link; the last holder's release closes it. */
  async release(link: Link<T>): Promise<void> {
    link.refs--;
    if (link.refs > 0) return;
    if (this.links.get(link.key) === link) this.links.delete(link.key);
    await link.close();
  }

  /** How many links are open or openable now. */
  get size(): number {
    return this.links.size;
  }
}
