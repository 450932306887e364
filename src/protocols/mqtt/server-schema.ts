// The schema of the site file's `server.mqtt`, for editors: each key with its meaning. Only descriptions:
// the values are checked when the site starts (mqtt-settings.ts), with messages of their own.

import type { JsonSchema } from '../../site/json-schema.js';

const key = (description: string): JsonSchema => ({ description });

const onOff = (description: string, properties: Record<string, JsonSchema>): JsonSchema => ({
  description,
  type: ['object', 'boolean'],
  properties: { enabled: key('false: off.'), ...properties },
});

export const mqttServerSchema: JsonSchema = {
  description:
    'MQTT: Sparkplug B, plain JSON and Home Assistant discovery (docs/mqtt.md); checked when the site starts.',
  type: ['object', 'null'],
  properties: {
    enabled: key('false: no MQTT.'),
    host: key('Embedded broker: address to listen on; default 127.0.0.1.'),
    port: key('Embedded broker: TCP port; default 1883, 0 picks a free one.'),
    anonymous: key(
      'Embedded broker: what a client without a Pointyard user may do: read (subscribe, the default) or none.',
    ),
    url: key('An external broker (mqtt://host:port or mqtts://host:port): no embedded broker then.'),
    username: key('External broker: the user name.'),
    passwordEnv: key('External broker: the environment variable holding the password.'),
    ca: key('External broker: PEM file of the CA its certificate chains to, relative to the site file.'),
    cert: key('External broker: PEM file of a client certificate.'),
    key: key('External broker: PEM file of the client certificate’s key.'),
    clientId: key("Pointyard's MQTT client id; default pointyard-<site>-<node>."),
    protocolVersion: key(
      'External broker: 4 (MQTT 3.1.1, the default) or 5. The embedded broker speaks MQTT 3.1.1.',
    ),
    commandRole: key(
      'External broker: the role commands write with (viewer, operator — the default — or admin).',
    ),
    json: onOff('Plain JSON topics <prefix>/<site>/<device>/<point>; on by default.', {
      prefix: key('Topic prefix; default pointyard.'),
      qos: key('QoS of the value messages, 0 or 1 (the default).'),
    }),
    sparkplug: onOff('Sparkplug B 3.0 edge node; on by default.', {
      group: key('Group id; default the site id.'),
      node: key('Edge node id; default pointyard.'),
      primaryHost: key('Primary host application id: DATA waits while its STATE is offline.'),
    }),
    homeAssistant: onOff('Home Assistant MQTT discovery; off by default.', {
      prefix: key('Discovery prefix; default homeassistant.'),
    }),
    buffer: {
      description: 'External broker unreachable: updates kept on disk, in the data folder.',
      type: 'object',
      properties: {
        maxMB: key('At most this many MiB; default 100 (the oldest dropped past it, counted).'),
        maxAgeHours: key('At most this old; default 24.'),
      },
    },
  },
};
