// Pointyard's availability as text on `<prefix>/<site>/status` (retained): `online` at each session, `offline`
// published at a clean stop. The link's one will is Sparkplug's NDEATH, so this is a second, small MQTT
// connection whose will is the retained `offline`: when Pointyard dies (kill -9, a lost network) the broker
// publishes it, and Home Assistant and scripts see Pointyard offline.

import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { BrokerConnection } from '../link/link.js';
import type { MqttSettings } from '../mqtt-settings.js';

const ONLINE = 'online';
const OFFLINE = 'offline';
/** Reconnects after this long (MQTT.js retries by itself). */
const RETRY_MS = 5000;
/** How long a clean stop waits for the broker to take `offline`. */
const CLOSE_WAIT_MS = 2000;

export interface StatusConnectionOptions {
  /** The broker, as the link reaches it (the embedded broker lets Pointyard's own credentials publish). */
  connection: BrokerConnection;
  settings: MqttSettings;
  topic: string;
}

export class StatusConnection {
  private readonly client: MqttClient;
  private sessions = 0;
  private lastError: string | null = null;

  constructor(private readonly options: StatusConnectionOptions) {
    const { settings, topic, connection } = options;
    const clientOptions: IClientOptions = {
      clientId: `${settings.clientId}-status`,
      protocolVersion: connection.protocolVersion,
      clean: true,
      reconnectPeriod: RETRY_MS,
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
      ...(connection.username ? { username: connection.username } : {}),
      ...(connection.password ? { password: connection.password } : {}),
      ...(connection.ca ? { ca: connection.ca } : {}),
      ...(connection.cert ? { cert: connection.cert } : {}),
      ...(connection.key ? { key: connection.key } : {}),
    };
    this.client = mqtt.connect(connection.url, clientOptions);
    this.client.on('connect', () => {
      this.sessions++;
      this.client.publish(topic, ONLINE, { qos: 1, retain: true });
    });
    // The link reports the broker's outages; this one only keeps why it last failed.
    this.client.on('error', (err) => {
      this.lastError = err.message;
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  status(): { topic: string; connected: boolean; sessions: number; lastError: string | null } {
    return {
      topic: this.options.topic,
      connected: this.client.connected,
      sessions: this.sessions,
      lastError: this.lastError,
    };
  }

  /** Publishes `offline` (when connected) and disconnects cleanly. */
  async close(): Promise<void> {
    const { client } = this;
    if (client.connected) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        client.publishAsync(this.options.topic, OFFLINE, { qos: 1, retain: true }).catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, CLOSE_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    await client.endAsync(!client.connected).catch(() => undefined);
  }
}
