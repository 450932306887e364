// The Modbus TCP plug-in: the Modbus server, the gateway to real Modbus devices and the points lists'
// registers, for the registry.

import type { ProtocolPlugin } from '../plugin.js';

export const modbusPlugin: ProtocolPlugin = {
  name: 'modbus',
  title: 'Modbus TCP',
};
