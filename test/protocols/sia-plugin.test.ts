// The SIA DC-09 plug-in: `pointyard start`'s --sia-port, --sia-host and --no-sia; `server.sia` checked with a
// message a person can act on for every key that cannot be used; and a whole Pointyard started with a
// receiver in its site file: a panel's frame over TCP and UDP is acknowledged, the `interfaces` op shows the
// receiver's status (listening addresses, accounts, counts), the stop closes its port, the acknowledged
// event is in the store's received log once, and a restarted Pointyard takes the same message as a repeat.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { HDict, HGrid, HStr } from 'haystack-core';
import { startCommand } from '../../src/cli/start.js';
import { VirtualClock } from '../../src/core/clock.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { serverSettingsOf } from '../../src/protocols/server-settings.js';
import { DEFAULT_ALARM_CODES } from '../../src/protocols/sia/receiver/alarm-mapping.js';
import { siaSettings } from '../../src/protocols/sia/sia-settings.js';
import { resolveBuiltin } from '../../src/protocols/sia/transmitter/builtin-receiver.js';
import type { TransmitterSettings } from '../../src/protocols/sia/transmitter/transmitter-settings.js';
import { startServer } from '../../src/server.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { T0 } from '../runtime/site-fixture.js';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { TcpPanel, udpExchange } from './sia-receiver-rig.js';
import { receivedReports } from './sia-store-log.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-plugin-'));
after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { info() {}, warn() {}, error() {} };
const ADMIN_PASSWORD = 'a long test password';
const KEY_HEX = '00112233445566778899AABBCCDDEEFF';
const EXAMPLE = '\n58FE0025"SIA-DCS"0001L0#1234[#1234|Nri1/BA01]\r';
const EXAMPLE_ACK = '\n1BC10012"ACK"0001L0#1234[]\r';

const site = (sia: unknown) => ({ file: null, site: { id: 'yard' }, server: { sia } }) as unknown as Site;
const problems = (sia: unknown, env: NodeJS.ProcessEnv = {}) =>
  siaSettings(site(sia), {}, undefined, env).problems;

function startOptions(args: string[]): Record<string, unknown> {
  const command = startCommand(PROTOCOLS)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .action(() => {});
  command.parse(args, { from: 'user' });
  return command.opts();
}

