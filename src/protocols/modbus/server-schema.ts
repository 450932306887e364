// The schema of the site file's `server.modbus`, for editors: each key with its meaning. Only descriptions:
// the server checks the values when it starts (settings.ts), with messages of its own.

import type { JsonSchema } from '../../site/json-schema.js';

const key = (description: string): JsonSchema => ({ description });

export const modbusServerSchema: JsonSchema = {
  description: 'The Modbus TCP server (docs/modbus.md, "Options"); checked when the site starts.',
  type: ['object', 'null'],
  properties: {
    enabled: key('false: do not serve Modbus.'),
    host: key('Address to listen on (0.0.0.0 for the network); default 127.0.0.1.'),
    port: key('TCP port; default 5020, 0 picks a free one.'),
    readOnly: key('true: refuse every write (exception 01).'),
    priority: key('Priority level of Modbus writes, 1–16 (8–16 for an operator); default 16.'),
    role: key('The role every master writes with: viewer, operator (default) or admin.'),
    wordOrder: key('Order of the two registers of 32-bit values: high-first (default) or low-first.'),
    zeroGaps: key('true: read unmapped registers between mapped ones as 0.'),
    idleTimeout: key('Seconds, or a duration (5min); 0 never closes an idle connection; default 60s.'),
    maxConnections: key('Connections open at once; default 100.'),
    offlineException: key(
      'Answer to a read of a gateway device point with no current value: 0B (default) or 04.',
    ),
    devices: key('Per device id: {wordOrder, zeroGaps}.'),
  },
};
