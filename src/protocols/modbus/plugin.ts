// The Modbus TCP plug-in: the Modbus server, the gateway to real Modbus devices and the points lists'
// registers, for the registry.

import type { ProtocolPlugin } from '../plugin.js';
import { modbusNumbering } from './device-number.js';
import { modbusSourceSupport } from './device-source.js';
import { modbusServerSchema } from './server-schema.js';

export const modbusPlugin: ProtocolPlugin = {
  name: 'modbus',
  title: 'Modbus TCP',
  numbering: modbusNumbering,
  source: modbusSourceSupport,
  serverSchema: modbusServerSchema,
};
