// Integration Sync and the `interfaces` op on a whole Pointyard (the composition root, the demo site, every
// protocol plug-in) publishing to Debian's mosquitto, plus a small plug-in whose server sends everything
// again to its TCP clients when asked: the parking server's command, run through the Haystack API, asks
// every running interface that can to resync and says what each answered; `interfaces` lists what runs,
// with the status of those that report one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { HDict, HGrid, HStr } from 'haystack-core';
import { VirtualClock } from '../../src/core/clock.js';
import type { ProtocolPlugin } from '../../src/protocols/plugin.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { serverSettingsOf } from '../../src/protocols/server-settings.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { loadSite } from '../../src/site/load.js';
import { T0 } from '../runtime/site-fixture.js';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';

const ADMIN_PASSWORD = 'a long test password';
const root = mkdtempSync(join(tmpdir(), 'pointyard-integration-sync-'));
after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { info() {}, warn() {}, error() {} };

/**
 * A protocol of the test's own: a TCP server that, on resync, sends its clients one line saying how many
 * points the site has, and reports how many clients it has and how many resyncs it made.
 */
function echoPlugin(): ProtocolPlugin & { resyncs: number } {
  const plugin = {
    name: 'echo',
    title: 'Echo',
    resyncs: 0,
    server: {
      options: [],
      settings: () => ({ settings: {}, problems: [] }),
      where: () => '127.0.0.1:0',
      async start(
        _settings: unknown,
        context: Parameters<NonNullable<ProtocolPlugin['server']>['start']>[1],
      ) {
        const clients = new Set<Socket>();
        const server = createServer((socket) => {
          clients.add(socket);
          socket.on('close', () => clients.delete(socket));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as { port: number };
        return {
          address: `127.0.0.1:${port}`,
          async resync() {
            plugin.resyncs++;
            for (const socket of clients) socket.write(`${context.services.points.size} points\n`);
            return `${context.services.points.size} points sent to ${clients.size} client(s)`;
          },
          status: () => ({ clients: clients.size, resyncs: plugin.resyncs, link: { since: T0 } }),
          async close() {
            for (const socket of clients) socket.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
          },
        };
      },
    },
  };
  return plugin;
}

/** Every row of `grid` as name → row. */
const byName = (grid: HGrid) =>
  new Map(grid.getRows().map((r) => [(r.get('name') as HStr).value, r] as [string, HDict]));

describe(
  'Integration Sync and interfaces on a running Pointyard',
  { skip: peerSkip(mosquittoMissing()) },
  () => {
    test('the command resyncs every interface that can, and interfaces lists them with their status', async () => {
      const broker = await Mosquitto.start();
      const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
      assert.ok(site);
      const echo = echoPlugin();
      const plugins = [...PROTOCOLS, echo];
      const settings = serverSettingsOf(
        plugins,
        site,
        { modbusPort: 0, bacnetPort: 0, ocppPort: 0, mqttUrl: broker.url, siaPort: 0 },
        { host: '127.0.0.1' },
      );
      assert.deepEqual(settings.problems, []);
      const clock = new VirtualClock(T0);
      let server: RunningServer | null = null;
      let client: Socket | null = null;
      try {
        server = await startServer({
          site,
          plugins,
          dataDir: join(root, 'data'),
          sqlite: { acceptNewDatabase: true },
          clock,
          seed: 1,
          log: quiet,
          http: { host: '127.0.0.1', port: 0, webUiDir: null },
          servers: settings.settings,
          env: { POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
        });
        assert.ok(server.http);
        const api = `${server.http.origin}/api/`;
        const admin = (await haystackLogin(api, 'admin', ADMIN_PASSWORD)).fetch;
        const added = await callOp(
          api,
          admin,
          'userAdd',
          `ver:"3.0"\nname,password\n"vera","${ADMIN_PASSWORD}"\n`,
        );
        assert.equal(added.error, null);
        const viewer = (await haystackLogin(api, 'vera', ADMIN_PASSWORD)).fetch;

        // A viewer reads the interfaces: the HTTP routes first, then each server in the registry's order.
        const echoAddress = server.endpoints.find((e) => e.name === 'echo')?.address ?? '';
        let listed = await callOp(api, viewer, 'interfaces');
        assert.equal(listed.error, null);
        assert.deepEqual(
          listed.grid.getRows().map((r) => [r.get<HStr>('name')?.value, r.get<HStr>('address')?.value]),
          server.endpoints.map((e) => [e.name, e.address]),
        );
        assert.equal(byName(listed.grid).get('haystack')?.get<HStr>('address')?.value, api);
        assert.equal(byName(listed.grid).get('haystack')?.has('status'), false, 'no status: none reported');
        // MQTT's status: the external broker, and the link that connects to it by itself.
        let mqtt: HDict | undefined;
        for (let i = 0; i < 500; i++) {
          mqtt = byName((await callOp(api, viewer, 'interfaces')).grid).get('mqtt');
          if (mqtt?.get<HDict>('status')?.get<HDict>('link')?.get('connected')?.toString() === 'true') break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const status = mqtt?.get<HDict>('status');
        assert.equal(mqtt?.get<HStr>('title')?.value, 'MQTT');
        assert.equal(mqtt?.get<HStr>('address')?.value, broker.url);
        const brokerStatus = status?.get<HDict>('broker');
        assert.equal(brokerStatus?.get<HStr>('kind')?.value, 'external');
        assert.equal(brokerStatus?.get<HStr>('url')?.value, broker.url);
        assert.equal(status?.get<HDict>('link')?.get('connected')?.toString(), 'true', 'the link connects');
        assert.equal(status?.get<HDict>('link')?.has('lastError'), false, 'a null is left out');
        // `name` picks one; a name nothing runs under is an error grid naming what runs.
        listed = await callOp(api, viewer, 'interfaces', 'ver:"3.0"\nname\n"echo"\n');
        assert.deepEqual(listed.grid.getRows()[0]?.toJSON(), {
          name: 'echo',
          title: 'Echo',
          address: echoAddress,
          status: { clients: 0, resyncs: 0, link: { since: T0 } },
        });
        const unknown = await callOp(api, viewer, 'interfaces', 'ver:"3.0"\nname\n"knx"\n');
        assert.match(
          unknown.error ?? '',
          /^interfaces: no interface named knx is running \(running: haystack, /,
        );

        // A client of the echo server, then Integration Sync through the API.
        const port = Number(echoAddress.split(':').at(-1));
        const socket = createConnection({ host: '127.0.0.1', port });
        client = socket;
        await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString();
        });
        for (let i = 0; i < 500 && !echoClients(await callOp(api, viewer, 'interfaces')); i++)
          await new Promise((resolve) => setTimeout(resolve, 10));
        const invoked = await callOp(
          api,
          admin,
          'invokeAction',
          `ver:"3.0" id:@lyon-confluence.parking-server.integration-sync action:"SYNC"\nempty\n`,
        );
        assert.equal(invoked.error, null);
        let message: string | undefined;
        for (let i = 0; i < 200 && message === undefined; i++) {
          clock.advance(5_000);
          await new Promise((resolve) => setTimeout(resolve, 5));
          const events = await callOp(api, viewer, 'events', 'ver:"3.0"\nkind\n"sync"\n');
          message = events.grid.getRows()[0]?.get<HStr>('message')?.value;
        }
        const points = server.runtime.services.points.size;
        assert.equal(
          message,
          `Integration sync done: MQTT: every point and birth published again on MQTT; Echo: ${points} points sent to 1 client(s)`,
        );
        assert.equal(echo.resyncs, 1);
        for (let i = 0; i < 500 && !received.includes('\n'); i++)
          await new Promise((resolve) => setTimeout(resolve, 10));
        assert.equal(received, `${points} points\n`, 'the echo server sent everything again to its client');
      } finally {
        client?.destroy();
        await server?.stop();
        await broker.dispose();
      }
    });
  },
);

/** The echo server's client count in an `interfaces` answer. */
function echoClients(answer: { grid: HGrid }): number {
  const status = byName(answer.grid).get('echo')?.get<HDict>('status');
  return Number(status?.get('clients')?.toString() ?? 0);
}
