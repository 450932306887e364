// Interop, in virtual time: gateway mode against a device played by pymodbus (Debian's python3-pymodbus)
// that takes a setpoint write but keeps its own value, then goes away. The gateway keeps the point `fault`
// with an alarm and sends the value again at each poll until the device holds what was commanded; a
// device that is gone makes the gateway's own Modbus server answer exception 0B for it.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { builtinProfiles } from '../../src/points/load.js';
import type { Profile } from '../../src/points/model.js';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { EXCEPTION } from '../../src/protocols/modbus/constants.js';
import { modbusDriverFor } from '../../src/protocols/modbus/gateway/modbus-device.js';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import { type ModbusServer, startModbusServer } from '../../src/protocols/modbus/server.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { skipWithoutPymodbus, startPymodbusDevice } from './pymodbus.js';

const profile = builtinProfiles(PROTOCOLS)
  .map((l) => l.profile as Profile)
  .find((p) => p.id === 'dhw-tank') as Profile;
const SETPOINT = profile.points.find((p) => p.id === 'temperature-setpoint');
const DEVICE_UNIT = 7;
const GATEWAY_UNIT = 1;
const KEY = 'tank.temperature-setpoint';

describe('gateway mode, in virtual time, against a pymodbus device', { skip: skipWithoutPymodbus }, () => {
  let device: ChildProcessWithoutNullStreams;
  const writes: Array<{ table: string; address: number; values: number[] }> = [];
  let clock: VirtualClock;
  let runtime: Runtime;
  let server: ModbusServer;
  let client: ModbusTcpClient;

  /** Moves the gateway's clock on in steps until `check` holds (bounded); whether it does. */
  async function settle(check: () => boolean, stepMs = 200, tries = 300): Promise<boolean> {
    for (let i = 0; i < tries && !check(); i++) {
      clock.advance(stepMs);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return check();
  }
  /** Runs the gateway's clock `ms` on, a second at a time, letting each poll reach the device. */
  async function run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 1000) {
      clock.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const state = () => runtime.points.read(runtime.points.indexOf(KEY) as number);

  before(async () => {
    assert.ok(
      SETPOINT &&
        modbusAddressOf(SETPOINT).table === 'holding' &&
        modbusAddressOf(SETPOINT).encoding === 'uint16',
    );
    const { address, scale } = modbusAddressOf(SETPOINT);
    const size =
      Math.max(...profile.points.map((p) => modbusAddressOf(p).address + modbusAddressOf(p).count)) + 1;
    // The setpoint holds 55.00 °C and ignores writes.
    const spec = { unit: DEVICE_UNIT, size, holding: { [address]: 55 * scale }, frozen: [address] };
    const started = await startPymodbusDevice(spec, writes);
    device = started.device;
    const { port } = started;
    const site: Site = {
      site: { id: 'gw', name: 'Gateway', tz: 'Europe/Paris', location: null },
      devices: [
        {
          id: 'tank',
          name: 'Tank',
          profileRef: profile.id,
          profile,
          parameters: {},
          source: {
            kind: 'modbus',
            settings: {
              host: '127.0.0.1',
              port,
              unit: DEVICE_UNIT,
              wordOrder: 'high-first',
              timeoutMs: 2000,
              pollMs: 1000,
            },
          },
          numbers: { modbus: GATEWAY_UNIT, bacnet: 1 },
          faults: [],
        },
      ],
      server: {},
      store: { engine: 'sqlite', path: null },
      file: null,
    };
    clock = new VirtualClock(T0);
    runtime = await Runtime.open({
      site,
      store: new MemoryStore(),
      clock,
      seed: 1,
      driverFor: modbusDriverFor,
    });
    runtime.start();
    server = await startModbusServer({ services: runtime.services, host: '127.0.0.1', port: 0 });
    client = await ModbusTcpClient.connect('127.0.0.1', server.port);
    assert.ok(await settle(() => state().status === 'ok' && state().value === 55), 'the setpoint read');
  });
  after(async () => {
    await client?.close();
    await server?.close();
    await runtime?.stop();
    device?.kill();
  });

  test('a write the device does not keep: fault and an alarm until it holds the value, sent at each poll', async () => {
    const { address, scale } = SETPOINT ? modbusAddressOf(SETPOINT) : { address: 0, scale: 1 };
    assert.equal(
      (await runtime.writes.write({ key: KEY, value: 60, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    assert.ok(await settle(() => state().status === 'fault'), 'fault');
    const sent = () => writes.filter((w) => w.address === address && w.values[0] === 60 * scale).length;
    assert.ok(await settle(() => sent() >= 3), `sent again at each poll (${sent()} times)`);
    assert.equal(state().status, 'fault');
    assert.equal(state().value, 55, 'curVal is what the device holds');
    assert.equal(runtime.writes.priorityArray(KEY)?.value, 60, 'writeVal what was commanded');
    assert.equal(runtime.alarms.list().find((a) => a.key === KEY)?.state, 'active');
    // Commanding what the device holds: they agree, the point is ok and the alarm clears.
    assert.equal(
      (await runtime.writes.write({ key: KEY, value: 55, who: 't', via: 't', role: 'admin' })).ok,
      true,
    );
    assert.ok(await settle(() => state().status === 'ok'), 'ok once they agree');
    const before = sent();
    await run(5000);
    assert.equal(sent(), before, 'no more retries');
    assert.ok(runtime.alarms.list().find((a) => a.key === KEY)?.clearedAt, 'the alarm cleared');
  });

  test('the device gone: its points down, and the gateway answers exception 0B for them', async () => {
    const answer = await client.request(GATEWAY_UNIT, {
      fc: 3,
      address: SETPOINT ? modbusAddressOf(SETPOINT).address : 0,
      quantity: 1,
    });
    assert.equal(answer.kind, 'registers', 'served while the device answers');
    device.kill();
    assert.ok(await settle(() => state().status === 'down'), 'down');
    const gone = await client.request(GATEWAY_UNIT, {
      fc: 3,
      address: SETPOINT ? modbusAddressOf(SETPOINT).address : 0,
      quantity: 1,
    });
    assert.deepEqual(gone, { kind: 'exception', fc: 3, exception: EXCEPTION.gatewayTargetFailedToRespond });
  });
});
