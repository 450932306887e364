// The Modbus TCP plug-in: the Modbus server, the gateway to real Modbus devices and the points lists'
// registers, for the registry.

import type { ProtocolPlugin } from '../plugin.js';
import { modbusColumn } from './modbus-column.js';
import { MODBUS_CSV_EXPORT } from './modbus-csv.js';

export const modbusPlugin: ProtocolPlugin = {
  name: 'modbus',
  title: 'Modbus TCP',
  columns: [modbusColumn],
  exports: [MODBUS_CSV_EXPORT],
};
