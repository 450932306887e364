// Pointyard's own connection to a broker (the embedded one or an external one), as the publishers see it:
// publish in order, subscribe, follow the sessions. Implemented over MQTT.js by client-link.ts.

import type { Logger } from '../../../runtime/services/services.js';
import type { Backlog, BacklogStatus } from './backlog.js';
import type { Outgoing } from './outgoing.js';

/** How a client of Pointyard's reaches the broker: the link, and any other connection of a publisher's. */
export interface BrokerConnection {
  /** `mqtt://host:port` or `mqtts://host:port`. */
  url: string;
  username?: string | null;
  password?: string | null;
  /** PEM texts for `mqtts://`. */
  ca?: string | null;
  cert?: string | null;
  key?: string | null;
  protocolVersion: 4 | 5;
}

export interface LinkOptions extends BrokerConnection {
  clientId: string;
  /** The will of the next session, read before each connection (Sparkplug's NDEATH with its bdSeq). */
  will?: () => Outgoing | null;
  /**
   * Runs on a message of that kind just before it is handed to the broker (live or replayed from the
   * backlog): Sparkplug gives it its sequence number there. `replayed`: it waited in the backlog.
   */
  finalize?: (message: Outgoing, replayed: boolean) => Outgoing;
  /** Where messages wait while the broker is unreachable; null: they are dropped then (counted). */
  backlog: Backlog | null;
  log: Logger;
  /** QoS 1 messages awaiting their acknowledgement before newer ones wait in the backlog (default 20,000). */
  maxInFlight?: number;
  /** Back-off between connection attempts: from `firstMs`, doubling up to `lastMs` (default 1 s to 30 s). */
  retry?: { readonly firstMs: number; readonly lastMs: number };
}

export interface LinkStatus {
  readonly url: string;
  readonly connected: boolean;
  /** Since when it is connected, or since when it is not (epoch ms). */
  readonly since: number;
  /** Why the last connection failed or ended, or null. */
  readonly lastError: string | null;
  /** Messages handed to the broker since the start. */
  readonly published: number;
  /** Messages dropped for want of a connection and a backlog, or because the backlog could not write them. */
  readonly dropped: number;
  readonly backlog: BacklogStatus | null;
}

export interface MqttLink {
  readonly connected: boolean;
  /**
   * Publishes in order: straight away when connected and nothing waits, else into the backlog (which
   * drains, in order, once connected, before anything newer).
   */
  publish(message: Outgoing): void;
  /**
   * Publishes now, ahead of any backlog, when connected (births at the start of a session); dropped when
   * not (a session's births are made again at the next one). Returns whether it went out.
   */
  publishNow(message: Outgoing): boolean;
  /** Subscribes now and again at each new session; the handler gets every message matching `filter`. */
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): void;
  /**
   * Calls `listener` at the start of each session, before the backlog drains: a publisher sends its births.
   * Returns the function that stops calling it.
   */
  onSession(listener: () => void): () => void;
  /** Calls `listener` when a session ends (the broker went away or refused). */
  onLost(listener: () => void): () => void;
  /** Connects (and keeps reconnecting); resolves at the first session, or at once when `waitFor` is false. */
  start(waitFor: boolean): Promise<void>;
  status(): LinkStatus;
  /** Publishes what is queued in memory, disconnects cleanly (no will) and stops reconnecting. */
  close(): Promise<void>;
}
