// `server.sia.transmitter` as written in a site file: defaults, accounts per zone, keys from the environment,
// and a message a person can act on for each mistake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountOf, initialAccounts } from '../../src/protocols/sia/transmitter/accounts.js';
import {
  DEFAULT_ACK_TIMEOUT_MS,
  transmitterSettings,
} from '../../src/protocols/sia/transmitter/transmitter-settings.js';
import type { Site } from '../../src/site/model.js';

const site = {} as Site;
const KEY = '000102030405060708090A0B0C0D0E0F1011121314151617';

test('defaults: SIA-DCS over TCP, line 0, 20 s ACK timeout, 3 attempts, no NULL or RP', () => {
  const { settings, problems } = transmitterSettings(
    { receivers: { primary: { host: 'arc.example', port: 10001 } }, account: '1234' },
    site,
    {},
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    receivers: [
      {
        name: 'primary',
        host: 'arc.example',
        port: 10001,
        transport: 'tcp',
        key: null,
        receiverNumber: null,
        linePrefix: '0',
      },
    ],
    accounts: { kind: 'site', account: '1234' },
    format: 'SIA-DCS',
    extendedData: true,
    ackTimeoutMs: DEFAULT_ACK_TIMEOUT_MS,
    retries: 3,
    maxBackoffMs: 60_000,
    supervisionS: 0,
    testIntervalS: 0,
  });
  assert.equal(DEFAULT_ACK_TIMEOUT_MS, 20_000);
});

test('a backup over UDP with a 192-bit key from the environment; accounts per zone', () => {
  const { settings, problems } = transmitterSettings(
    {
      receivers: {
        primary: { host: '127.0.0.1', port: 10001, receiverNumber: 1, linePrefix: 'A1' },
        backup: { host: '::1', port: 10002, transport: 'udp', keyEnv: 'ARC_KEY' },
      },
      perZone: { base: '1000', zones: [1, 2] },
      format: 'ADM-CID',
      supervisionS: 90,
      testIntervalS: 86_400,
    },
    site,
    { ARC_KEY: KEY },
  );
  assert.deepEqual(problems, []);
  assert.equal(settings?.receivers[0]?.receiverNumber, '1');
  assert.equal(settings?.receivers[0]?.linePrefix, 'A1');
  assert.equal(settings?.receivers[1]?.key?.length, 24);
  assert.equal(settings?.receivers[1]?.transport, 'udp');
  assert.deepEqual(initialAccounts(settings?.accounts ?? { kind: 'site', account: 'x' }), ['1001', '1002']);
  const plan = { kind: 'perZone', base: '0900', zones: [] } as const;
  assert.equal(accountOf(plan, 12), '0912');
  assert.equal(accountOf(plan, 9100), null, 'does not fit in the base digits');
});

test('absent or disabled: no transmitter, no problem', () => {
  assert.deepEqual(transmitterSettings(undefined, site, {}), { settings: null, problems: [] });
  const off = transmitterSettings(
    { enabled: false, receivers: { primary: { host: 'h', port: 1 } }, account: '123' },
    site,
    {},
  );
  assert.deepEqual(off, { settings: null, problems: [] });
});

test('each mistake gets its own message and no settings', () => {
  const cases: Array<[unknown, NodeJS.ProcessEnv, RegExp]> = [
    ['yes', {}, /must be a mapping/],
    [{ account: '1234' }, {}, /receivers must be a mapping with a primary/],
    [{ receivers: {}, account: '1234' }, {}, /receivers\.primary is required/],
    [{ receivers: { primary: { port: 1 } }, account: '1234' }, {}, /primary\.host must be/],
    [{ receivers: { primary: { host: 'h' } }, account: '1234' }, {}, /primary\.port is required/],
    [{ receivers: { primary: { host: 'h', port: 70000 } }, account: '1234' }, {}, /port must be an integer/],
    [
      { receivers: { primary: { host: 'h', port: 1, transport: 'sctp' } }, account: '1234' },
      {},
      /transport must be tcp or udp/,
    ],
    [
      { receivers: { primary: { host: 'h', port: 1, keyEnv: 'NOPE' } }, account: '1234' },
      {},
      /"NOPE" is not set/,
    ],
    [
      { receivers: { primary: { host: 'h', port: 1, keyEnv: 'K' } }, account: '1234' },
      { K: 'abc' },
      /the key in K must be an AES key of 32, 48 or 64 hex digits/,
    ],
    [
      { receivers: { primary: { host: 'h', port: 1, key: KEY, keyEnv: 'K' } }, account: '1234' },
      { K: KEY },
      /key or keyEnv, not both/,
    ],
    [{ receivers: { primary: { host: 'h', port: 1, linePrefix: 'XYZ' } }, account: '1234' }, {}, /1–6 hex/],
    [{ receivers: { primary: { host: 'h', port: 1 } } }, {}, /account must be 3–16 hex digits/],
    [{ receivers: { primary: { host: 'h', port: 1 } }, account: '12' }, {}, /account must be 3–16 hex/],
    [
      { receivers: { primary: { host: 'h', port: 1 } }, account: '123', perZone: { base: '100' } },
      {},
      /not both/,
    ],
    [{ receivers: { primary: { host: 'h', port: 1 } }, perZone: { base: 'AB12' } }, {}, /decimal digits/],
    [
      { receivers: { primary: { host: 'h', port: 1 } }, account: '123', format: 'CID' },
      {},
      /format must be SIA-DCS or ADM-CID/,
    ],
    [
      { receivers: { primary: { host: 'h', port: 1 } }, account: '123', retries: 0 },
      {},
      /retries must be an integer from 1/,
    ],
    [
      { receivers: { primary: { host: 'h', port: 1 } }, account: '123', colour: 1 },
      {},
      /colour is not a SIA/,
    ],
  ];
  for (const [raw, env, message] of cases) {
    const { settings, problems } = transmitterSettings(raw, site, env);
    assert.equal(settings, null, JSON.stringify(raw));
    assert.ok(
      problems.some((p) => message.test(p)),
      `${JSON.stringify(raw)}: ${problems.join(' | ')}`,
    );
  }
});
