// The Modbus TCP plug-in: the Modbus server, the gateway to real Modbus devices and the points lists'
// registers, for the registry.

import type { ProtocolPlugin } from '../plugin.js';
import { modbusNumbering } from './device-number.js';
import { modbusSourceSupport } from './device-source.js';
import { modbusDriverFor } from './gateway/modbus-device.js';
import { modbusColumn } from './modbus-column.js';
import { MODBUS_CSV_EXPORT } from './modbus-csv.js';
import { modbusServerSchema } from './server-schema.js';
import { modbusServerService } from './server-service.js';

export const modbusPlugin: ProtocolPlugin = {
  name: 'modbus',
  title: 'Modbus TCP',
  server: modbusServerService,
  connector: modbusDriverFor,
  numbering: modbusNumbering,
  source: modbusSourceSupport,
  serverSchema: modbusServerSchema,
  columns: [modbusColumn],
  exports: [MODBUS_CSV_EXPORT],
};
