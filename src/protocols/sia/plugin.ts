// The SIA DC-09 plug-in: the built-in alarm receiver (TCP and UDP), answering panels and transmitters with
// ACK, NAK or DUH and logging the events it accepts in the store; and the transmitter, sending the site's SIA
// events to a receiver (its own, `host: builtin`, or a third party's).

import type { ProtocolPlugin } from '../plugin.js';
import { siaServerSchema } from './server-schema.js';
import { siaServerService } from './server-service.js';

export const siaPlugin: ProtocolPlugin = {
  name: 'sia',
  title: 'SIA DC-09',
  columns: [],
  serverSchema: siaServerSchema,
  server: siaServerService,
};
