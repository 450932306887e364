// The schema of the site file's `server.ocpp`, for editors: each key with its meaning. Only descriptions:
// the CSMS checks the values when it starts (ocpp-settings.ts), with messages of its own.

import type { JsonSchema } from '../../site/json-schema.js';

const key = (description: string): JsonSchema => ({ description });

export const ocppServerSchema: JsonSchema = {
  description: 'The OCPP 1.6-J central system (docs/ocpp.md); checked when the site starts.',
  type: ['object', 'null'],
  properties: {
    enabled: key('false: do not serve OCPP.'),
    host: key('Address to listen on; default 127.0.0.1.'),
    port: key('TCP port; default 9000, 0 picks a free one.'),
    path: key('Path before the charge point id: ws://host:port/<path>/<id>; default /ocpp.'),
    autoAccept: key(
      'true: accept charge points not listed in chargePoints, with no password; default false.',
    ),
    heartbeatInterval: key('Heartbeat interval given in BootNotification, seconds; default 300.'),
    callTimeoutMs: key('How long a call to a charge point waits for its answer, ms; default 30000.'),
    messageLog: key('Messages kept per charge point in its message log; default 200.'),
    chargePoints: {
      description:
        'Known charge points by id, each { password: <hash> } (Security Profile 1); make the hash with `pointyard ocpp hash-password`.',
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { password: key('pbkdf2-sha256$… hash of its Basic-auth password, never the password.') },
      },
    },
    tls: {
      description: 'Serve wss:// (Security Profile 2): PEM files, relative to the site file.',
      type: 'object',
      properties: { cert: key('Certificate chain (PEM).'), key: key('Private key (PEM).') },
    },
  },
};
