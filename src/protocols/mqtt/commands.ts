// Commands reaching Pointyard over MQTT (JSON `…/set`, Sparkplug DCMD/NCMD) with who sent them. From the
// embedded broker the sender is the Pointyard user its client logged in as (the broker refuses commands of
// anonymous clients and viewers); through an external broker its ACLs decide who may publish, and commands
// write with `server.mqtt.commandRole`.

import type { Role } from '../../runtime/services/services.js';

export interface CommandSender {
  /** The user name, or `mqtt` through an external broker. */
  readonly who: string;
  readonly role: Role;
  /** The client's address (embedded broker), or null. */
  readonly remote: string | null;
  /** The MQTT client id, or null when not known. */
  readonly clientId: string | null;
}

export type CommandHandler = (topic: string, payload: Buffer, sender: CommandSender) => void;

export interface CommandSource {
  /** Calls `handler` for every command message matching `filter` (an MQTT topic filter). */
  on(filter: string, handler: CommandHandler): void;
}
