// The ways the site is put on MQTT, in the order they start (each answers null when its settings leave it off).

import { homeAssistantPublisher } from './home-assistant/ha-publisher.js';
import { jsonPublisher } from './json/json-publisher.js';
import type { PublisherFactory } from './publisher.js';

export const PUBLISHERS: readonly PublisherFactory[] = [jsonPublisher, homeAssistantPublisher];
