// The BACnet/IP plug-in: what Pointyard knows of BACnet (today the points lists' BACnet objects and the
// devices' instances; the server comes with the BACnet work), for the registry.

import type { ProtocolPlugin } from '../plugin.js';
import { bacnetNumbering } from './device-number.js';

export const bacnetPlugin: ProtocolPlugin = {
  name: 'bacnet',
  title: 'BACnet/IP',
  numbering: bacnetNumbering,
};
