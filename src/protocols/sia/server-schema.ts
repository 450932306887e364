// The schema of the site file's `server.sia`, for editors: each key with its meaning. Only descriptions: the
// values are checked when the site starts (sia-settings.ts), with messages of their own.

import type { JsonSchema } from '../../site/json-schema.js';

const key = (description: string): JsonSchema => ({ description });

const receiverTarget = (description: string): JsonSchema => ({
  description,
  type: 'object',
  properties: {
    host: key('Host name or address; builtin: this Pointyard’s own receiver, at the port it listens on.'),
    port: key('TCP or UDP port (none with host builtin).'),
    transport: key('tcp (default) or udp.'),
    key: key('AES key, 32, 48 or 64 hex digits (prefer keyEnv: a site file is not a secret).'),
    keyEnv: key('The environment variable holding the AES key (hex).'),
    receiverNumber: key('The R field, 1–6 hex digits; none by default.'),
    linePrefix: key('The L field, 1–6 hex digits; default 0.'),
  },
});

export const siaServerSchema: JsonSchema = {
  description: 'SIA DC-09 alarm reporting (docs/sia.md); checked when the site starts.',
  type: ['object', 'null'],
  properties: {
    receiver: {
      description: 'The built-in DC-09 receiver (TCP and UDP); on when given, unless enabled is false.',
      type: ['object', 'boolean'],
      properties: {
        enabled: key('false: no receiver.'),
        host: key('Address to listen on; default 127.0.0.1.'),
        port: key('TCP and UDP port; default 12300, 0 picks a free one.'),
        tcp: key('Listen on TCP; default true.'),
        udp: key('Listen on UDP; default true.'),
        receiverNumber: key('The receiver number panels are programmed with (1–6 hex digits); shown only.'),
        linePrefix: key('The line prefix panels are programmed with (1–6 hex digits); shown only.'),
        accounts: {
          description: 'Accounts accepted: "<3–16 hex digits>": {} or {key} or {keyEnv}. Others get DUH.',
          type: ['object', 'null'],
          additionalProperties: {
            type: ['object', 'null'],
            properties: {
              key: key('AES key, 32, 48 or 64 hex digits: the account’s messages must be encrypted with it.'),
              keyEnv: key('The environment variable holding the key (hex), instead of key.'),
              device: key(
                'The site device whose Communication Status shows the account’s link (supervision).',
              ),
              supervision: key('{intervalS, graceS}: the account’s own supervision; false: not supervised.'),
            },
          },
        },
        acceptUnknownAccounts: key('Accept any account (as one with no key); default false.'),
        window: {
          description: 'Timestamp window of encrypted messages (false: not checked).',
          type: ['object', 'boolean'],
          properties: {
            behindS: key('Seconds a message’s time may be behind the receiver’s; default 40.'),
            aheadS: key('Seconds a message’s time may be ahead of the receiver’s; default 20.'),
            plainToo: key('Check plain messages that carry a timestamp too; default false.'),
          },
        },
        alarms: {
          description:
            'Which received events raise an alarm: SIA code → alarm, warning or false (default BA, TA and YT: alarm; their restores clear it). An account with a device raises none: the device’s points do. false: none.',
          type: ['object', 'boolean', 'null'],
          additionalProperties: { enum: ['alarm', 'warning', false] },
        },
        idleTimeoutS: key('A TCP connection silent this long is closed; default 300, 0 never.'),
        maxConnections: key('TCP connections at most; default 200.'),
        supervision: {
          description:
            'Link supervision of every account: lost after intervalS + graceS without a message (NULL included).',
          type: ['object', 'null'],
          properties: {
            intervalS: key('A message is expected at least this often (seconds).'),
            graceS: key('Lateness tolerated past the interval (seconds); default half the interval.'),
          },
        },
      },
    },
    transmitter: {
      description:
        'The DC-09 transmitter: every SIA event of the site’s devices, queued durably and sent to a receiver.',
      type: ['object', 'null'],
      properties: {
        enabled: key('false: no transmitter.'),
        receivers: {
          description: 'Where the events go: a primary receiver (required) and a backup.',
          type: 'object',
          properties: {
            primary: receiverTarget('The primary receiver.'),
            backup: receiverTarget('The backup receiver.'),
          },
        },
        account: key('The site’s one account (3–16 hex digits, quoted); or perZone.'),
        perZone: {
          description: 'One account per zone: base + zone number (base "1000", zone 3 → 1003).',
          type: 'object',
          properties: {
            base: key('3–16 decimal digits, quoted.'),
            zones: key('The zones whose accounts are known at start (others are added as they report).'),
          },
        },
        format: key('SIA-DCS (default) or ADM-CID (Contact ID).'),
        extendedData: key('Send [I] text, [L] location and [H] event time; default true.'),
        ackTimeoutMs: key('How long an answer is waited for; default 20000.'),
        retries: key('Attempts at one receiver before the next; default 3.'),
        maxBackoffMs: key('Longest pause between two rounds over the receivers; default 60000.'),
        supervisionS: key('Link test (NULL) after this many seconds without a message; default 0 (none).'),
        testIntervalS: key('Periodic test report (RP) every this many seconds; default 0 (none).'),
      },
    },
  },
};
