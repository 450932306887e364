// The link over MQTT.js. Each session is a client of its own: when a session ends, the client is ended and a
// new one connects after a back-off (1 s doubling to 30 s), so the will is read afresh for each session and
// nothing of a lost session is resent behind our back. QoS 1 messages not yet acknowledged when a session
// ends go back into the backlog ahead of newer ones (when newer ones already wait there, because the in-flight
// window was full, the live ones were copied at its head as it started to fill: see `keep`); the backlog
// drains in order, in batches each released once acknowledged, before live messages flow again. A publish
// that fails is the end of its session: its rejection is handled there, never left unhandled.

import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Backlog } from './backlog.js';
import type { LinkOptions, LinkStatus, MqttLink } from './link.js';
import type { Outgoing } from './outgoing.js';
import { topicMatches } from './topic-match.js';

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;
/** Messages of the backlog sent before their acknowledgements are awaited. */
const DRAIN_BATCH = 500;
/** QoS 1 messages awaiting their acknowledgement before live messages wait in the backlog. */
const MAX_IN_FLIGHT = 20_000;
/**
 * Bytes written to the broker's socket and not yet taken by it, past which live messages wait (in the backlog,
 * or are dropped and counted without one) instead of filling memory: a broker slower than the site, at QoS 0
 * where no acknowledgement holds MQTT.js back.
 */
const MAX_UNSENT_BYTES = 64 * 1024 * 1024;
/** How long a clean close waits for acknowledgements. */
const CLOSE_WAIT_MS = 2000;

export class ClientLink implements MqttLink {
  private client: MqttClient | null = null;
  /** Counts sessions: callbacks of an ended client are ignored. */
  private generation = 0;
  private isConnected = false;
  private since = Date.now();
  private lastError: string | null = null;
  /** The reason of the last failure logged: the same one is not logged again at every retry. */
  private lastLoggedError: string | null = null;
  private published = 0;
  private dropped = 0;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private draining = false;
  /** Live QoS 1 messages handed over and not yet acknowledged, in order. */
  private readonly inFlight = new Map<number, Outgoing>();
  private nextInFlight = 0;
  /** Messages for the backlog, appended together at the end of the turn. */
  private pending: Outgoing[] = [];
  private pendingFlush: NodeJS.Immediate | null = null;
  /**
   * Live messages in flight copied at the head of the backlog when it started to fill behind them: their
   * in-flight ids, in order, and the backlog number of the first.
   */
  private spill: { first: number; ids: number[] } | null = null;
  private readonly subscriptions: { filter: string; handler: (t: string, p: Buffer) => void }[] = [];
  private readonly sessionListeners = new Set<() => void>();
  private readonly lostListeners = new Set<() => void>();
  private firstSession: (() => void) | null = null;
  /** Settles when the current session ends: a drain waiting for acknowledgements stops waiting then. */
  private sessionOver: Promise<'ended'> = Promise.resolve('ended');
  private endSession: () => void = () => {};

  constructor(private readonly options: LinkOptions) {
    this.retryMs = this.firstRetryMs;
  }

  private get firstRetryMs(): number {
    return this.options.retry?.firstMs ?? FIRST_RETRY_MS;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  private get backlog(): Backlog | null {
    return this.options.backlog;
  }

  /** True while older messages wait: a new one must wait behind them. */
  private get waiting(): boolean {
    return this.pending.length > 0 || (this.backlog?.size ?? 0) > 0 || this.draining;
  }

  publish(message: Outgoing): void {
    if (
      this.isConnected &&
      !this.waiting &&
      this.inFlight.size < (this.options.maxInFlight ?? MAX_IN_FLIGHT) &&
      (this.client?.stream?.writableLength ?? 0) < MAX_UNSENT_BYTES
    ) {
      // A failure is the session's end: the message, still in flight, goes back into the backlog then.
      this.send(message, false, true)?.catch(() => {});
      return;
    }
    this.keep(message);
  }

  publishNow(message: Outgoing): boolean {
    if (!this.isConnected) return false;
    this.send(message, false, false)?.catch(() => {});
    return true;
  }

  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): void {
    this.subscriptions.push({ filter, handler });
    if (this.isConnected) this.client?.subscribe(filter, { qos: 1 });
  }

