// The Modbus TCP server over real TCP on 127.0.0.1: every function code and every exception code, on the
// demo site (units: parking-server 1, ev-charger-1…4 2–5, rainwater-tank 6, fuel-tank 7, dhw-tank 8, pir 9–14).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { EXCEPTION, FC } from '../../src/protocols/modbus/constants.js';
import type { Request } from '../../src/protocols/modbus/requests.js';
import type { Response } from '../../src/protocols/modbus/responses.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';

const float = (high: number, low: number) => {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint16(0, high);
  view.setUint16(2, low);
  return view.getFloat32(0);
};
const floatRegs = (x: number) => {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  return [view.getUint16(0), view.getUint16(2)];
};

async function registers(
  client: ModbusTcpClient,
  unit: number,
  fc: 3 | 4,
  address: number,
  quantity: number,
) {
  const r = await client.request(unit, { fc, address, quantity });
  assert.equal(r.kind, 'registers', JSON.stringify(r));
  return [...(r as Extract<Response, { kind: 'registers' }>).registers];
}

async function bits(client: ModbusTcpClient, unit: number, fc: 1 | 2, address: number, quantity: number) {
  const r = await client.request(unit, { fc, address, quantity });
  assert.equal(r.kind, 'bits', JSON.stringify(r));
  return (r as Extract<Response, { kind: 'bits' }>).bits;
}

async function exceptionOf(client: ModbusTcpClient, unit: number, request: Request): Promise<number | null> {
  const r = await client.request(unit, request);
  return r.kind === 'exception' ? r.exception : null;
}

async function written(client: ModbusTcpClient, unit: number, request: Request) {
  const r = await client.request(unit, request);
  assert.equal(r.kind, 'written', JSON.stringify(r));
  return r;
}

