// Interop: pymodbus 3.0 (Debian's python3-pymodbus, which no one here wrote) as the Modbus master of the
// demo site: every mapped point of every device read and decoded by pymodbus and checked against the point
// store, writes within and outside range, every exception code, FC 43/14.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import { VERSION } from '../../src/version.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';
import { everyMappedPoint, expectedReading, type PointRead, sameFloat } from './modbus-points.js';
import { PYMODBUS_VERSION, PYTHON, skipWithoutPymodbus } from './pymodbus.js';

const SCRIPT = 'test/interop/pymodbus-master.py';

type Op = Record<string, unknown> & { op: string };
type Result = {
  value?: unknown;
  exception?: number;
  written?: boolean;
  conformity?: number;
  more_follows?: number;
};

/** Runs `ops` in one pymodbus master process (asynchronously: the server answers from this process). */
function pymodbus(port: number, ops: Op[]): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`pymodbus master exited ${code}: ${err}${out}`));
      resolve(JSON.parse(out) as Result[]);
    });
    child.stdin.end(JSON.stringify(ops));
  });
}

const DECODE: Record<PointRead['kind'], string> = {
  bit: 'bits',
  float32: 'float32',
  uint32: 'uint32',
  int32: 'int32',
  datetime: 'uint32',
  uint16: 'uint16',
  int16: 'int16',
  enum: 'uint16',
  bool: 'uint16',
  string: 'string',
};

function readOp(read: PointRead): Op {
  return {
    op: 'read',
    fc: read.fc,
    unit: read.unit,
    address: read.address,
    count: read.count,
    decode: DECODE[read.kind],
  };
}

