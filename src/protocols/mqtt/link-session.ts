// Pointyard's own MQTT session on a broker: the link (its client connection, with the Sparkplug will), the
// publishers over it (JSON, Sparkplug B, Home Assistant), the commands it takes and, on an external broker,
// the Sparkplug host applications' STATE. On the embedded broker one runs from start to stop; on an
// external broker one runs only while this node plays the `mqtt` role (one node of a cluster at a time).

import type { RunningBroker } from './broker/embedded-broker.js';
import type { CommandSource } from './commands.js';
import type { Backlog } from './link/backlog.js';
import { ClientLink } from './link/client-link.js';
import { followHostStates } from './link/host-states.js';
import type { BrokerConnection } from './link/link.js';
import { linkCommands } from './link/link-commands.js';
import type { MqttSettings } from './mqtt-settings.js';
import type { Publisher, PublisherContext } from './publisher.js';
import { PUBLISHERS } from './publishers.js';

export interface LinkSession {
  readonly link: ClientLink;
  /** Publishes every point and birth again. */
  resync(): void;
  /** The link's, the publishers' and the host applications' state, for the server page. */
  status(): { link: ReturnType<ClientLink['status']>; publishers: unknown[]; hostApplications: string[] };
  /** The publishers close (Sparkplug's NDEATH), then the link. */
  close(): Promise<void>;
}

export interface LinkSessionOptions {
  settings: MqttSettings;
  context: Pick<PublisherContext, 'services' | 'stateDir' | 'log'>;
  /** The embedded broker, or null for an external one. */
  broker: RunningBroker | null;
  connection: BrokerConnection;
  /** What waits for an unreachable external broker (null: nothing kept). */
  backlog: Backlog | null;
  /** A Sparkplug host application came online (true) or went away (external broker only). */
  onHost: (host: string, online: boolean) => void;
}

/** Makes the session (the link is not started: `session.link.start`). */
export function openLinkSession(options: LinkSessionOptions): LinkSession {
  const { settings, broker, connection, backlog, context } = options;
  let publishers: Publisher[] = [];
  const link = new ClientLink({
    ...connection,
    clientId: settings.clientId,
    will: () => publishers.find((p) => p.will)?.will?.() ?? null,
    finalize: (message, replayed) => {
      const by = publishers.find((p) => p.finalize);
      return by?.finalize ? by.finalize(message, replayed) : message;
    },
    backlog,
    log: context.log,
  });
  const commands: CommandSource = broker ? broker.commands : linkCommands(link, settings.commandRole);
  // Through an external broker, the Sparkplug host applications' STATE tells who reads the site.
  const hostStates = broker ? null : followHostStates(link, options.onHost);
  publishers = PUBLISHERS.flatMap(
    (start) => start({ ...context, settings, connection, link, commands }) ?? [],
  );
  return {
    link,
    resync: () => {
      for (const p of publishers) p.resync();
    },
    status: () => ({
      link: link.status(),
      publishers: publishers.map((p) => p.status()),
      hostApplications: hostStates?.online() ?? [],
    }),
    close: async () => {
      for (const p of publishers) await p.close();
      await link.close();
      hostStates?.close();
    },
  };
}
