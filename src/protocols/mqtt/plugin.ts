// The MQTT plug-in: the site's points on a broker (the embedded one or an external one) as plain JSON topics,
// as a Sparkplug B 3.0 edge node, and as Home Assistant discovery; commands through the one write path.

import type { ProtocolPlugin } from '../plugin.js';
import { mqttServerSchema } from './server-schema.js';
import { mqttServerService } from './server-service.js';

export const mqttPlugin: ProtocolPlugin = {
  name: 'mqtt',
  title: 'MQTT',
  columns: [],
  serverSchema: mqttServerSchema,
  server: mqttServerService,
};