describe('SIA plug-in: settings', () => {
  test('start has --sia-port, --sia-host and --no-sia; a bad port is refused with what is expected', () => {
    const help = startCommand(PROTOCOLS).helpInformation();
    assert.match(help, /--sia-port <port>/);
    assert.match(help, /--sia-host <address>/);
    assert.match(help, /--no-sia/);
    assert.throws(() => startOptions(['--sia-port', '70000']), /expected a port number 0–65535/);
    const opts = startOptions(['--sia-port', '12301', '--sia-host', '::1']);
    const { settings } = PROTOCOLS.find((p) => p.name === 'sia')?.server?.settings(
      site({ receiver: { port: 5 } }),
      opts,
      { host: '0.0.0.0' },
    ) as { settings: { receiver: { host: string; port: number } } };
    assert.equal(settings.receiver.port, 12301, 'the flag wins over the site file');
    assert.equal(settings.receiver.host, '::1', 'its own host flag wins over --host');
    assert.equal(siaSettings(site({ receiver: {} }), { enabled: false }).settings, null, '--no-sia');
  });

  test('off unless the site file has a receiver; the defaults', () => {
    assert.equal(siaSettings(site(undefined), {}).settings, null);
    assert.equal(siaSettings(site({ receiver: { enabled: false } }), {}).settings, null);
    assert.equal(siaSettings(site({}), {}).settings, null);
    const { settings, problems: found } = siaSettings(site({ receiver: true }), {});
    assert.deepEqual(found, []);
    assert.deepEqual(settings?.receiver, {
      alarms: { codes: new Map(DEFAULT_ALARM_CODES), deviceAccounts: new Set() },
      host: '127.0.0.1',
      port: 12300,
      tcp: true,
      udp: true,
      receiverNumber: null,
      linePrefix: null,
      accounts: [],
      acceptUnknownAccounts: false,
      window: { behindS: 40, aheadS: 20 },
      idleTimeoutMs: 300_000,
      maxConnections: 200,
      supervision: null,
    });
  });

  test('accounts with a key (hex) or a keyEnv; window; numbers', () => {
    const { settings, problems: found } = siaSettings(
      site({
        receiver: {
          accounts: { '1234': null, ABCD: { key: KEY_HEX }, '0F0F0F': { keyEnv: 'PANEL_KEY' } },
          window: { behindS: 60, aheadS: 30, plainToo: true },
          receiverNumber: '579BDF',
          linePrefix: 7,
        },
      }),
      {},
      undefined,
      { PANEL_KEY: KEY_HEX.repeat(2) },
    );
    assert.deepEqual(found, []);
    assert.deepEqual(
      settings?.receiver?.accounts.map((a) => [a.account, a.key?.length ?? 0]),
      [
        ['1234', 0],
        ['ABCD', 16],
        ['0F0F0F', 32],
      ],
    );
    assert.deepEqual(settings?.receiver?.window, { behindS: 60, aheadS: 30, plainToo: true });
    assert.equal(settings?.receiver?.receiverNumber, '579BDF');
    assert.equal(settings?.receiver?.linePrefix, '7');
  });

  test('every key that cannot be used gets a message', () => {
    assert.deepEqual(problems({ receiver: { prot: 1 } }), [
      'receiver.prot is not a SIA receiver setting (known: enabled, host, port, tcp, udp, receiverNumber, linePrefix, accounts, acceptUnknownAccounts, window, idleTimeoutS, maxConnections, supervision, alarms)',
    ]);
    assert.deepEqual(problems({ receiver: { port: 'x' } }), [
      'receiver.port must be an integer from 0 to 65535, not "x"',
    ]);
    assert.deepEqual(problems({ receiver: { accounts: { XYZ: {} } } }), [
      'receiver.accounts.XYZ: an account is 3 to 16 hex digits (quote it: "0123"), not "XYZ"',
    ]);
    assert.deepEqual(problems({ receiver: { accounts: { '1234': { key: 'abc' } } } }), [
      'receiver.accounts.1234.key must be an AES key of 32, 48 or 64 hex digits (128, 192 or 256 bits), quoted',
    ]);
    assert.deepEqual(problems({ receiver: { accounts: { '1234': { keyEnv: 'NOPE' } } } }), [
      'receiver.accounts.1234.keyEnv names the environment variable that holds the account\'s key; "NOPE" is not set',
    ]);
    assert.deepEqual(problems({ receiver: { accounts: { '1234': { keyEnv: 'K' } } } }, { K: 'short' }), [
      'receiver.accounts.1234.keyEnv: the variable K must hold 32, 48 or 64 hex digits (an AES-128, -192 or -256 key)',
    ]);
    assert.deepEqual(problems({ receiver: { accounts: { '1234': { key: KEY_HEX, keyEnv: 'K' } } } }), [
      'receiver.accounts.1234: give key or keyEnv, not both',
    ]);
    assert.deepEqual(problems({ receiver: { accounts: { abc: {}, ABC: {} } } }), [
      'receiver.accounts.ABC: the account is listed twice (accounts are compared without regard to case)',
    ]);
    assert.deepEqual(problems({ receiver: { window: { behindS: -1, later: 1 } } }), [
      'receiver.window.later is not a timestamp window setting (known: behindS, aheadS, plainToo)',
      'receiver.window.behindS must be an integer from 0 to 86400, not -1',
    ]);
    assert.deepEqual(problems({ receiver: { tcp: false, udp: false } }), [
      'receiver: tcp and udp are both false: the receiver would hear nothing',
    ]);
    assert.deepEqual(problems({ receiver: { receiverNumber: 'R1' } }), [
      'receiver.receiverNumber must be 1 to 6 hex digits (as a quoted text), not "R1"',
    ]);
    assert.deepEqual(problems({ receiver: {}, transmitter: {} }), [
      'transmitter.receivers must be a mapping with a primary receiver (and a backup)',
      'transmitter.account must be 3–16 hex digits (or give perZone: { base }), not undefined',
    ]);
    // `host: builtin` is this Pointyard's receiver: it must run, on the transport asked for, and its port
    // is the receiver's.
    const builtin = (transport: string, port?: number) => ({
      account: '1234',
      receivers: { primary: { host: 'builtin', transport, ...(port ? { port } : {}) } },
    });
    assert.deepEqual(problems({ transmitter: builtin('tcp') }), [
      "transmitter.receivers.primary: host builtin needs this Pointyard's receiver (server.sia.receiver), which is off",
    ]);
    assert.deepEqual(problems({ receiver: { udp: false }, transmitter: builtin('udp') }), [
      'transmitter.receivers.primary: the built-in receiver does not listen on udp',
    ]);
    assert.deepEqual(problems({ receiver: {}, transmitter: builtin('tcp', 12300) }), [
      'transmitter.receivers.primary.port: host builtin sends to the port the receiver listens on: give no port',
    ]);
    const both = siaSettings(site({ receiver: {}, transmitter: builtin('tcp') }), {}, undefined, {});
    assert.equal(both.settings?.transmitter?.receivers[0]?.builtin, true);
    const alone = siaSettings(
      site({ transmitter: { account: '1234', receivers: { primary: { host: '10.0.0.5', port: 12300 } } } }),
      {},
      undefined,
      {},
    );
    assert.deepEqual(alone.problems, []);
    assert.equal(alone.settings?.receiver, null, 'a transmitter alone');
    assert.equal(alone.settings?.transmitter?.receivers[0]?.host, '10.0.0.5');
    assert.deepEqual(problems(['receiver']), ['must be a mapping with a receiver, a transmitter or both']);
    // --no-sia turns both off.
    assert.equal(
      siaSettings(site({ receiver: {}, transmitter: builtin('tcp') }), { enabled: false }).settings,
      null,
    );
    // A receiver listening on every address is reached on loopback.
    const everywhere = resolveBuiltin(both.settings?.transmitter as TransmitterSettings, '0.0.0.0', 40001);
    assert.deepEqual([everywhere.receivers[0]?.host, everywhere.receivers[0]?.port], ['127.0.0.1', 40001]);
    assert.equal(
      resolveBuiltin(both.settings?.transmitter as TransmitterSettings, '::', 1).receivers[0]?.host,
      '::1',
    );
  });
});

