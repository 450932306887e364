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
        properties: {
          password: key('pbkdf2-sha256$… hash of its Basic-auth password, never the password.'),
          boot: key('Its BootNotification answer: Accepted (default), Pending or Rejected.'),
        },
      },
    },
    idTags: key(
      'Id tags (RFID cards) accepted from the first start: added as Accepted when the store lacks them.',
    ),
    chargers: {
      description:
        "The site's simulated chargers as OCPP charge points (docs/ocpp-charge-point.md): of the built-in CSMS unless url names another.",
      type: 'object',
      properties: {
        enabled: key('false: the simulated chargers are not charge points; default true.'),
        url: key(
          "A foreign CSMS's ws:// or wss:// URL (each charger's id is appended); default the built-in one.",
        ),
        passwordEnv: key('The environment variable holding the Basic password for the foreign CSMS.'),
        ca: key("PEM file of the CA the foreign CSMS's certificate chains to (wss://)."),
        meterValueSampleInterval: key(
          'MeterValueSampleInterval the charge points start with, s; default 60.',
        ),
      },
    },
    tls: {
      description: 'Serve wss:// (Security Profile 2): PEM files, relative to the site file.',
      type: 'object',
      properties: { cert: key('Certificate chain (PEM).'), key: key('Private key (PEM).') },
    },
  },
};
