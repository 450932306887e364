// The link to one real Modbus TCP device: connects on demand, sends one request at a time (many field
// devices and serial gateways take no pipelining), and after a failure waits before trying again — 1 s,
// doubling to 30 s — so that a device that is away is not hammered.

import { ModbusTcpClient } from '../client.js';
import type { Request } from '../requests.js';
import type { Response } from '../responses.js';

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

export class DeviceLink {
  private client: ModbusTcpClient | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private retryAt = 0;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly unit: number,
    readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a request now would wait for the retry delay to pass (the device was just lost). */
  get waiting(): boolean {
    return this.client === null && this.now() < this.retryAt;
  }

  /** When a request may next try to reach the device (epoch ms; now or past while connected). */
  get nextTry(): number {
    return this.client === null ? this.retryAt : 0;
  }

  /** Sends a request in turn; a lost link throws, and the next request reconnects (after the delay). */
  request(request: Request): Promise<Response> {
    const run = async () => {
      if (this.closed) throw new Error('the link is closed');
      const client = await this.connected();
      try {
        return await client.request(this.unit, request);
      } catch (err) {
        this.lost();
        throw err;
      }
    };
    const answer = this.queue.then(run, run);
    this.queue = answer.catch(() => {});
    return answer;
  }

  private async connected(): Promise<ModbusTcpClient> {
    if (this.client && !this.client.closed) return this.client;
    if (this.now() < this.retryAt)
      throw new Error(
        `${this.host}:${this.port} is unreachable; next try in ${this.retryAt - this.now()} ms`,
      );
    try {
      this.client = await ModbusTcpClient.connect(this.host, this.port, this.timeoutMs);
      this.retryMs = FIRST_RETRY_MS;
      return this.client;
    } catch (err) {
      this.lost();
      throw err;
    }
  }

  private lost(): void {
    void this.client?.close();
    this.client = null;
    this.retryAt = this.now() + this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }

  /** Closes the connection at once: a request waiting for its answer fails now, not at its timeout. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.close();
    await this.queue;
  }
}
