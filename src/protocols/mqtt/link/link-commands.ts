// Commands through an external broker: Pointyard subscribes to the command topics; they write with the role
// `server.mqtt.commandRole` (the broker's ACLs decide who may publish them).

import type { Role } from '../../../runtime/services/services.js';
import type { CommandSource } from '../commands.js';
import type { MqttLink } from './link.js';

export function linkCommands(link: MqttLink, role: Role): CommandSource {
  return {
    on(filter, handler) {
      link.subscribe(filter, (topic, payload) =>
        handler(topic, payload, { who: 'mqtt', role, remote: null, clientId: null }),
      );
    },
  };
}
