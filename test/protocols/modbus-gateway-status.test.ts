// Gateway mode in virtual time: what a real device's points show on the gateway's own Modbus server and
// Haystack API before the device first answers, while it is down and after it is back; momentary actions;
// writes the device refuses and writes made while it is down. The "real device" is the demo served by our
// Modbus server (site A) or a TCP server that never answers; the gateway (site B) runs on a virtual clock.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HGrid, ZincReader } from 'haystack-core';
import { newUser } from '../../src/auth/credentials.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Authenticator } from '../../src/protocols/haystack/auth/authenticator.js';
import { startHaystackServer } from '../../src/protocols/haystack/server.js';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { EXCEPTION, type OfflineException } from '../../src/protocols/modbus/constants.js';
import { modbusDriverFor } from '../../src/protocols/modbus/gateway/modbus-device.js';
import type { Request } from '../../src/protocols/modbus/requests.js';
import { startModbusServer } from '../../src/protocols/modbus/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';

const PASSWORD = 'correct horse battery staple';
const TANK = 'dhw-tank';
const TANK_UNIT = 8;

/** Site B: the demo devices `ids`, each read from the Modbus server at `port` (same unit ids). */
function gatewaySite(demo: Site, port: number, ids: string[]): Site {
  return {
    ...demo,
    devices: demo.devices
      .filter((d) => ids.includes(d.id))
      .map((d) => ({
        ...d,
        source: {
          kind: 'modbus' as const,
          settings: {
            host: '127.0.0.1',
            port,
            unit: d.numbers.modbus as number,
            wordOrder: 'high-first' as const,
            timeoutMs: 5_000,
            pollMs: 1_000,
          },
        },
      })),
  };
}