describe('SIA plug-in: a whole Pointyard with a receiver', { timeout: 60_000 }, () => {
  test('started after the other servers, it answers panels, shows its status and closes with the stop', async () => {
    const file = join(root, 'site.yaml');
    writeFileSync(
      file,
      [
        'site: {id: alarmed, name: Alarmed, tz: UTC}',
        'devices:',
        '  - {id: pir-1, profile: pir-detector}',
        'server:',
        '  sia:',
        '    receiver:',
        `      accounts: {"1234": {}, "ABCD": {key: "${KEY_HEX}"}}`,
        '      receiverNumber: "1"',
        '',
      ].join('\n'),
    );
    const { site: loaded, diagnostics } = loadSite(file, PROTOCOLS);
    assert.ok(loaded, JSON.stringify(diagnostics));
    const servers = serverSettingsOf(
      PROTOCOLS,
      loaded,
      startOptions(['--sia-port', '0', '--no-modbus', '--no-bacnet', '--no-ocpp', '--no-mqtt']),
      { host: '127.0.0.1' },
    );
    assert.deepEqual(servers.problems, []);
    const dataDir = join(root, 'data');
    const start = () =>
      startServer({
        site: loaded,
        dataDir,
        sqlite: { acceptNewDatabase: true },
        clock: new VirtualClock(T0),
        seed: 1,
        log: quiet,
        http: { host: '127.0.0.1', port: 0, webUiDir: null },
        plugins: PROTOCOLS,
        servers: servers.settings,
        env: { POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
        stopGraceMs: 250,
      });
    const server = await start();
    let endpointPort = 0;
    try {
      const endpoint = server.endpoints.find((e) => e.name === 'sia');
      assert.ok(endpoint, server.endpoints.map((e) => e.name).join(', '));
      assert.equal(endpoint.title, 'SIA DC-09');
      const port = Number(endpoint.address.split(':').at(-1));
      endpointPort = port;
      assert.deepEqual(endpoint.banner, [`SIA DC-09 receiver: tcp 127.0.0.1:${port}, udp 127.0.0.1:${port}`]);

      const panel = await TcpPanel.connect(port);
      await panel.write(EXAMPLE);
      assert.deepEqual(await panel.answers(1), [EXAMPLE_ACK]);
      panel.close();
      // The same message over UDP (its ACK lost, say): acknowledged again, one event kept.
      assert.deepEqual(await udpExchange(port, [EXAMPLE], 1), [EXAMPLE_ACK]);

      assert.ok(server.http);
      const api = `${server.http.origin}/api/`;
      const admin = (await haystackLogin(api, 'admin', ADMIN_PASSWORD)).fetch;
      const listed = await callOp(api, admin, 'interfaces');
      assert.equal(listed.error, null);
      const row = (listed.grid as HGrid).getRows().find((r) => r.get<HStr>('name')?.value === 'sia') as HDict;
      const status = row.get<HDict>('status')?.toJSON() as Record<string, unknown>;
      assert.deepEqual(status.listening, [`tcp 127.0.0.1:${port}`, `udp 127.0.0.1:${port}`]);
      assert.equal(status.frames, 2);
      assert.equal(status.ack, 2);
      assert.equal(status.nak, 0);
      assert.equal(status.duh, 0);
      assert.equal(status.receiverNumber, '1');
      const accounts = status.accounts as Array<Record<string, unknown>>;
      assert.deepEqual(
        accounts.map((a) => [a.account, a.encrypted, a.ack, a.events]),
        [
          ['1234', false, 2, 1],
          ['ABCD', true, 0, 0],
        ],
      );
      assert.equal(accounts[0]?.lastSeen, new Date(T0).toISOString());
      assert.deepEqual(status.reports, { keptIn: 'store', recordedSinceStart: 1 });
    } finally {
      await server.stop();
    }
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: Number(endpointPort) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, 'the stop closed the receiver');

    // The acknowledged event is in the store, once; after a restart the same message is still a repeat.
    const kept = () => receivedReports(dataDir);
    const first = await kept();
    assert.deepEqual(
      first.map((r) => [r.account, r.zone, r.code, r.sequence, r.line]),
      [['1234', '01', 'BA', 1, '0']],
    );
    const restarted = await start();
    try {
      const port = Number(
        restarted.endpoints
          .find((e) => e.name === 'sia')
          ?.address.split(':')
          .at(-1),
      );
      assert.deepEqual(await udpExchange(port, [EXAMPLE], 1), [EXAMPLE_ACK]);
    } finally {
      await restarted.stop();
    }
    assert.equal((await kept()).length, 1);
  });
});