  onSession(listener: () => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  start(waitFor: boolean): Promise<void> {
    const first = new Promise<void>((resolve) => {
      this.firstSession = resolve;
    });
    this.connect();
    return waitFor ? first : Promise.resolve();
  }

  status(): LinkStatus {
    return {
      url: this.options.url,
      connected: this.isConnected,
      since: this.since,
      lastError: this.lastError,
      published: this.published,
      dropped: this.dropped,
      backlog: this.backlog?.status() ?? null,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    if (client && this.isConnected) {
      // Waits (boundedly) for the acknowledgements of what is in flight; what stays unacknowledged is kept.
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while (this.inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    }
    this.generation++;
    this.isConnected = false;
    this.keepInFlight();
    this.endSession();
    this.flushPending();
    if (client) await client.endAsync(!client.connected).catch(() => {});
    this.client = null;
  }

  // --- sessions

  private connect(): void {
    if (this.closing) return;
    const generation = ++this.generation;
    this.sessionOver = new Promise((resolve) => {
      this.endSession = () => resolve('ended');
    });
    const { options } = this;
    const will = options.will?.() ?? null;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      protocolVersion: options.protocolVersion,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
      ...(will
        ? { will: { topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain } }
        : {}),
    };
    const client = mqtt.connect(options.url, clientOptions);
    this.client = client;
    client.on('connect', () => {
      if (generation === this.generation) this.sessionStarted(client);
    });
    client.on('message', (topic, payload) => {
      if (generation !== this.generation) return;
      for (const s of this.subscriptions) if (topicMatches(s.filter, topic)) s.handler(topic, payload);
    });
    client.on('error', (err) => {
      if (generation === this.generation) this.lastError = err.message;
    });
    client.on('close', () => {
      if (generation === this.generation) this.sessionEnded(client);
    });
  }

  private sessionStarted(client: MqttClient): void {
    // MQTT.js waits for the socket's `drain` with one listener per message sent while its buffer is full
    // (a thousand DDATA in one turn on a large site): not a leak, so no warning.
    client.stream?.setMaxListeners(0);
    this.isConnected = true;
    this.since = Date.now();
    this.lastError = null;
    this.lastLoggedError = null;
    this.retryMs = this.firstRetryMs;
    this.options.log.info({ url: this.options.url }, 'MQTT broker connected');
    if (this.subscriptions.length > 0)
      client.subscribe(
        this.subscriptions.map((s) => s.filter),
        { qos: 1 },
      );
    for (const listener of this.sessionListeners) listener();
    this.firstSession?.();
    this.firstSession = null;
    void this.drain();
  }

  private sessionEnded(client: MqttClient): void {
    const wasConnected = this.isConnected;
    this.generation++;
    this.isConnected = false;
    if (wasConnected) this.since = Date.now();
    this.keepInFlight();
    this.endSession();
    client.end(true);
    if (this.client === client) this.client = null;
    if (wasConnected) {
      this.options.log.warn(
        { url: this.options.url, reason: this.lastError ?? 'connection closed' },
        'MQTT broker lost; retrying',
      );
      for (const listener of this.lostListeners) listener();
    } else if (!this.closing && this.lastError !== this.lastLoggedError) {
      // A failed attempt: logged when its reason is new (not at every retry), with when the next one comes.
      this.options.log.warn(
        {
          url: this.options.url,
          reason: this.lastError ?? 'connection closed',
          retryInS: this.retryMs / 1000,
        },
        'MQTT broker unreachable or refused the connection; retrying with back-off',
      );
    }
    this.lastLoggedError = this.lastError;
    if (this.closing) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.retry?.lastMs ?? LAST_RETRY_MS);
  }

  // --- sending

  private send(message: Outgoing, replayed: boolean, track: boolean): Promise<void> | null {
    const client = this.client;
    if (!client) return null;
    const out = message.kind && this.options.finalize ? this.options.finalize(message, replayed) : message;
    this.published++;
    const id = track && message.qos === 1 ? this.nextInFlight++ : -1;
    if (id >= 0) this.inFlight.set(id, message);
    const generation = this.generation;
    return new Promise((resolve, reject) => {
      client.publish(out.topic, out.payload, { qos: out.qos, retain: out.retain }, (err) => {
        if (id >= 0 && generation === this.generation) {
          this.inFlight.delete(id);
          if (this.spill && this.inFlight.size === 0) this.spillAcknowledged();
        }
        if (err) reject(err);
        else resolve();
      });
    });
  }

  /** Every live message spilled at the backlog's head is acknowledged: released from it; the drain goes on. */
  private spillAcknowledged(): void {
    const spill = this.spill;
    if (!spill) return;
    this.spill = null;
    this.flushPending();
    this.backlog?.release(spill.first + spill.ids.length);
    void this.drain();
  }

  /** Keeps a message for later: in the backlog when there is one, else counted as dropped. */
  private keep(message: Outgoing): void {
    const backlog = this.backlog;
    if (!backlog) {
      this.dropped++;
      return;
    }
    if (this.isConnected && this.inFlight.size > 0 && this.spill === null && !this.waiting) {
      // The backlog starts filling while live messages await their acknowledgements (the window is full):
      // they are older, so they are copied at its head first. Acknowledged, they are released from it; at
      // the end of the session, those not acknowledged stay there and go out first at the next one.
      const ids = [...this.inFlight.keys()];
      this.spill = { first: backlog.first, ids };
      this.pending.push(...this.inFlight.values());
    }
    this.pending.push(message);
    this.pendingFlush ??= setImmediate(() => {
      this.pendingFlush = null;
      this.flushPending();
      if (this.isConnected) void this.drain();
    });
  }

  private flushPending(): void {
    if (this.pendingFlush) clearImmediate(this.pendingFlush);
    this.pendingFlush = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.backlog?.append(batch);
    } catch (err) {
      // The disk is full or failing: the messages are lost, counted and logged; the process goes on.
      this.dropped += batch.length;
      this.options.log.error(
        { err, messages: batch.length, droppedInAll: this.dropped },
        'MQTT backlog cannot keep messages (disk full or failing): dropped',
      );
    }
  }

