// The BACnet/IP plug-in: the points lists' BACnet objects and the devices' instances, the EDE export, and the
// server: every device of the site a BACnet device, the parking server's on the IP network and the others
// behind Pointyard as a router (network side: server-service.ts; objects and services: bacnet-application.ts).

import type { ProtocolPlugin } from '../plugin.js';
import { createBacnetApplication } from './bacnet-application.js';
import { bacnetColumn } from './bacnet-column.js';
import { bacnetNumbering } from './device-number.js';
import { bacnetSourceSupport } from './device-source.js';
import { EDE_EXPORT } from './ede.js';
import { bacnetDriverFor } from './gateway/bacnet-device.js';
import { bacnetServerSchema } from './server-schema.js';
import { bacnetServerService } from './server-service.js';

export const bacnetPlugin: ProtocolPlugin = {
  name: 'bacnet',
  title: 'BACnet/IP',
  numbering: bacnetNumbering,
  columns: [bacnetColumn],
  exports: [EDE_EXPORT],
  serverSchema: bacnetServerSchema,
  server: bacnetServerService(createBacnetApplication),
  source: bacnetSourceSupport,
  connector: bacnetDriverFor,
};
