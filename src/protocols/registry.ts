// The protocol plug-ins of this build, in the order their servers start. Adding a protocol is one line here
// and a folder of its own (docs/architecture.md, "Adding a protocol").

import { bacnetPlugin } from './bacnet/plugin.js';
import { haystackPlugin } from './haystack/plugin.js';
import { modbusPlugin } from './modbus/plugin.js';
import { mqttPlugin } from './mqtt/plugin.js';
import { ocppPlugin } from './ocpp/plugin.js';
import type { ProtocolPlugin } from './plugin.js';
import { siaPlugin } from './sia/plugin.js';

export const PROTOCOLS: readonly ProtocolPlugin[] = [
  haystackPlugin,
  modbusPlugin,
  bacnetPlugin,
  ocppPlugin,
  mqttPlugin,
  siaPlugin,
];
