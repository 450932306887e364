// Home Assistant discovery (`server.mqtt.homeAssistant`): every device's config (ha-device-config.ts) retained
// at each session of the link, and again when Home Assistant announces itself (`<prefix>/status` = `online`,
// its birth message) and at a resync. The entities read and command the JSON topics, so discovery needs the
// JSON publisher on; their availability is the JSON publisher's `<prefix>/<site>/status`. A clean stop leaves
// the configs (the entities stay, shown unavailable); removing a device from the site leaves its old config
// retained until it is cleared on the broker.

import { JsonTopics } from '../json/json-topics.js';
import type { Outgoing } from '../link/outgoing.js';
import type { Publisher, PublisherContext, PublisherFactory } from '../publisher.js';
import { configTopic, deviceConfig } from './ha-device-config.js';

export class HomeAssistantPublisher implements Publisher {
  private readonly configs: Outgoing[];
  private readonly offSession: () => void;
  private closed = false;
  private published = 0;
  private births = 0;

  constructor(
    private readonly context: PublisherContext,
    private readonly prefix: string,
    jsonPrefix: string,
  ) {
    const { services, link } = context;
    const siteId = services.site.site.id;
    const topics = new JsonTopics(jsonPrefix, siteId);
    this.configs = services.site.devices.map((device) => ({
      topic: configTopic(prefix, siteId, device.id),
      payload: Buffer.from(JSON.stringify(deviceConfig(siteId, device, topics))),
      qos: 1,
      retain: true,
    }));
    this.offSession = link.onSession(() => this.publishConfigs());
    link.subscribe(`${prefix}/status`, (_topic, payload) => {
      if (this.closed || payload.toString('utf8').trim() !== 'online') return;
      this.births++;
      this.publishConfigs();
    });
  }

  private publishConfigs(): void {
    if (this.closed) return;
    for (const config of this.configs) this.context.link.publish(config);
    this.published += this.configs.length;
  }

  resync(): void {
    this.publishConfigs();
  }

  status(): Record<string, unknown> {
    return {
      kind: 'home-assistant',
      topics: `${this.prefix}/device/#`,
      devices: this.configs.length,
      published: this.published,
      births: this.births,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.offSession();
  }
}

/** Starts Home Assistant discovery when `server.mqtt.homeAssistant` is on (it needs the JSON topics). */
export const homeAssistantPublisher: PublisherFactory = (context) => {
  const { homeAssistant, json } = context.settings;
  if (!homeAssistant) return null;
  if (!json) {
    context.log.warn(
      {},
      'MQTT: Home Assistant discovery needs the JSON topics (server.mqtt.json): no discovery published',
    );
    return null;
  }
  return new HomeAssistantPublisher(context, homeAssistant.prefix, json.prefix);
};