describe('Modbus server: reads', () => {
  let demo: DemoModbus;
  let client: ModbusTcpClient;
  before(async () => {
    demo = await demoModbus();
    client = await demo.client();
  });
  after(() => demo.close());

  test('FC 3: float32 pair, scaled uint16, scaled int16 and an enum index of a charger', async () => {
    const unit = demo.unitOf('ev-charger-1');
    const [hi, lo, volts, amps, , , temp] = await registers(client, unit, 3, 0, 7);
    assert.equal(
      float(hi as number, lo as number),
      Math.fround(demo.value('ev-charger-1.active-power') as number),
    );
    assert.equal(volts, Math.round((demo.value('ev-charger-1.output-voltage') as number) * 100));
    assert.equal(amps, Math.round((demo.value('ev-charger-1.output-current') as number) * 100));
    const t = Math.round((demo.value('ev-charger-1.charger-temperature') as number) * 100);
    assert.equal(temp, t < 0 ? t + 0x10000 : t);
    const [status] = await registers(client, unit, 3, 200, 1);
    const words = demo.site.devices[1]?.profile.points.find((p) => p.id === 'charger-status')?.enum ?? [];
    assert.equal(words[status as number], demo.value('ev-charger-1.charger-status'));
  });

  test('FC 4: uint32 volume, float32 run of a level sensor', async () => {
    const unit = demo.unitOf('rainwater-tank');
    const [level, , volHi, volLo] = await registers(client, unit, 4, 0, 4);
    assert.equal(level, Math.round((demo.value('rainwater-tank.level') as number) * 100));
    assert.equal(
      (volHi as number) * 65_536 + (volLo as number),
      Math.round(demo.value('rainwater-tank.volume') as number),
    );
    const run = await registers(client, unit, 4, 500, 6);
    assert.equal(
      float(run[4] as number, run[5] as number),
      Math.fround(demo.value('rainwater-tank.operating-hours') as number),
    );
  });

  test('FC 4: a date-time is uint32 epoch seconds; text is ASCII two bytes a register', async () => {
    const [hi, lo] = await registers(client, 1, 4, 522, 2);
    const backup = Date.parse(demo.value('parking-server.last-backup-time') as string);
    assert.equal((hi as number) * 65_536 + (lo as number), Math.floor(backup / 1000));
    const text = await registers(client, demo.unitOf('ev-charger-2'), 4, 511, 16);
    const chars = text.flatMap((r) => [r >> 8, r & 0xff]).filter((c) => c !== 0);
    assert.equal(String.fromCharCode(...chars), demo.value('ev-charger-2.fault-code'));
  });

  test('FC 1 and FC 2: coils and discrete inputs', async () => {
    const coils = await bits(client, 1, 1, 0, 2);
    assert.deepEqual(coils, [
      demo.value('parking-server.system-enable'),
      demo.value('parking-server.emergency-mode'),
    ]);
    const inputs = await bits(client, demo.unitOf('fuel-tank'), 2, 0, 2);
    assert.deepEqual(inputs, [
      demo.value('fuel-tank.high-level-alarm'),
      demo.value('fuel-tank.low-level-alarm'),
    ]);
  });

  test('02: an unmapped address, a block running into a gap, half of a 32-bit value', async () => {
    const unit = demo.unitOf('ev-charger-1');
    assert.equal(
      await exceptionOf(client, unit, { fc: 3, address: 50, quantity: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 3, address: 0, quantity: 8 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 3, address: 1, quantity: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 3, address: 0, quantity: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 4, address: 501, quantity: 2 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 1, address: 1, quantity: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 2, address: 0, quantity: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 3, address: 65_535, quantity: 1 }),
      EXCEPTION.illegalDataAddress,
    );
  });

  test('part of a text may be read (its registers are independent)', async () => {
    const unit = demo.unitOf('ev-charger-2');
    const whole = await registers(client, unit, 4, 511, 16);
    assert.deepEqual(await registers(client, unit, 4, 515, 3), whole.slice(4, 7));
  });

  test('03: quantities outside 1–125 registers and 1–2000 bits', async () => {
    assert.equal(
      await exceptionOf(client, 2, { fc: 3, address: 0, quantity: 0 }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(
      await exceptionOf(client, 2, { fc: 4, address: 0, quantity: 126 }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(
      await exceptionOf(client, 2, { fc: 1, address: 0, quantity: 2001 }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(
      await exceptionOf(client, 2, { fc: 2, address: 0, quantity: 0 }),
      EXCEPTION.illegalDataValue,
    );
  });

  test('01: a function code that is not served, and an MEI type other than 14', async () => {
    for (const fc of [7, 8, 17, 20, 22, 23, 0x41]) {
      const answer = await client.send(2, Buffer.from([fc, 0, 0, 0, 1]));
      assert.deepEqual([...answer], [fc | 0x80, EXCEPTION.illegalFunction]);
    }
    assert.deepEqual(
      [...(await client.send(2, Buffer.from([43, 13, 1, 0])))],
      [0xab, EXCEPTION.illegalFunction],
    );
  });

  test('0B: a unit id no device has', async () => {
    for (const unit of [0, 15, 200, 255])
      assert.equal(
        await exceptionOf(client, unit, { fc: 3, address: 0, quantity: 1 }),
        EXCEPTION.gatewayTargetFailedToRespond,
      );
  });

  test('FC 43/14: vendor, product code and name from the profile, version, device name', async () => {
    const unit = demo.unitOf('dhw-tank');
    const r = await client.request(unit, { fc: FC.encapsulatedInterface, mei: 14, code: 2, objectId: 0 });
    assert.ok(r.kind === 'device-id');
    assert.equal(r.objects.get(0), 'Pointyard');
    assert.equal(r.objects.get(1), 'dhw-tank');
    assert.match(r.objects.get(2) ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(r.objects.get(4), 'DHW Tank');
    assert.equal(r.objects.get(6), 'Staff Rooms Hot Water');
    const one = await client.request(unit, { fc: 43, mei: 14, code: 4, objectId: 0x80 });
    assert.ok(one.kind === 'device-id' && one.objects.get(0x80) === 'dhw-tank');
    assert.equal(
      await exceptionOf(client, unit, { fc: 43, mei: 14, code: 4, objectId: 0x42 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.deepEqual(
      [...(await client.send(unit, Buffer.from([43, 14, 9, 0])))],
      [0xab, EXCEPTION.illegalDataValue],
    );
  });
});

describe('Modbus server: writes', () => {
  let demo: DemoModbus;
  let client: ModbusTcpClient;
  before(async () => {
    demo = await demoModbus();
    client = await demo.client();
  });
  after(() => demo.close());

  test('FC 6: a scaled setpoint, written at priority 16 and audited as modbus with the remote address', async () => {
    const unit = demo.unitOf('ev-charger-1');
    await written(client, unit, { fc: 6, address: 100, value: 1600 });
    assert.equal(demo.value('ev-charger-1.max-current-limit'), 16);
    assert.equal(demo.runtime.writes.priorityArray('ev-charger-1.max-current-limit')?.level, 16);
    const [audit] = await demo.store.queryAudit({ key: 'ev-charger-1.max-current-limit', limit: 1 });
    assert.equal(audit?.via, 'modbus');
    assert.match(audit?.remote ?? '', /^127\.0\.0\.1:\d+$/);
    assert.deepEqual(await registers(client, unit, 3, 100, 1), [1600]);
  });

  test('03: a value out of range, a bad enum index, a boolean that is not 0/1, a coil value that is not FF00/0000', async () => {
    const unit = demo.unitOf('ev-charger-2');
    const before = demo.value('ev-charger-2.max-current-limit');
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 100, value: 100 }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 100, value: 4000 }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(demo.value('ev-charger-2.max-current-limit'), before);
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 500, value: 2 }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 501, value: 7 }),
      EXCEPTION.illegalDataValue,
    );
    assert.deepEqual(
      [...(await client.send(unit, Buffer.from([5, 0, 0, 0x12, 0x34])))],
      [0x85, EXCEPTION.illegalDataValue],
    );
  });

  test('02: a read-only point, an input register, an unmapped register, half of a float', async () => {
    const unit = demo.unitOf('ev-charger-2');
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 200, value: 0 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 60, value: 0 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(await exceptionOf(client, 1, { fc: 6, address: 0, value: 0 }), EXCEPTION.illegalDataAddress);
    const tank = demo.unitOf('rainwater-tank');
    assert.equal(
      await exceptionOf(client, tank, { fc: 6, address: 500, value: 0x41a0 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await exceptionOf(client, tank, { fc: 16, address: 501, values: Uint16Array.from([0, 0]) }),
      EXCEPTION.illegalDataAddress,
    );
  });

  test('FC 5 and FC 15: coils', async () => {
    const unit = demo.unitOf('ev-charger-3');
    await written(client, unit, { fc: 5, address: 0, value: false });
    assert.equal(demo.value('ev-charger-3.charge-enable'), false);
    await written(client, unit, { fc: 5, address: 0, value: true });
    assert.equal(demo.value('ev-charger-3.charge-enable'), true);
    const w = await written(client, 1, { fc: 15, address: 0, values: [true, true] });
    assert.equal(w.value, 2);
    assert.equal(demo.value('parking-server.emergency-mode'), true);
    await written(client, 1, { fc: 15, address: 1, values: [false] });
    assert.equal(demo.value('parking-server.emergency-mode'), false);
    assert.equal(
      await exceptionOf(client, 1, { fc: 15, address: 0, values: [true, true, true] }),
      EXCEPTION.illegalDataAddress,
    );
    // 9 coils announced with one byte of data.
    assert.deepEqual(
      [...(await client.send(1, Buffer.from([15, 0, 0, 0, 9, 1, 0xff])))],
      [0x8f, EXCEPTION.illegalDataValue],
    );
  });

  test('FC 16: several points at once, a float pair, a text', async () => {
    const unit = demo.unitOf('ev-charger-4');
    await written(client, unit, { fc: 16, address: 500, values: Uint16Array.from([1, 1, 0]) });
    assert.equal(demo.value('ev-charger-4.charge-mode'), 'NORMAL');
    assert.equal(demo.value('ev-charger-4.connector-lock'), true);
    assert.equal(demo.value('ev-charger-4.load-management-enable'), false);
    const tank = demo.unitOf('fuel-tank');
    await written(client, tank, {
      fc: 16,
      address: 500,
      values: Uint16Array.from([...floatRegs(12.5), ...floatRegs(-3.25)]),
    });
    assert.equal(demo.value('fuel-tank.low-level-threshold'), 12.5);
    assert.equal(demo.value('fuel-tank.calibration-offset'), -3.25);
    const text = (word: string) =>
      Uint16Array.from(
        { length: 16 },
        (_, i) => ((word.charCodeAt(2 * i) || 0) << 8) | (word.charCodeAt(2 * i + 1) || 0),
      );
    await written(client, 1, { fc: 16, address: 500, values: text('reduced') });
    assert.equal(demo.value('parking-server.tariff-profile'), 'reduced');
    // The parking server takes the names of its tariff profiles only (the write path's refusal: 03).
    assert.equal(
      await exceptionOf(client, 1, { fc: 16, address: 500, values: text('AB') }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(demo.value('parking-server.tariff-profile'), 'reduced');
    assert.equal(
      await exceptionOf(client, 1, { fc: 16, address: 500, values: text('standard').subarray(0, 8) }),
      EXCEPTION.illegalDataAddress,
    );
  });

  test('FC 16 is all or nothing: one bad value and no point changes', async () => {
    const tank = demo.unitOf('rainwater-tank');
    const low = demo.value('rainwater-tank.low-level-threshold');
    const offset = demo.value('rainwater-tank.calibration-offset');
    const bad = Uint16Array.from([...floatRegs(low === 10 ? 11 : 10), ...floatRegs(500)]);
    assert.equal(
      await exceptionOf(client, tank, { fc: 16, address: 500, values: bad }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(demo.value('rainwater-tank.low-level-threshold'), low);
    assert.equal(demo.value('rainwater-tank.calibration-offset'), offset);
    const charger = demo.unitOf('ev-charger-1');
    const mode = demo.value('ev-charger-1.charge-mode');
    assert.equal(
      await exceptionOf(client, charger, { fc: 16, address: 500, values: Uint16Array.from([1, 0, 0, 3]) }),
      EXCEPTION.illegalDataValue,
    );
    assert.equal(demo.value('ev-charger-1.charge-mode'), mode);
  });

  test('03: FC 16 quantities outside 1–123 and a byte count that disagrees', async () => {
    // 124 registers do not fit a frame (a 254-byte PDU closes the connection): the header says 124, no data.
    assert.deepEqual([...(await client.send(2, Buffer.from([16, 0, 0, 0, 124, 248])))], [0x90, 3]);
    assert.deepEqual([...(await client.send(2, Buffer.from([16, 0, 0, 0, 0, 0])))], [0x90, 3]);
    assert.deepEqual([...(await client.send(2, Buffer.from([16, 0, 100, 0, 1, 4, 0, 1, 0, 2])))], [0x90, 3]);
  });

  test('momentary actions: 1 (or FF00) runs the action, 0 runs nothing, and it reads back 0', async () => {
    const unit = demo.unitOf('fuel-tank');
    const key = 'fuel-tank.reset-min-max';
    const runs = async () => (await demo.store.queryAudit({ key })).filter((a) => a.action === 'run').length;
    await written(client, unit, { fc: 6, address: 504, value: 0 });
    assert.equal(await runs(), 0);
    await written(client, unit, { fc: 6, address: 504, value: 1 });
    assert.equal(await runs(), 1);
    assert.deepEqual(await registers(client, unit, 3, 504, 1), [0]);
    assert.equal(
      await exceptionOf(client, unit, { fc: 6, address: 504, value: 2 }),
      EXCEPTION.illegalDataValue,
    );
  });

  test('04: the store fails to commit, or the site is disabled (System Enable off)', async () => {
    const { store } = demo;
    const commit = store.commitWrites.bind(store);
    store.commitWrites = () => Promise.reject(new Error('disk full'));
    try {
      const before = demo.value('ev-charger-1.connector-lock');
      assert.equal(
        await exceptionOf(client, 2, { fc: 6, address: 501, value: before ? 0 : 1 }),
        EXCEPTION.serverDeviceFailure,
      );
      assert.equal(demo.value('ev-charger-1.connector-lock'), before);
    } finally {
      store.commitWrites = commit;
    }
    await written(client, 1, { fc: 5, address: 0, value: false });
    try {
      assert.equal(
        await exceptionOf(client, 2, { fc: 6, address: 501, value: 1 }),
        EXCEPTION.serverDeviceFailure,
      );
    } finally {
      await written(client, 1, { fc: 5, address: 0, value: true });
    }
  });

  test('System Enable and another coil in one FC 15: the other is checked as the site is now', async () => {
    await written(client, 1, { fc: 15, address: 0, values: [false, true] });
    assert.equal(demo.value('parking-server.system-enable'), false);
    assert.equal(demo.value('parking-server.emergency-mode'), true);
    assert.equal(
      await exceptionOf(client, 1, { fc: 15, address: 0, values: [true, false] }),
      EXCEPTION.serverDeviceFailure,
    );
    await written(client, 1, { fc: 5, address: 0, value: true });
    await written(client, 1, { fc: 5, address: 1, value: false });
  });
});

describe('Modbus server: options', () => {
  test('read-only: every write function is exception 01; reads work', async () => {
    const demo = await demoModbus({ readOnly: true });
    try {
      const client = await demo.client();
      assert.equal(
        await exceptionOf(client, 2, { fc: 6, address: 100, value: 1600 }),
        EXCEPTION.illegalFunction,
      );
      assert.equal(
        await exceptionOf(client, 2, { fc: 5, address: 0, value: true }),
        EXCEPTION.illegalFunction,
      );
      assert.equal(
        await exceptionOf(client, 1, { fc: 15, address: 0, values: [true] }),
        EXCEPTION.illegalFunction,
      );
      assert.equal(
        await exceptionOf(client, 2, { fc: 16, address: 100, values: Uint16Array.of(1600) }),
        EXCEPTION.illegalFunction,
      );
      assert.equal((await registers(client, 2, 3, 100, 1)).length, 1);
    } finally {
      await demo.close();
    }
  });

  test('priority, word order per device, zero-filled gaps per device', async () => {
    const demo = await demoModbus({
      priority: 12,
      devices: { 'rainwater-tank': { wordOrder: 'low-first', zeroGaps: true } },
    });
    try {
      const client = await demo.client();
      await written(client, 2, { fc: 6, address: 100, value: 2000 });
      const array = demo.runtime.writes.priorityArray('ev-charger-1.max-current-limit');
      assert.equal(array?.level, 12);
      assert.equal(array?.array.values[11], 20);
      const tank = demo.unitOf('rainwater-tank');
      const [lo, hi] = await registers(client, tank, 4, 502, 2);
      assert.equal(
        float(hi as number, lo as number),
        Math.fround(demo.value('rainwater-tank.sensor-temperature') as number),
      );
      const block = await registers(client, tank, 4, 0, 10);
      assert.deepEqual(block.slice(4), [0, 0, 0, 0, 0, 0]);
      assert.equal(
        await exceptionOf(client, tank, { fc: 4, address: 508, quantity: 1 }),
        EXCEPTION.illegalDataAddress,
      );
      // Another device keeps the defaults: high word first, gaps refused.
      const fuel = demo.unitOf('fuel-tank');
      const [h2, l2] = await registers(client, fuel, 4, 502, 2);
      assert.equal(
        float(h2 as number, l2 as number),
        Math.fround(demo.value('fuel-tank.sensor-temperature') as number),
      );
      assert.equal(
        await exceptionOf(client, fuel, { fc: 4, address: 0, quantity: 10 }),
        EXCEPTION.illegalDataAddress,
      );
    } finally {
      await demo.close();
    }
  });
});

describe('Modbus server: logging', () => {
  test('a refused write is logged at debug, not info (a fuzzing master would flood the log)', async () => {
    const lines: Array<{ level: string; msg: string | undefined }> = [];
    const at = (level: string) => (_obj: object | string, msg?: string) => lines.push({ level, msg });
    const demo = await demoModbus({
      log: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') },
    });
    try {
      const client = await demo.client();
      for (let i = 0; i < 20; i++) {
        const answer = await client.request(2, { fc: 6, address: 100, value: 9999 }); // 99.99 A: out of range
        assert.deepEqual(answer, { kind: 'exception', fc: 6, exception: EXCEPTION.illegalDataValue });
      }
      const refused = lines.filter((l) => l.msg === 'modbus write refused');
      assert.equal(refused.length, 20);
      assert.ok(refused.every((l) => l.level === 'debug'));
    } finally {
      await demo.close();
    }
  });
});
