// The SIA DC-09 plug-in: the built-in alarm receiver (TCP and UDP), answering panels and transmitters with
// ACK, NAK or DUH and keeping the events it accepts. The transmitter comes later.

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