describe('pymodbus master', { skip: skipWithoutPymodbus }, () => {
  let demo: DemoModbus;
  before(async () => {
    demo = await demoModbus({ devices: { 'fuel-tank': { wordOrder: 'low-first' } } });
  });
  after(() => demo.close());

  test(`reads every mapped point of every demo device (pymodbus ${PYMODBUS_VERSION})`, async () => {
    const reads = everyMappedPoint(demo.site).filter((r) => r.device.id !== 'fuel-tank');
    assert.ok(reads.length > 200);
    const results = await pymodbus(demo.port, reads.map(readOp));
    const kinds = new Set<string>();
    reads.forEach((read, i) => {
      const got = results[i]?.value;
      const want = expectedReading(read, demo.value(read.key));
      kinds.add(`${read.fc}:${read.kind}`);
      const what = `${read.key} (${modbusAddressOf(read.point).reference}, ${read.kind}): got ${JSON.stringify(results[i])}, want ${want}`;
      if (read.kind === 'bit') assert.deepEqual(got, [want], what);
      else if (read.kind === 'float32') assert.ok(sameFloat(got as number, want as number, 7), what);
      else assert.equal(got, want, what);
    });
    // Floats, scaled values, enums, coils and discrete inputs were all among them.
    for (const kind of [
      '1:bit',
      '2:bit',
      '3:float32',
      '4:float32',
      '3:uint16',
      '4:uint16',
      '3:int16',
      '4:enum',
      '4:uint32',
      '4:datetime',
      '4:string',
    ])
      assert.ok(kinds.has(kind), `no ${kind} read`);
  });

  test('a device with low-word-first order, decoded as such by pymodbus', async () => {
    const reads = everyMappedPoint(demo.site).filter((r) => r.device.id === 'fuel-tank');
    const results = await pymodbus(
      demo.port,
      reads.map((r) => ({ ...readOp(r), wordorder: 'low-first' })),
    );
    reads.forEach((read, i) => {
      const want = expectedReading(read, demo.value(read.key));
      const got = results[i]?.value;
      if (read.kind === 'float32')
        assert.ok(sameFloat(got as number, want as number, 7), `${read.key}: ${got} ≠ ${want}`);
      else if (read.kind === 'bit') assert.deepEqual(got, [want]);
      else assert.equal(got, want, read.key);
    });
  });

  test('block reads across several points', async () => {
    const [charger, tank] = await pymodbus(demo.port, [
      { op: 'read', fc: 3, unit: 2, address: 0, count: 7 },
      { op: 'read', fc: 4, unit: 6, address: 500, count: 8 },
    ]);
    assert.equal((charger?.value as number[]).length, 7);
    assert.equal((tank?.value as number[]).length, 8);
  });

  test('writes within range, read back by pymodbus and seen in the point store', async () => {
    const results = await pymodbus(demo.port, [
      { op: 'write_register', unit: 3, address: 100, value: 1850 },
      { op: 'read', fc: 3, unit: 3, address: 100, count: 1, decode: 'uint16' },
      { op: 'write_float32', unit: 6, address: 500, value: 17.5 },
      { op: 'read', fc: 3, unit: 6, address: 500, count: 2, decode: 'float32' },
      { op: 'write_registers', unit: 3, address: 500, values: [1, 1, 0] },
      { op: 'write_coil', unit: 3, address: 0, value: false },
      { op: 'write_coils', unit: 1, address: 1, values: [true] },
      { op: 'read', fc: 1, unit: 1, address: 0, count: 2 },
      { op: 'write_coils', unit: 1, address: 1, values: [false] },
    ]);
    assert.deepEqual(results[0], { written: true });
    assert.equal(results[1]?.value, 1850);
    assert.equal(results[3]?.value, 17.5);
    assert.deepEqual(results[7]?.value, [true, true]);
    assert.equal(demo.value('ev-charger-2.max-current-limit'), 18.5);
    assert.equal(demo.value('rainwater-tank.low-level-threshold'), 17.5);
    assert.equal(demo.value('ev-charger-2.charge-mode'), 'NORMAL');
    assert.equal(demo.value('ev-charger-2.connector-lock'), true);
    assert.equal(demo.value('ev-charger-2.charge-enable'), false);
    assert.equal(demo.value('parking-server.emergency-mode'), false);
  });

  test('writes outside range and every exception code', async () => {
    const limit = demo.value('ev-charger-3.max-current-limit');
    const results = await pymodbus(demo.port, [
      { op: 'write_register', unit: 4, address: 100, value: 500 }, // 5 A < 6 A: 03
      { op: 'write_float32', unit: 6, address: 502, value: 250 }, // calibration offset > 100 mm: 03
      { op: 'write_register', unit: 4, address: 500, value: 9 }, // no 10th charge mode: 03
      { op: 'read', fc: 3, unit: 4, address: 0, count: 126 }, // quantity: 03
      { op: 'write_register', unit: 4, address: 0, value: 1 }, // a sensor: 02
      { op: 'read', fc: 3, unit: 4, address: 1, count: 1 }, // half of a float: 02
      { op: 'read', fc: 4, unit: 4, address: 4000, count: 1 }, // unmapped: 02
      { op: 'read', fc: 3, unit: 99, address: 0, count: 1 }, // no device: 0B
      { op: 'exception_status', unit: 4 }, // FC 7: 01
      { op: 'write_coil', unit: 1, address: 0, value: false }, // System Enable off…
      { op: 'write_register', unit: 4, address: 100, value: 1000 }, // …so the others: 04
      { op: 'write_coil', unit: 1, address: 0, value: true },
    ]);
    assert.deepEqual(
      results.map((r) => r.exception ?? null),
      [3, 3, 3, 3, 2, 2, 2, 0x0b, 1, null, 4, null],
    );
    assert.equal(demo.value('ev-charger-3.max-current-limit'), limit);
  });

  test('FC 43/14 read device identification: basic, regular, extended, one object', async () => {
    const [basic, regular, extended, one, missing] = await pymodbus(demo.port, [
      { op: 'device_id', unit: 8, code: 1 },
      { op: 'device_id', unit: 8, code: 2 },
      { op: 'device_id', unit: 8, code: 3 },
      { op: 'device_id', unit: 8, code: 4, object_id: 6 },
      { op: 'device_id', unit: 8, code: 4, object_id: 0x42 },
    ]);
    assert.deepEqual(basic?.value, { 0: 'Pointyard', 1: 'dhw-tank', 2: VERSION });
    assert.equal((regular?.value as Record<string, string>)['4'], 'DHW Tank');
    assert.equal((regular?.value as Record<string, string>)['5'], 'Ballon eau chaude sanitaire');
    assert.equal((extended?.value as Record<string, string>)['128'], 'dhw-tank');
    assert.equal((extended?.value as Record<string, string>)['129'], 'Parc Confluence Sud');
    assert.deepEqual(one?.value, { 6: 'Staff Rooms Hot Water' });
    assert.equal(missing?.exception, 2);
    assert.equal(basic?.conformity, 0x83);
  });
});
