// The ways the site is put on MQTT, in the order they start (each answers null when its settings leave it off).

import { homeAssistantPublisher } from './home-assistant/ha-publisher.js';
import { jsonPublisher } from './json/json-publisher.js';
import type { PublisherFactory } from './publisher.js';
import { sparkplugPublisher } from './sparkplug/edge-node.js';

export const PUBLISHERS: readonly PublisherFactory[] = [
  sparkplugPublisher,
  jsonPublisher,
  homeAssistantPublisher,
];
