import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PointType } from '../../points/model.js';
import { assignModbus, encodingAt, formatReference, parseModbusReference, scaleFor16 } from './modbus-map.js';

describe('parseModbusReference', () => {
  test('holding register 40001 is address 0', () =>
    assert.deepEqual(parseModbusReference('40001'), {
      ok: true,
      table: 'holding',
      address: 0,
      count: 1,
      hint: null,
    }));
  test('coil 00001 is address 0', () =>
    assert.deepEqual(parseModbusReference('00001'), {
      ok: true,
      table: 'coil',
      address: 0,
      count: 1,
      hint: null,
    }));
  test('discrete input and input register', () => {
    assert.deepEqual(parseModbusReference('10002'), {
      ok: true,
      table: 'discrete',
      address: 1,
      count: 1,
      hint: null,
    });
    assert.deepEqual(parseModbusReference('30003-30004'), {
      ok: true,
      table: 'input',
      address: 2,
      count: 2,
      hint: null,
    });
  });
  test('a float pair', () =>
    assert.deepEqual(parseModbusReference('40001-40002 (Float)'), {
      ok: true,
      table: 'holding',
      address: 0,
      count: 2,
      hint: 'float32',
    }));
  test('six-digit references reach the whole table', () =>
    assert.deepEqual(parseModbusReference('465536'), {
      ok: true,
      table: 'holding',
      address: 65535,
      count: 1,
      hint: null,
    }));
  for (const bad of [
    '20001',
    '40000',
    'abc',
    '4001',
    '40002-40001',
    '30001-40002',
    '40001 (Double)',
    '465537',
  ]) {
    test(`rejects '${bad}'`, () => assert.equal(parseModbusReference(bad).ok, false));
  }
});

describe('formatReference', () => {
  test('five digits while they reach, six beyond', () => {
    assert.equal(formatReference('coil', 0), '00001');
    assert.equal(formatReference('input', 500), '30501');
    assert.equal(formatReference('holding', 9998), '49999');
    assert.equal(formatReference('holding', 9999), '410000');
  });
});

describe('scaleFor16', () => {
  test('the largest of 100, 10, 1 that fits', () => {
    assert.equal(scaleFor16(0, 100, false), 100);
    assert.equal(scaleFor16(220, 400, false), 100);
    assert.equal(scaleFor16(0, 1000, false), 10);
    assert.equal(scaleFor16(0, 10000, false), 1);
    assert.equal(scaleFor16(-25, 50, true), 100);
    assert.equal(scaleFor16(-1000, 1000, true), 10);
    assert.equal(scaleFor16(0, 999999, false), null);
  });
});