/** Site B running on a virtual clock, served over its own Modbus TCP and Haystack HTTP. */
async function gateway(site: Site, offlineException?: OfflineException, store = new MemoryStore()) {
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store, clock, seed: 2, driverFor: modbusDriverFor });
  runtime.start();
  const modbus = await startModbusServer({
    services: runtime.services,
    host: '127.0.0.1',
    port: 0,
    ...(offlineException ? { offlineException } : {}),
  });
  await store.saveUser(newUser('admin', 'admin', PASSWORD, Date.now()));
  const haystack = await startHaystackServer({
    site,
    plugins: PROTOCOLS,
    runtime,
    host: '127.0.0.1',
    port: 0,
    authenticator: new Authenticator({ store }),
    webUiDir: null,
  });
  const session = await haystackLogin(haystack.url, 'admin', PASSWORD);
  const client = await ModbusTcpClient.connect('127.0.0.1', modbus.port);
  return {
    runtime,
    clock,
    store,
    /** The point as the point store holds it. */
    point(key: string) {
      return runtime.points.read(runtime.points.indexOf(key) as number);
    },
    /** What B's Modbus server answers. */
    read(unit: number, request: Request) {
      return client.request(unit, request);
    },
    /** The point's record as B's Haystack API reads it. */
    async record(key: string) {
      const id = `@${site.site.id}.${key}`;
      const response = await session.fetch(`${haystack.url}read`, {
        method: 'POST',
        headers: { 'content-type': 'text/zinc' },
        body: `ver:"3.0"\nid\n${id}\n`,
      });
      const grid = ZincReader.readValue(await response.text());
      assert.ok(grid instanceof HGrid);
      const row = grid.getRows()[0];
      assert.ok(row, id);
      return row;
    },
    /** Moves B's clock on in steps until `check` holds (bounded); whether it does. */
    async settle(check: () => boolean | Promise<boolean>, stepMs = 200, tries = 300): Promise<boolean> {
      for (let i = 0; i < tries; i++) {
        if (await check()) return true;
        clock.advance(stepMs);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return check();
    },
    /** Runs B's clock `ms` on, in steps that let the polls talk to the device. */
    async run(ms: number, stepMs = 1000) {
      for (let t = 0; t < ms; t += stepMs) {
        clock.advance(stepMs);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await client.close();
      await modbus.close();
      await haystack.close();
      await runtime.stop();
    },
  };
}

type Gateway = Awaited<ReturnType<typeof gateway>>;

/** A TCP server that takes connections and never answers: a device that has not answered yet. */
async function silentDevice(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const { server, port } = await silentDevice();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The demo site, for a gateway whose device is not our server. */
function demoSite(): Site {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  assert.ok(site, 'the demo site loads');
  return site;
}

const exceptionOf = (answer: Awaited<ReturnType<Gateway['read']>>) =>
  answer.kind === 'exception' ? answer.exception : answer.kind;

describe('gateway mode: points of a device that has not answered or is down hold no current value', () => {
  test('before the first answer: Modbus exception 0B, Haystack curStatus unknown and no curVal', async () => {
    const device = await silentDevice();
    const b = await gateway(gatewaySite(demoSite(), device.port, [TANK]));
    try {
      assert.ok(await b.settle(() => device.sockets.length > 0), 'the gateway asked the device');
      assert.equal(b.point(`${TANK}.tank-top-temperature`).status, 'unknown');
      const input = await b.read(TANK_UNIT, { fc: 4, address: 0, quantity: 3 });
      assert.equal(exceptionOf(input), EXCEPTION.gatewayTargetFailedToRespond);
      const setpoint = await b.read(TANK_UNIT, { fc: 3, address: 100, quantity: 1 });
      assert.equal(exceptionOf(setpoint), EXCEPTION.gatewayTargetFailedToRespond);
      const record = await b.record(`${TANK}.tank-top-temperature`);
      assert.equal(record.get('curStatus')?.toString(), 'unknown');
      assert.equal(record.has('curVal'), false);
      const command = await b.record(`${TANK}.temperature-setpoint`);
      assert.equal(command.has('curVal'), false, 'a command shows no value the device did not give');
      // The equip shows its connector's status as a whole.
      assert.equal((await b.record(TANK)).get('connStatus')?.toString(), 'unknown');
    } finally {
      await b.close();
      for (const socket of device.sockets) socket.destroy();
      await new Promise((resolve) => device.server.close(resolve));
    }
  });

  test('a device that cannot be reached: Modbus exception 04 when so set, Haystack down with no curVal', async () => {
    const b = await gateway(
      gatewaySite(demoSite(), await closedPort(), [TANK]),
      EXCEPTION.serverDeviceFailure,
    );
    try {
      assert.ok(await b.settle(() => b.point(`${TANK}.tank-top-temperature`).status === 'down'));
      const input = await b.read(TANK_UNIT, { fc: 4, address: 0, quantity: 3 });
      assert.equal(exceptionOf(input), EXCEPTION.serverDeviceFailure);
      const coil = await b.read(TANK_UNIT, { fc: 1, address: 0, quantity: 1 });
      assert.equal(exceptionOf(coil), EXCEPTION.serverDeviceFailure);
      const record = await b.record(`${TANK}.tank-top-temperature`);
      assert.equal(record.get('curStatus')?.toString(), 'down');
      assert.equal(record.has('curVal'), false);
      assert.equal((await b.record(TANK)).get('connStatus')?.toString(), 'down');
    } finally {
      await b.close();
    }
  });

  test('a command restored at start is sent to the device again and judged like any write', async () => {
    const a = await demoModbus();
    const store = new MemoryStore();
    const setpoint = `${TANK}.temperature-setpoint`;
    const site = gatewaySite(a.site, a.port, [TANK]);
    let b = await gateway(site, undefined, store);
    try {
      assert.ok(await b.settle(() => b.point(setpoint).status === 'ok'));
      assert.equal(
        (await b.runtime.writes.write({ key: setpoint, value: 58, who: 't', via: 't', role: 'admin' })).ok,
        true,
      );
      assert.ok(await b.settle(() => a.value(setpoint) === 58), 'the device took it');
      await b.close();
      // Someone changes the device itself while the gateway is stopped.
      assert.equal(
        (await a.runtime.writes.write({ key: setpoint, value: 50, who: 't', via: 't', role: 'admin' })).ok,
        true,
      );
      b = await gateway(site, undefined, store);
      assert.ok(await b.settle(() => a.value(setpoint) === 58), 'the commanded value sent again');
      assert.ok(await b.settle(() => b.point(setpoint).status === 'ok' && b.point(setpoint).value === 58));
    } finally {
      await b.close();
      await a.close();
    }
  });

  test('a device whose points are all polled hourly is tried again at the link retry, not an hour later', async () => {
    const a = await demoModbus();
    const port = a.port;
    await a.server.close(); // the device is away when the gateway starts
    let serverA: { close(): Promise<void> } | null = null;
    const site = gatewaySite(a.site, port, [TANK]);
    // One point, read hourly: one block, whose next poll is an hour after each try.
    for (const device of site.devices)
      device.profile = {
        ...device.profile,
        points: device.profile.points
          .filter((p) => p.id === 'temperature-setpoint')
          .map((p) => ({ ...p, update: 'periodic' as const, intervalMs: 3_600_000 })),
      };
    const b = await gateway(site);
    try {
      const setpoint = `${TANK}.temperature-setpoint`;
      assert.ok(await b.settle(() => b.point(setpoint).status === 'down'), 'down');
      await b.run(10_000); // a few tries fail
      serverA = await startModbusServer({ services: a.runtime.services, host: '127.0.0.1', port });
      const back = b.clock.now();
      assert.ok(await b.settle(() => b.point(setpoint).status === 'ok', 500), 'read once the device is back');
      assert.ok(b.clock.now() - back <= 35_000, `after ${b.clock.now() - back} ms of virtual time`);
    } finally {
      await b.close();
      await serverA?.close();
      await a.close();
    }
  });
});

describe('gateway mode against our own server: lost, back, refused and pending writes', () => {
  let a: DemoModbus;
  let b: Gateway;
  let port: number;
  /** Site A's Modbus server, replaced when a test stops and restarts it. */
  let serverA: { close(): Promise<void> };
  const RAINWATER = 'rainwater-tank';
  const keys = () =>
    b.runtime.points.entries
      .filter((e) => e.point.type !== 'action')
      .map((e) => e.key)
      .filter((key) => key.startsWith(`${TANK}.`) || key.startsWith(`${RAINWATER}.`));
  const allOk = () => keys().every((key) => b.point(key).status === 'ok');

  before(async () => {
    a = await demoModbus();
    port = a.port;
    serverA = a.server;
    b = await gateway(gatewaySite(a.site, port, [TANK, RAINWATER]));
    assert.ok(await b.settle(allOk), 'every point read');
  });
  after(async () => {
    await b?.close();
    await serverA?.close();
    await a?.close();
  });

  test('momentary actions take the link status: ok (and read 0) while the device answers', async () => {
    assert.equal(b.point(`${TANK}.legionella-cycle`).status, 'ok');
    const answer = await b.read(TANK_UNIT, { fc: 3, address: 500, quantity: 1 });
    assert.ok(answer.kind === 'registers', JSON.stringify(answer));
    assert.deepEqual([...answer.registers], [0]);
  });

  test('down: exception 0B and Haystack down; a write meanwhile changes no status; back: every block re-read at once, the write delivered', async () => {
    const setpoint = `${TANK}.temperature-setpoint`;
    const slow = [`${RAINWATER}.operating-hours`, `${TANK}.volume`]; // polled every hour
    await serverA.close();
    // Every point down but Communication Status, which says FAULT (what the gateway knows of the link).
    const read = () => keys().filter((key) => !key.endsWith('.communication-status'));
    assert.ok(await b.settle(() => read().every((key) => b.point(key).status === 'down')), 'down');
    assert.equal(b.point(`${TANK}.communication-status`).value, 'FAULT');
    assert.equal((await b.record(TANK)).get('connStatus')?.toString(), 'down', "the equip's connector");
    assert.equal(b.point(`${TANK}.legionella-cycle`).status, 'down', 'an action is down with its device');
    assert.equal(
      exceptionOf(await b.read(TANK_UNIT, { fc: 4, address: 0, quantity: 3 })),
      EXCEPTION.gatewayTargetFailedToRespond,
    );
    assert.equal((await b.record(setpoint)).get('curStatus')?.toString(), 'down');
    const before = b.point(setpoint).value;
    assert.notEqual(before, 64);
    assert.equal(
      (await b.runtime.writes.write({ key: setpoint, value: 64, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    b.clock.advance(1);
    assert.equal(b.point(setpoint).status, 'down', 'still down after a write');
    assert.equal(b.point(setpoint).value, before, 'curVal is what the device last said');
    assert.ok(read().every((key) => b.point(key).status === 'down'));
    assert.equal((await b.record(setpoint)).get('writeVal')?.toString(), '64°C');

    // The device comes back after 2 minutes: every point is ok again within the link's retry delay
    // (30 s at most), not after an hour.
    b.clock.advance(120_000);
    serverA = await startModbusServer({ services: a.runtime.services, host: '127.0.0.1', port });
    const back = b.clock.now();
    assert.ok(await b.settle(allOk, 500), 'every point ok again');
    assert.ok(b.clock.now() - back <= 35_000, `back after ${b.clock.now() - back} ms of virtual time`);
    for (const key of slow) assert.equal(b.point(key).status, 'ok', key);
    assert.equal(b.point(`${TANK}.legionella-cycle`).status, 'ok');
    assert.equal((await b.record(TANK)).get('connStatus')?.toString(), 'ok', "the equip's connector");
    assert.ok(await b.settle(() => a.value(setpoint) === 64), 'the pending write reached the device');
    assert.ok(await b.settle(() => b.point(setpoint).value === 64));
  });

  test('a write the device refuses: fault until the device holds it, sent again, reported once', async () => {
    const setpoint = `${TANK}.temperature-setpoint`;
    const enable = 'parking-server.system-enable';
    // A refuses every write but System Enable's while System Enable is off (exception 04).
    assert.equal(
      (await a.runtime.writes.write({ key: enable, value: false, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    const held = a.value(setpoint);
    assert.equal(
      (await b.runtime.writes.write({ key: setpoint, value: 55, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    assert.ok(await b.settle(() => b.point(setpoint).status === 'fault'), 'fault');
    // Many polls later: still fault, curVal what the device holds, writeVal what was commanded.
    await b.run(20_000);
    assert.equal(b.point(setpoint).status, 'fault');
    assert.equal(b.point(setpoint).value, held);
    assert.equal(a.value(setpoint), held);
    const record = await b.record(setpoint);
    assert.equal(record.get('curStatus')?.toString(), 'fault');
    assert.equal(record.get('writeVal')?.toString(), '55°C');
    await b.run(10_000); // events are saved with the next persist round
    const refused = await b.store.queryEvents({ device: TANK, kind: 'write-refused' });
    assert.equal(refused.length, 1, JSON.stringify(refused));
    const alarm = b.runtime.alarms.list().find((a) => a.key === setpoint);
    assert.equal(alarm?.state, 'active', 'an alarm while the device does not hold the command');
    // The device takes writes again: the next retry lands, the point is ok.
    assert.equal(
      (await a.runtime.writes.write({ key: enable, value: true, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    assert.ok(await b.settle(() => a.value(setpoint) === 55), 'sent again until taken');
    assert.ok(await b.settle(() => b.point(setpoint).status === 'ok' && b.point(setpoint).value === 55));
    assert.ok(b.runtime.alarms.list().find((a) => a.key === setpoint)?.clearedAt, 'the alarm cleared');
  });

  test('two writes in a row: the device gets the last one, and the point is never fault on the way', async () => {
    const setpoint = `${TANK}.temperature-setpoint`;
    const statuses: string[] = [];
    const unsubscribe = b.runtime.points.subscribe((change) => {
      if (change.entry.key === setpoint) statuses.push(change.status);
    });
    try {
      const writes = [61, 62].map((value) =>
        b.runtime.writes.write({ key: setpoint, value, who: 't', via: 't', role: 'admin' }),
      );
      assert.ok((await Promise.all(writes)).every((r) => r.ok));
      assert.ok(await b.settle(() => a.value(setpoint) === 62), 'the last value reached the device');
      assert.ok(await b.settle(() => b.point(setpoint).value === 62 && b.point(setpoint).status === 'ok'));
      await b.run(3000);
      assert.equal(a.value(setpoint), 62);
      assert.ok(!statuses.includes('fault'), statuses.join(' '));
    } finally {
      unsubscribe();
    }
  });
});
