// A Modbus TCP server on the demo site, in virtual time, on a free loopback port: for protocol and interop
// tests. `close` stops the server and the runtime.

import { VirtualClock } from '../../src/core/clock.js';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { type ModbusServerOptions, startModbusServer } from '../../src/protocols/modbus/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';

export type DemoModbusOptions = Partial<Omit<ModbusServerOptions, 'site' | 'runtime'>> & {
  /** Changes the demo site before it runs (pinned units, profiles…). */
  edit?: (site: Site) => void;
};

export async function demoModbus(options: DemoModbusOptions = {}) {
  const { edit, ...serverOptions } = options;
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  if (!site) throw new Error('the demo site does not load');
  edit?.(site);
  const clock = new VirtualClock(T0);
  const store = new MemoryStore();
  const runtime = await Runtime.open({ site, store, clock, seed: 1 });
  runtime.start();
  clock.advance(60_000);
  const server = await startModbusServer({
    services: runtime.services,
    host: '127.0.0.1',
    port: 0,
    ...serverOptions,
  });
  const clients: ModbusTcpClient[] = [];
  return {
    site,
    runtime,
    clock,
    store,
    server,
    port: server.port,
    /** The unit of a device, by id. */
    unitOf(deviceId: string): number {
      const unit = site.devices.find((d) => d.id === deviceId)?.numbers.modbus;
      if (unit === undefined || unit === null) throw new Error(`${deviceId} has no Modbus unit`);
      return unit;
    },
    /** A client on the server, closed with it. */
    async client(): Promise<ModbusTcpClient> {
      const client = await ModbusTcpClient.connect('127.0.0.1', server.port);
      clients.push(client);
      return client;
    },
    /** Current value of `<device>.<point>` in the point store. */
    value(key: string) {
      const index = runtime.points.indexOf(key);
      if (index === undefined) throw new Error(`no point ${key}`);
      return runtime.points.read(index).value;
    },
    async close() {
      for (const client of clients) await client.close();
      await server.close();
      await runtime.stop();
    },
  };
}

export type DemoModbus = Awaited<ReturnType<typeof demoModbus>>;
