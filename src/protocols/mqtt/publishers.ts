// The ways the site is put on MQTT, in the order they start (each answers null when its settings leave it off).

import { jsonPublisher } from './json/json-publisher.js';
import type { PublisherFactory } from './publisher.js';

export const PUBLISHERS: readonly PublisherFactory[] = [jsonPublisher];
