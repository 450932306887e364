// The schema of the site file's `server.bacnet`, for editors: each key with its meaning. Only descriptions:
// the server checks the values when it starts (bacnet-settings.ts), with messages of its own.

import type { JsonSchema } from '../../site/json-schema.js';

const key = (description: string): JsonSchema => ({ description });

export const bacnetServerSchema: JsonSchema = {
  description: 'The BACnet/IP server and router (docs/bacnet.md, "Network"); checked when the site starts.',
  type: ['object', 'null'],
  properties: {
    enabled: key('false: do not serve BACnet/IP.'),
    host: key('IPv4 address to bind (0.0.0.0 for the network); default 127.0.0.1.'),
    port: key('UDP port; default 47808, 0 picks a free one.'),
    network: key('Network number of the virtual network behind the router, 1–65534; default 2.'),
    ipNetwork: key('Network number of the IP side, 1–65534; default 1.'),
    broadcast: key('Broadcast address of the IP side; default worked out from host and its netmask.'),
    role: key('The role every BACnet client writes with: viewer, operator (default) or admin.'),
    vendorId: key('Vendor_Identifier of the devices, 0–65535; default 65535.'),
    vendorName: key('Vendor_Name of the devices; default Pointyard.'),
    foreignDevice: {
      description:
        'Register as a foreign device with a BBMD (docs/bacnet.md, "Foreign device (BBMD)"): broadcasts then go through it.',
      type: ['object', 'null'],
      properties: {
        bbmd: key('The BBMD: IPv4 address and optional UDP port, such as 10.0.0.5 or 10.0.0.5:47808.'),
        ttl: key('Time-to-live of the registration in seconds, 60–65535; default 300.'),
      },
    },
  },
};
