// A way of putting the site on MQTT (plain JSON, Sparkplug B, Home Assistant discovery): started over the
// link once the interface starts, closed at the stop.

import type { Logger, Services } from '../../runtime/services/services.js';
import type { CommandSource } from './commands.js';
import type { BrokerConnection, MqttLink } from './link/link.js';
import type { Outgoing } from './link/outgoing.js';
import type { MqttSettings } from './mqtt-settings.js';

export interface PublisherContext {
  readonly services: Services;
  readonly settings: MqttSettings;
  /** How Pointyard's clients reach the broker (its own credentials on the embedded one), for a publisher's own connection. */
  readonly connection: BrokerConnection;
  readonly link: MqttLink;
  readonly commands: CommandSource;
  /** A folder of the MQTT interface's own (Sparkplug's bdSeq…), or null when nothing is kept on disk. */
  readonly stateDir: string | null;
  readonly log: Logger;
}

export interface Publisher {
  /** Publishes every point (and every birth) again: the parking server's Integration Sync. */
  resync(): void;
  /** For the server page: what it publishes (`{ topics: 'pointyard/lyon/#', messages: 1234 }`). */
  status(): Record<string, unknown>;
  /** Stops following the site; Sparkplug publishes its NDEATH here before the link closes. */
  close(): Promise<void>;
  /** The will of the link's next session (Sparkplug's NDEATH); read before each connection. */
  will?(): Outgoing | null;
  /** Finalizes its messages as they go out (link.ts, `finalize`): Sparkplug's sequence numbers. */
  finalize?(message: Outgoing, replayed: boolean): Outgoing;
}

/** Starts a publisher, or answers null when the settings leave it off. */
export type PublisherFactory = (context: PublisherContext) => Publisher | null;