describe('encodingAt', () => {
  const ref = (text: string) => {
    const r = parseModbusReference(text);
    assert.ok(r.ok);
    return r;
  };
  const point = (type: PointType, min: number | null = null, max: number | null = null) => ({
    type,
    min,
    max,
    enum: null,
  });
  test('scaled unsigned and signed 16-bit', () => {
    assert.deepEqual(encodingAt(point('number', 0, 32), ref('40004')), {
      ok: true,
      encoding: 'uint16',
      scale: 100,
    });
    assert.deepEqual(encodingAt(point('number', -25, 50), ref('40007')), {
      ok: true,
      encoding: 'int16',
      scale: 100,
    });
  });
  test('32-bit pairs', () => {
    assert.deepEqual(encodingAt(point('number', 0, 100000), ref('30003-30004')), {
      ok: true,
      encoding: 'uint32',
      scale: 1,
    });
    assert.deepEqual(encodingAt(point('number', -5, 5), ref('30003-30004')), {
      ok: true,
      encoding: 'int32',
      scale: 1,
    });
    assert.deepEqual(encodingAt(point('number', 0, 22), ref('40001-40002 (Float)')), {
      ok: true,
      encoding: 'float32',
      scale: 1,
    });
  });
  test('booleans, enums, date-times and text', () => {
    assert.deepEqual(encodingAt(point('bool'), ref('00001')), { ok: true, encoding: 'bool', scale: 1 });
    assert.deepEqual(encodingAt(point('action'), ref('40010')), { ok: true, encoding: 'bool', scale: 1 });
    assert.deepEqual(encodingAt(point('enum'), ref('40001')), { ok: true, encoding: 'enum', scale: 1 });
    assert.deepEqual(encodingAt(point('datetime'), ref('30010-30011')), {
      ok: true,
      encoding: 'datetime',
      scale: 1,
    });
    assert.deepEqual(encodingAt(point('string'), ref('30020-30027')), {
      ok: true,
      encoding: 'string',
      scale: 1,
    });
  });
  test('what no register can hold', () => {
    assert.equal(encodingAt(point('number', 0, 10), ref('00001')).ok, false, 'number on a coil');
    assert.equal(encodingAt(point('enum'), ref('10001')).ok, false, 'enum on a discrete input');
    assert.equal(
      encodingAt(point('number', 0, 999999), ref('40001')).ok,
      false,
      'range too wide for 16 bits',
    );
    assert.equal(encodingAt(point('number'), ref('40001')).ok, false, 'no range to scale');
    assert.equal(encodingAt(point('number', 0, 1), ref('40001-40003')).ok, false, 'three registers');
    assert.equal(encodingAt(point('enum'), ref('40001-40002')).ok, false, 'enum on two registers');
    assert.equal(encodingAt(point('number', -1, 1e10), ref('40001-40002')).ok, false, 'beyond int32');
  });
});

describe('assignModbus', () => {
  const explicit = (text: string, encoding: 'bool' | 'enum' | 'uint16' | 'float32') => {
    const r = parseModbusReference(text);
    assert.ok(r.ok);
    return { ...r, encoding, scale: 1 };
  };
  test('read-only from 30501, writable from 40501, sized by type, in list order', () => {
    const got = assignModbus([
      { type: 'number', writable: false, explicit: null },
      { type: 'bool', writable: false, explicit: null },
      { type: 'string', writable: true, explicit: null },
      { type: 'enum', writable: true, explicit: null },
      { type: 'datetime', writable: false, explicit: null },
    ]);
    assert.deepEqual(
      got.map((m) => [m?.reference, m?.count, m?.encoding]),
      [
        ['30501', 2, 'float32'],
        ['30503', 1, 'bool'],
        ['40501', 16, 'string'],
        ['40517', 1, 'enum'],
        ['30504', 2, 'datetime'],
      ],
    );
  });
  test('skips explicit addresses in the automatic range', () => {
    const got = assignModbus([
      { type: 'number', writable: false, explicit: null },
      { type: 'enum', writable: false, explicit: explicit('30503', 'enum') },
      { type: 'number', writable: false, explicit: null },
      { type: 'number', writable: false, explicit: explicit('30506-30507 (Float)', 'float32') },
      { type: 'number', writable: false, explicit: null },
    ]);
    assert.deepEqual(
      got.map((m) => [m?.reference, m?.auto]),
      [
        ['30501', true],
        ['30503', false],
        ['30504', true],
        ['30506', false],
        ['30508', true],
      ],
    );
  });
  test('no two points share a register', () => {
    const requests = Array.from({ length: 300 }, (_, i) => ({
      type: (['number', 'bool', 'enum', 'string', 'datetime'] as PointType[])[i % 5] as PointType,
      writable: i % 3 === 0,
      explicit: null,
    }));
    const used = new Set<string>();
    for (const m of assignModbus(requests)) {
      assert.ok(m);
      for (let a = m.address; a < m.address + m.count; a++) {
        const key = `${m.table}:${a}`;
        assert.ok(!used.has(key), `${key} used twice`);
        used.add(key);
      }
    }
  });
  test('null when a table is full', () => {
    const full = assignModbus([
      { type: 'string', writable: true, explicit: { ...explicit('40501', 'uint16'), count: 65_536 - 500 } },
      { type: 'bool', writable: true, explicit: null },
    ]);
    assert.equal(full[1], null);
  });
});
