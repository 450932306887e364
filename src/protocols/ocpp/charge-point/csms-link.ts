// The WebSocket link to the CSMS (ocpp-rpc's RPCClient, subprotocol ocpp1.6, strict schema validation both
// ways): connects, and after a failure or a loss reconnects with exponential back-off timed on the injected
// clock (so that a virtual clock decides when a reconnection happens).

import type { Clock, TimerHandle } from '../../../core/clock.js';
import { RPCClient, type RpcClient } from './rpc.js';
import type { ChargePointSettings } from './settings.js';

export interface LinkEvents {
  open(): void;
  close(): void;
}

export class CsmsLink {
  readonly client: RpcClient;
  private timer: TimerHandle | null = null;
  private failures = 0;
  private stopped = true;
  private isOpen = false;

  /** `pingIntervalS`: WebSocket pings (WebSocketPingInterval, 0 = none), a transport matter in real time. */
  constructor(
    private readonly settings: ChargePointSettings,
    private readonly clock: Clock,
    private readonly events: LinkEvents,
    pingIntervalS = 0,
    /** The link's client when it is not a WebSocket (an in-memory link under `simulate`). */
    client?: RpcClient,
  ) {
    this.client =
      client ??
      new RPCClient({
        endpoint: settings.url.replace(/\/+$/, ''),
        identity: settings.id,
        password: settings.password ?? null,
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
        callTimeoutMs: settings.callTimeoutMs ?? 30_000,
        pingIntervalMs: pingIntervalS * 1000,
        wsOpts: settings.ca ? { ca: settings.ca } : {},
      } as ConstructorParameters<typeof RPCClient>[0]);
    this.client.on('open', () => {
      this.failures = 0;
      this.isOpen = true;
      this.events.open();
    });
    this.client.on('close', () => {
      const wasOpen = this.isOpen;
      this.isOpen = false;
      if (wasOpen) this.events.close();
      this.schedule();
    });
  }

  get open(): boolean {
    return this.isOpen;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Drops the connection (a reset): the link reconnects at once. */
  async restart(): Promise<void> {
    this.failures = 0;
    await this.client.close({ force: true });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.client.close({ force: true });
  }

  call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.client.call(action, payload) as Promise<Record<string, unknown>>;
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    // A failure closes the client, whose 'close' schedules the next attempt.
    this.client.connect().catch(() => {});
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const min = this.settings.reconnectMinMs ?? 1000;
    const max = this.settings.reconnectMaxMs ?? 60_000;
    const delay = Math.min(max, min * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    this.timer = this.clock.at(this.clock.now() + delay, () => this.connect());
  }
}
