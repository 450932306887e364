// The BACnet/IP plug-in: what Pointyard knows of BACnet (today the points lists' BACnet objects and the
// devices' instances; the server comes with the BACnet work), for the registry.

import type { ProtocolPlugin } from '../plugin.js';
import { bacnetColumn } from './bacnet-column.js';
import { bacnetNumbering } from './device-number.js';
import { EDE_EXPORT } from './ede.js';

export const bacnetPlugin: ProtocolPlugin = {
  name: 'bacnet',
  title: 'BACnet/IP',
  numbering: bacnetNumbering,
  columns: [bacnetColumn],
  exports: [EDE_EXPORT],
};
