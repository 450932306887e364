// The plug-in contract, servers and connectors: a plug-in defined here (and in no core file) adds a
// command-line option to `pointyard start`, a server of its own — a line server that answers a point's
// current value read through the services facade — and a connector that runs a device. `startServer` with
// the registry's plug-ins and this one starts it after the HTTP host, lists it among its endpoints, runs
// the device through its connector, and the ordered stop closes it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { CommanderError } from 'commander';
import { startCommand } from '../../src/cli/start.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { ProtocolPlugin } from '../../src/protocols/plugin.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import type { ServerService } from '../../src/protocols/server-service.js';
import { serverSettingsOf } from '../../src/protocols/server-settings.js';
import type { DeviceDriver } from '../../src/runtime/device-driver.js';
import { StartFailed, startServer } from '../../src/server.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { T0 } from '../runtime/site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-plugin-server-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const quiet = { info() {}, warn() {}, error() {} };

/** The value the probe's connector reads from "its device". */
const READ_TEMPERATURE = 21.5;

interface ProbeSettings {
  host: string;
  port: number;
}

/** What the probe's servers were asked to do, in order. */
const probeLog: string[] = [];

const probeServer: ServerService<ProbeSettings> = {
  options: [
    {
      flags: '--probe-port <port>',
      description: 'port of the probe line server',
      parse: (text) => {
        const port = Number(text);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('expected a probe port');
        return port;
      },
    },
    { flags: '--no-probe', description: 'do not serve the probe' },
  ],
  settings(_site, options, common) {
    if (options.probe === false) return { settings: null, problems: [] };
    if (typeof options.probePort !== 'number')
      return { settings: null, problems: ['port must be given (--probe-port)'] };
    return { settings: { host: common.host ?? '127.0.0.1', port: options.probePort }, problems: [] };
  },
  where: (settings) => `${settings.host}:${settings.port}`,
  async start(settings, { services }) {
    const sockets = new Set<Socket>();
    // One point key a line; the answer is its current value as JSON, or `no such point`.
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      createInterface({ input: socket }).on('line', (key) => {
        const index = services.points.indexOf(key);
        socket.write(
          index === undefined
            ? `no such point ${key}\n`
            : `${JSON.stringify(services.points.read(index).value)}\n`,
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, resolve);
    });
    const address = `${settings.host}:${(server.address() as { port: number }).port}`;
    probeLog.push(`listening on ${address}`);
    return {
      address,
      close: async (graceMs) => {
        probeLog.push(`closed (${graceMs} ms)`);
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  },
};

const probePlugin: ProtocolPlugin = {
  name: 'probe',
  title: 'Probe',
  server: probeServer,
  // `source: probe://<sensor>` in the site file: the site reader's part of the contract.
  source: {
    schemes: ['probe'],
    fields: ['sensor'],
    description: 'a device read by the probe: probe://<sensor>',
    fromUrl: (url) => ({ settings: { sensor: url.hostname } }),
    read: (raw) =>
      typeof raw.sensor === 'string' && raw.sensor !== ''
        ? { settings: { sensor: raw.sensor } }
        : { problem: 'source probe needs a sensor' },
    describe: (settings) => `probe://${(settings as { sensor: string }).sensor}`,
  },
  // A device whose source is `probe` reads its temperature once, when it starts.
  connector: (device, host): DeviceDriver | null => {
    if (device.source.kind !== 'probe') return null;
    return {
      status: 'ok',
      start() {
        const index = host.points.indexOf(`${device.id}.temperature`);
        if (index !== undefined) host.publish(index, READ_TEMPERATURE, host.clock.now());
        const { sensor } = (device.source as { settings: { sensor: string } }).settings;
        probeLog.push(`connector started ${device.id} (sensor ${sensor})`);
      },
      async stop() {
        probeLog.push(`connector stopped ${device.id}`);
      },
      runAction() {},
      command() {},
    };
  },
};

const plugins = [...PROTOCOLS, probePlugin];

/** Two PIR detectors; pir-2 is read through the probe's connector instead of simulated. */
function probeSite(): Site {
  const file = join(root, `site-${++n}.yaml`);
  writeFileSync(
    file,
    [
      'site: {id: probed, name: Probed, tz: UTC}',
      'devices:',
      '  - {id: pir-1, profile: pir-detector}',
      '  - {id: pir-2, profile: pir-detector, source: "probe://hall-7"}',
      '',
    ].join('\n'),
  );
  const { site, diagnostics } = loadSite(file, plugins);
  if (!site) throw new Error(`the test site does not load: ${JSON.stringify(diagnostics)}`);
  return site;
}

/** `pointyard start`'s options as its command line gives them (its action replaced: nothing starts). */
function startOptions(args: string[]): Record<string, unknown> {
  const command = startCommand(plugins)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .action(() => {});
  command.parse(args, { from: 'user' });
  return command.opts();
}

/** Sends `line` on `socket` and resolves with the line answered. */
function ask(lines: AsyncIterator<string>, socket: Socket, line: string): Promise<string> {
  socket.write(`${line}\n`);
  return lines.next().then((r) => (r.done ? 'connection closed' : r.value));
}

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('plug-in contract: servers, options and connectors', { timeout: 60_000 }, () => {
  test('a plug-in adds its option to `start`, with its help and its own check', () => {
    const help = startCommand(plugins).helpInformation();
    assert.match(help, /--probe-port <port>\s+port of the probe line server/);
    assert.match(help, /--no-probe\s+do not serve the probe/);
    assert.match(help, /--modbus-port <port>/, 'the registry’s options stay');
    assert.throws(
      () => startOptions(['--probe-port', 'x']),
      (err: Error) => {
        assert.ok(err instanceof CommanderError);
        assert.match(
          err.message,
          /option '--probe-port <port>' argument 'x' is invalid\. expected a probe port/,
        );
        return true;
      },
    );
    assert.equal(startOptions(['--probe-port', '7']).probePort, 7);
    assert.equal(startOptions(['--no-probe', '--no-bacnet']).probe, false);
  });

  test('its settings come from its options and --host; its problems are named after it', () => {
    const site = probeSite();
    const none = serverSettingsOf(plugins, site, startOptions(['--no-modbus', '--no-bacnet']), {});
    assert.deepEqual(none.problems, ['server.probe: port must be given (--probe-port)']);
    const given = serverSettingsOf(
      plugins,
      site,
      startOptions(['--probe-port', '0', '--host', '::1', '--no-bacnet']),
      {
        host: '::1',
      },
    );
    assert.deepEqual(given.problems, []);
    assert.deepEqual(given.settings.probe, { host: '::1', port: 0 });
    const off = serverSettingsOf(plugins, site, startOptions(['--no-probe', '--no-bacnet']), {});
    assert.equal(off.settings.probe, null);
  });

  test('startServer starts its server after the HTTP host, runs its device, and the stop closes it', async () => {
    probeLog.length = 0;
    const site = probeSite();
    const servers = serverSettingsOf(
      plugins,
      site,
      startOptions(['--probe-port', '0', '--no-modbus', '--no-bacnet']),
      {
        host: '127.0.0.1',
      },
    );
    assert.deepEqual(servers.problems, []);
    const server = await startServer({
      site,
      dataDir: join(root, `data-${++n}`),
      sqlite: { acceptNewDatabase: true },
      clock: new VirtualClock(T0),
      seed: 1,
      log: quiet,
      http: { host: '127.0.0.1', port: 0, webUiDir: null },
      plugins,
      servers: servers.settings,
      env: { POINTYARD_ADMIN_PASSWORD: 'a long test password' },
      stopGraceMs: 250,
    });
    let socket: Socket | null = null;
    try {
      assert.ok(server.http);
      assert.deepEqual(
        server.endpoints.map((e) => e.name),
        ['haystack', 'probe'],
        'the HTTP host first, then the servers in the plug-ins’ order; Modbus off',
      );
      const probe = server.endpoints.find((e) => e.name === 'probe');
      assert.ok(probe);
      assert.equal(probe.title, 'Probe');
      assert.match(probe.address, /^127\.0\.0\.1:\d+$/);
      assert.deepEqual(probe.banner, [`Probe: ${probe.address}`], 'the default banner line');
      const port = Number(probe.address.split(':').at(-1));

      const open: Socket = createConnection({ host: '127.0.0.1', port });
      socket = open;
      await new Promise<void>((resolve, reject) => {
        open.once('connect', resolve);
        open.once('error', reject);
      });
      const lines = createInterface({ input: open })[Symbol.asyncIterator]();
      // pir-2 is read through the probe's connector: the value it read, not a simulated one.
      assert.equal(await ask(lines, open, 'pir-2.temperature'), String(READ_TEMPERATURE));
      const simulated = server.runtime.services.points;
      const index = simulated.indexOf('pir-1.temperature') as number;
      assert.equal(await ask(lines, open, 'pir-1.temperature'), JSON.stringify(simulated.read(index).value));
      assert.equal(await ask(lines, open, 'pir-9.temperature'), 'no such point pir-9.temperature');

      const closed = new Promise<void>((resolve) => open.once('close', () => resolve()));
      assert.equal(await server.stop('SIGTERM'), 'stopped');
      await closed;
      assert.equal(await listening(port), false, 'the stop closed the probe server');
      // Servers first, then the devices; servers closed before the runtime stops.
      assert.deepEqual(probeLog, [
        `listening on ${probe.address}`,
        'connector started pir-2 (sensor hall-7)',
        'closed (250 ms)',
        'connector stopped pir-2',
      ]);
    } finally {
      socket?.destroy();
      await server.stop();
    }
  });

  test('a server that cannot listen fails the start with its title and address; the stop has run', async () => {
    const taken: Server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const site = probeSite();
      const servers = serverSettingsOf(
        plugins,
        site,
        startOptions(['--probe-port', String(port), '--no-modbus', '--no-bacnet']),
        { host: '127.0.0.1' },
      );
      await assert.rejects(
        startServer({
          site,
          dataDir: join(root, `data-${++n}`),
          sqlite: { acceptNewDatabase: true },
          clock: new VirtualClock(T0),
          seed: 1,
          log: quiet,
          http: null,
          plugins,
          servers: servers.settings,
        }),
        (err: Error) => {
          assert.ok(err instanceof StartFailed);
          assert.equal(err.cleanup, 'stopped');
          assert.match(err.message, new RegExp(`^cannot serve Probe on 127\\.0\\.0\\.1:${port}: `));
          return true;
        },
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
