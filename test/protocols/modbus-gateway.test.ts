// Gateway mode against our own server: site A simulates the demo and serves it over Modbus TCP; site B has the
// same devices with `source: modbus` pointing at A, and must show A's values (as Modbus carries them), pass
// its writes on to A, and survive A going away and coming back. B runs on a virtual clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import { modbusDriverFor } from '../../src/protocols/modbus/gateway/modbus-device.js';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import { decodeValue, encodeValue } from '../../src/protocols/modbus/register-codec.js';
import { startModbusServer } from '../../src/protocols/modbus/server.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';

let a: DemoModbus;
let restarted: Awaited<ReturnType<typeof startModbusServer>> | null = null;
let b: Runtime;
let site: Site;
/** Site B's clock: virtual, moved on by `until`. */
const clock = new VirtualClock(T0);

/** Moves B's clock on 100 ms at a time (letting its polls reach A) until `check` holds (bounded). */
async function until(check: () => boolean, tries = 300): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    clock.advance(100);
    await new Promise((r) => setTimeout(r, 5));
  }
  return check();
}

/** A's value as Modbus carries it (float32 rounding, whole seconds, text cut to its registers). */
function carried(key: string): Value | null {
  const entry = a.runtime.points.entry(a.runtime.points.indexOf(key) as number);
  const value = a.value(key);
  const { point } = entry;
  const slot = modbusAddressOf(point);
  if (slot.table === 'coil' || slot.table === 'discrete') return value === true || value === 1;
  const registers = new Uint16Array(slot.count);
  encodeValue(point, slot, value, 'high-first', registers, 0);
  const decoded = decodeValue(point, slot, registers, 0, 'high-first');
  return decoded.ok ? decoded.value : null;
}

const bValue = (key: string) => b.points.read(b.points.indexOf(key) as number);
const keys = () =>
  site.devices.flatMap((d) =>
    d.profile.points.filter((p) => p.type !== 'action').map((p) => `${d.id}.${p.id}`),
  );

before(async () => {
  a = await demoModbus();
  site = {
    ...a.site,
    devices: a.site.devices
      .filter((d) => d.numbers.modbus != null)
      .map((d) => ({
        ...d,
        source: {
          kind: 'modbus' as const,
          settings: {
            host: '127.0.0.1',
            port: a.port,
            unit: d.numbers.modbus as number,
            wordOrder: 'high-first' as const,
            timeoutMs: 500,
            pollMs: 100,
          },
        },
      })),
  };
  b = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock,
    seed: 2,
    driverFor: modbusDriverFor,
  });
  b.start();
});
after(async () => {
  await b?.stop();
  await a?.close();
  await restarted?.close(); // the server started again by the last test (a.close closes the first one)
});

describe('gateway mode against our own Modbus server', () => {
  test('site B shows every mapped value of site A, with status ok', async () => {
    const mismatches = () =>
      keys().filter((key) => {
        const got = bValue(key);
        return got.status !== 'ok' || JSON.stringify(got.value) !== JSON.stringify(carried(key));
      });
    await until(() => mismatches().length === 0);
    assert.deepEqual(mismatches(), []);
    assert.ok(keys().length > 200, `${keys().length} points compared`);
  });

  test('a write on B reaches A through Modbus and is confirmed by reading it back', async () => {
    const key = 'dhw-tank.temperature-setpoint';
    const result = await b.writes.write({
      key,
      value: 61,
      level: 16,
      who: 'test',
      role: 'admin',
      via: 'test',
    });
    assert.equal(result.ok, true);
    assert.ok(await until(() => a.value(key) === 61), 'A took the write');
    assert.equal(bValue(key).status, 'ok');
    const audit = await a.store.queryAudit({ key });
    assert.equal(audit[0]?.via, 'modbus');
    assert.equal(audit[0]?.level, 16);
  });

  test('A going away turns B down (Communication Status FAULT); A coming back recovers it', async () => {
    const comm = 'rainwater-tank.communication-status';
    const probe = 'rainwater-tank.level';
    assert.notEqual(b.points.indexOf(comm), undefined, 'the rainwater tank has a Communication Status');
    await a.server.close();
    assert.ok(await until(() => bValue(probe).status === 'down'), 'points down');
    assert.equal(bValue(comm).value, 'FAULT');
    restarted = await startModbusServer({
      services: a.runtime.services,
      host: '127.0.0.1',
      port: a.port,
    });
    assert.ok(await until(() => bValue(probe).status === 'ok', 300), 'points back');
    assert.ok(
      await until(() => bValue(comm).value === carried(comm)),
      'Communication Status from the device again',
    );
  });
});
