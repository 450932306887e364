// Interop: gateway mode reading a device played by pymodbus 3.0 (Debian's python3-pymodbus, which no one here
// wrote). The device's tables hold a DHW tank's values encoded as its points list says; Pointyard must read
// each one back, and a write on Pointyard must land in pymodbus's registers, encoded as the list says.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { builtinProfiles } from '../../src/points/load.js';
import type { Profile } from '../../src/points/model.js';
import { modbusDriverFor } from '../../src/protocols/modbus/gateway/modbus-device.js';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { skipWithoutPymodbus, startPymodbusDevice } from './pymodbus.js';

const profile = builtinProfiles(PROTOCOLS)
  .map((l) => l.profile as Profile)
  .find((p) => p.id === 'dhw-tank') as Profile;
const point = (id: string) => profile.points.find((p) => p.id === id);
const UNIT = 7;

// Registers of known values, written by hand from the points-list rules (float32: IEEE 754, high word first).
const float32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(n);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
};
const given: Record<string, { value: number; registers: number[] }> = {};
for (const p of profile.points) {
  const { encoding, table } = modbusAddressOf(p);
  if (encoding !== 'float32' || (table !== 'holding' && table !== 'input')) continue;
  const value = Math.round(((p.min ?? 0) + (p.max ?? 100)) / 2 + 0.25); // inside the point's range
  given[p.id] = { value, registers: float32(value) };
}

let device: ChildProcessWithoutNullStreams;
let writes: Array<{ table: string; address: number; values: number[] }> = [];
let runtime: Runtime;

/** The gateway's clock: virtual, moved on 100 ms at a time by `until` (letting each poll reach pymodbus). */
const clock = new VirtualClock(T0);

/** Waits (bounded) until `check` holds, moving the gateway's clock on between looks. */
async function until(check: () => boolean, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries && !check(); i++) {
    clock.advance(100);
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

describe('gateway mode reading a pymodbus device', { skip: skipWithoutPymodbus }, () => {
  before(async () => {
    const tables: Record<string, Record<string, number>> = { holding: {}, input: {} };
    for (const [id, { registers }] of Object.entries(given)) {
      const { table, address } = (() => {
        const p = point(id);
        return p ? modbusAddressOf(p) : { table: 'holding', address: 0 };
      })();
      registers.forEach((r, i) => {
        (tables[table] as Record<string, number>)[String(address + i)] = r;
      });
    }
    const size =
      Math.max(...profile.points.map((p) => modbusAddressOf(p).address + modbusAddressOf(p).count)) + 1;
    const started = await startPymodbusDevice(
      { unit: UNIT, size, ...tables },
      {
        push: (write) => writes.push(write),
      },
    );
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
              unit: UNIT,
              wordOrder: 'high-first',
              timeoutMs: 1000,
              pollMs: 100,
            },
          },
          numbers: { modbus: 1, bacnet: 1 },
          faults: [],
        },
      ],
      server: {},
      store: { engine: 'sqlite', path: null },
      file: null,
    };
    runtime = await Runtime.open({
      site,
      store: new MemoryStore(),
      clock,
      seed: 1,
      driverFor: modbusDriverFor,
    });
    runtime.start();
  });
  after(async () => {
    await runtime?.stop();
    device?.kill();
  });

  const read = (id: string) => runtime.points.read(runtime.points.indexOf(`tank.${id}`) as number);

  test('every float the device holds is read as the points list encodes it', async () => {
    const wrong = () =>
      Object.entries(given).filter(([id, g]) => read(id).value !== g.value || read(id).status !== 'ok');
    await until(() => wrong().length === 0);
    assert.deepEqual(wrong(), []);
    assert.ok(Object.keys(given).length >= 5, `${Object.keys(given).length} floats`);
  });

  test('a write lands in the device encoded as the points list says, and is confirmed', async () => {
    const setpoint = point('temperature-setpoint');
    assert.ok(
      setpoint && modbusAddressOf(setpoint).table === 'holding',
      'the setpoint is a holding register',
    );
    writes = [];
    const result = await runtime.writes.write({
      key: 'tank.temperature-setpoint',
      value: 58.5,
      level: 16,
      who: 'test',
      role: 'admin',
      via: 'test',
    });
    assert.equal(result.ok, true);
    assert.ok(await until(() => writes.length > 0), 'pymodbus saw a write');
    const { encoding, scale, address } = modbusAddressOf(setpoint);
    // By the list: a float32 pair, or a 16-bit register scaled (58.5 °C × 100 = 5850).
    assert.ok(['float32', 'uint16', 'int16'].includes(encoding), `${encoding} handled by this test`);
    const expected = encoding === 'float32' ? float32(58.5) : [Math.round(58.5 * scale) & 0xffff];
    assert.deepEqual(writes[0], { table: 'holding', address, values: expected });
    assert.ok(
      await until(
        () => read('temperature-setpoint').value === 58.5 && read('temperature-setpoint').status === 'ok',
      ),
    );
  });
});