  /** The live messages of an ended session not acknowledged: into the backlog, ahead of newer ones. */
  private keepInFlight(): void {
    const spill = this.spill;
    if (spill) {
      // Already at the backlog's head: those acknowledged (a prefix: QoS 1 acknowledgements come in order)
      // are released, the others stay.
      this.spill = null;
      this.flushPending();
      let acknowledged = 0;
      while (acknowledged < spill.ids.length && !this.inFlight.has(spill.ids[acknowledged] as number))
        acknowledged++;
      this.inFlight.clear();
      this.backlog?.release(spill.first + acknowledged);
      return;
    }
    if (this.inFlight.size === 0) return;
    const unacknowledged = [...this.inFlight.values()];
    this.inFlight.clear();
    if (!this.backlog) {
      this.dropped += unacknowledged.length;
      return;
    }
    this.pending = [...unacknowledged, ...this.pending];
    this.flushPending();
  }

  /** Sends the backlog in order, a batch at a time, each released once the broker has it. */
  private async drain(): Promise<void> {
    const backlog = this.backlog;
    if (this.draining || !backlog) return;
    this.draining = true;
    try {
      this.flushPending();
      // Live messages spilled at the backlog's head are awaited first (see `keep`).
      while (this.isConnected && backlog.size > 0 && this.spill === null) {
        const generation = this.generation;
        const batch = backlog.peek(DRAIN_BATCH);
        if (batch.length === 0) break;
        const next = backlog.first + batch.length;
        const sent = batch.map((m) => this.send(m, true, false));
        if (sent.some((s) => s === null)) break;
        try {
          if ((await Promise.race([Promise.all(sent), this.sessionOver])) === 'ended') break;
        } catch {
          break; // the session ended: the batch stays in the backlog
        }
        if (generation !== this.generation) break;
        // Numbers, not a count: the bound may have dropped some of the batch meanwhile.
        backlog.release(next);
        this.flushPending();
      }
    } finally {
      this.draining = false;
    }
  }
}
