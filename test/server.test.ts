// The composition root: startServer builds store → runtime → HTTP host and the plug-ins' servers (Modbus) on a real data folder
// (SQLite, its lock), serves them on loopback, and stops them in order; a start that fails half way stops
// what it started and releases the data folder, so that the next start succeeds.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../src/core/clock.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { serverSettingsOf } from '../src/protocols/server-settings.js';
import { type RunningServer, type ServerOptions, StartFailed, startServer } from '../src/server.js';
import { loadSite } from '../src/site/load.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { AlreadyRunning, lockDataFolder } from '../src/util/instance-lock.js';
import { T0 } from './runtime/site-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-server-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const quiet = { info() {}, warn() {}, error() {} };

function demoOptions(over: { modbusPort?: number; httpPort?: number } = {}): ServerOptions {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  if (!site) throw new Error('the demo site does not load');
  const servers = serverSettingsOf(
    PROTOCOLS,
    site,
    { modbusPort: over.modbusPort ?? 0, bacnetPort: 0, ocppPort: 0, mqttPort: 0, siaPort: 0 },
    { host: '127.0.0.1' },
  );
  assert.deepEqual(servers.problems, []);
  return {
    site,
    dataDir: join(root, `data-${++n}`),
    sqlite: { acceptNewDatabase: true },
    clock: new VirtualClock(T0),
    seed: 1,
    log: quiet,
    http: { host: '127.0.0.1', port: over.httpPort ?? 0, webUiDir: null },
    servers: servers.settings,
    env: { POINTYARD_ADMIN_PASSWORD: 'a long test password' },
  };
}

/** The endpoint `name` of a running server (its address), or undefined when it serves none. */
function endpoint(server: RunningServer, name: string): string | undefined {
  return server.endpoints.find((e) => e.name === name)?.address;
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

/** A TCP server on a free loopback port (something in the way of a service). */
async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** A port that was free a moment ago (closed at once). */
async function freePort(): Promise<number> {
  const { server, port } = await occupyPort();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('startServer', () => {
  test('serves HTTP and Modbus on one data folder, holds its lock, and stops in order', async () => {
    const options = demoOptions();
    const server = await startServer(options);
    try {
      assert.ok(server.http);
      const health = await fetch(`${server.http.origin}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', site: options.site.site.id });
      assert.equal(endpoint(server, 'haystack'), `${server.http.origin}/api/`);
      assert.equal((await fetch(`${server.http.origin}/api/about`)).status, 401, 'the API asks for a login');
      const modbus = endpoint(server, 'modbus');
      assert.ok(modbus);
      const modbusPort = Number(modbus.split(':').at(-1));
      assert.ok(await listening(modbusPort));
      await assert.rejects(lockDataFolder(options.dataDir), AlreadyRunning);
      const second = startServer({ ...demoOptions(), dataDir: options.dataDir });
      await assert.rejects(second, (err: Error) => {
        assert.ok(err instanceof StartFailed);
        assert.equal(err.cleanup, 'nothing started');
        assert.match(err.message, /another Pointyard is already running on/);
        return true;
      });
      const httpPort = Number(new URL(server.http.origin).port);
      assert.equal(await server.stop('SIGTERM'), 'stopped');
      assert.equal(await server.stop(), 'stopped', 'a second stop answers the same stop');
      assert.equal(await listening(httpPort), false);
      assert.equal(await listening(modbusPort), false);
      (await lockDataFolder(options.dataDir)).release();
    } finally {
      await server.stop();
    }
  });

  test('a start that fails half way stops what it started and frees the folder for the next start', async () => {
    const taken = await occupyPort();
    const httpPort = await freePort();
    const options = demoOptions({ modbusPort: taken.port, httpPort });
    try {
      await assert.rejects(startServer(options), (err: Error) => {
        assert.ok(err instanceof StartFailed);
        assert.equal(err.cleanup, 'stopped');
        assert.match(err.message, new RegExp(`^cannot serve Modbus TCP on 127\\.0\\.0\\.1:${taken.port}: `));
        return true;
      });
    } finally {
      await new Promise<void>((resolve) => taken.server.close(() => resolve()));
    }
    assert.equal(await listening(httpPort), false, 'the HTTP host it had started is closed');
    // The store was closed and the lock released: the same folder starts.
    const again = await startServer({ ...demoOptions(), dataDir: options.dataDir });
    assert.equal(await again.stop(), 'stopped');
  });

  test('settings for a server no plug-in has fail the start before anything starts', async () => {
    const options = demoOptions();
    await assert.rejects(startServer({ ...options, servers: { modbsu: { port: 0 } } }), (err: Error) => {
      assert.ok(err instanceof StartFailed);
      assert.equal(err.cleanup, 'nothing started');
      assert.equal(err.message, "no protocol plug-in named 'modbsu' has a server");
      return true;
    });
    assert.equal(existsSync(options.dataDir), false, 'not even the data folder is made');
  });

  test('an already opened store is used as it is, and the stop closes it before it releases the folder', async () => {
    const store = new MemoryStore();
    const seen: string[] = [];
    const close = store.close.bind(store);
    store.close = async () => {
      seen.push('store closed');
      await close();
    };
    const options: ServerOptions = { ...demoOptions(), store, http: null, servers: {} };
    const server = await startServer(options);
    assert.equal(server.store, store);
    assert.ok(server.runtime.points.size > 0);
    assert.equal(server.http, null);
    assert.deepEqual(server.endpoints, []);
    await assert.rejects(lockDataFolder(options.dataDir), AlreadyRunning);
    assert.equal(await server.stop(), 'stopped');
    assert.deepEqual(seen, ['store closed']);
    (await lockDataFolder(options.dataDir)).release();
  });
});
