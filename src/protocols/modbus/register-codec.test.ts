import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ModbusEncoding } from './modbus-address.js';
import {
  type CodecPoint,
  decodeValue,
  encodeValue,
  isPair,
  type Slot,
  tidyFloat,
  UNKNOWN_ENUM,
  type WordOrder,
} from './register-codec.js';

const num: CodecPoint = { name: 'N', type: 'number', enum: null };
const slot = (encoding: ModbusEncoding, count = 1, scale = 1): Slot => ({ encoding, count, scale });
const encode = (
  point: CodecPoint,
  s: Slot,
  value: number | boolean | string,
  order: WordOrder = 'high-first',
) => {
  const out = new Uint16Array(s.count);
  encodeValue(point, s, value, order, out, 0);
  return [...out];
};
const decode = (point: CodecPoint, s: Slot, regs: number[], order: WordOrder = 'high-first') =>
  decodeValue(point, s, regs, 0, order);

describe('register codec: numbers', () => {
  test('float32 pairs, high word first by default, low word first when asked', () => {
    // 12.5 = 0x41480000
    assert.deepEqual(encode(num, slot('float32', 2), 12.5), [0x4148, 0x0000]);
    assert.deepEqual(encode(num, slot('float32', 2), 12.5, 'low-first'), [0x0000, 0x4148]);
    assert.deepEqual(decode(num, slot('float32', 2), [0x4148, 0]), { ok: true, value: 12.5 });
    assert.deepEqual(decode(num, slot('float32', 2), [0, 0x4148], 'low-first'), { ok: true, value: 12.5 });
  });

  test('a float32 reads as the shortest decimal of its float (0.1, not 0.10000000149)', () => {
    const regs = encode(num, slot('float32', 2), 0.1);
    assert.deepEqual(decode(num, slot('float32', 2), regs), { ok: true, value: 0.1 });
    assert.equal(tidyFloat(Math.fround(21.7)), 21.7);
  });

  test('NaN and infinities are not written as numbers', () => {
    const nan = decode(num, slot('float32', 2), [0x7fc0, 0]);
    assert.equal(nan.ok, false);
    assert.equal(decode(num, slot('float32', 2), [0x7f80, 0]).ok, false);
  });

  test('scaled uint16 and int16: round(value × scale), clamped to the type', () => {
    assert.deepEqual(encode(num, slot('uint16', 1, 100), 16), [1600]);
    assert.deepEqual(encode(num, slot('uint16', 1, 100), 21.456), [2146]);
    assert.deepEqual(encode(num, slot('uint16', 1, 100), 700), [0xffff]);
    assert.deepEqual(encode(num, slot('uint16', 1, 100), -1), [0]);
    assert.deepEqual(encode(num, slot('int16', 1, 100), -12.5), [0x10000 - 1250]);
    assert.deepEqual(encode(num, slot('int16', 1, 10), -5000), [0x8000]);
    assert.deepEqual(decode(num, slot('uint16', 1, 100), [1600]), { ok: true, value: 16 });
    assert.deepEqual(decode(num, slot('int16', 1, 100), [0x10000 - 1250]), { ok: true, value: -12.5 });
  });

  test('uint32 and int32 pairs', () => {
    assert.deepEqual(encode(num, slot('uint32', 2), 30_000), [0, 30_000]);
    assert.deepEqual(encode(num, slot('uint32', 2), 70_000), [1, 70_000 - 65_536]);
    assert.deepEqual(encode(num, slot('uint32', 2), 70_000, 'low-first'), [70_000 - 65_536, 1]);
    assert.deepEqual(encode(num, slot('int32', 2), -2), [0xffff, 0xfffe]);
    assert.deepEqual(decode(num, slot('int32', 2), [0xffff, 0xfffe]), { ok: true, value: -2 });
    assert.deepEqual(decode(num, slot('uint32', 2), [0xffff, 0xfffe]), { ok: true, value: 0xfffffffe });
  });

  test('property: every float32 survives encode → decode in both word orders', () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom<WordOrder>('high-first', 'low-first'),
        (x, order) => {
          const got = decode(num, slot('float32', 2), encode(num, slot('float32', 2), x, order), order);
          assert.ok(got.ok);
          assert.ok(Math.fround(got.value as number) === Math.fround(x)); // -0 reads as 0
        },
      ),
    );
  });

  test('property: a scaled 16-bit value comes back within half a step', () => {
    fc.assert(
      fc.property(fc.double({ min: -327, max: 327, noNaN: true }), (x) => {
        const got = decode(num, slot('int16', 1, 100), encode(num, slot('int16', 1, 100), x));
        assert.ok(got.ok && Math.abs((got.value as number) - x) <= 0.005 + 1e-9);
      }),
    );
  });
});

describe('register codec: booleans, enums, text, date-times', () => {
  const mode: CodecPoint = { name: 'Charge Mode', type: 'enum', enum: ['SMART', 'NORMAL'] };
  const text: CodecPoint = { name: 'Fault Code', type: 'string', enum: null };
  const flag: CodecPoint = { name: 'Lock', type: 'bool', enum: null };
  const when: CodecPoint = { name: 'Last Backup', type: 'datetime', enum: null };

  test('booleans are 0 and 1; anything else is refused on write', () => {
    assert.deepEqual(encode(flag, slot('bool'), true), [1]);
    assert.deepEqual(encode(flag, slot('bool'), false), [0]);
    assert.deepEqual(decode(flag, slot('bool'), [1]), { ok: true, value: true });
    assert.equal(decode(flag, slot('bool'), [2]).ok, false);
  });

  test('enums are the 0-based index of their word', () => {
    assert.deepEqual(encode(mode, slot('enum'), 'NORMAL'), [1]);
    assert.deepEqual(encode(mode, slot('enum'), 'NOT A WORD'), [UNKNOWN_ENUM]);
    assert.deepEqual(decode(mode, slot('enum'), [0]), { ok: true, value: 'SMART' });
    const bad = decode(mode, slot('enum'), [2]);
    assert.ok(!bad.ok && /0–1 \(SMART, NORMAL\), not 2/.test(bad.message));
  });

  test('text: two ASCII bytes a register, high byte first, NUL-padded, cut to the registers', () => {
    assert.deepEqual(encode(text, slot('string', 3), 'AB C'), [0x4142, 0x2043, 0]);
    assert.deepEqual(encode(text, slot('string', 2), 'ABCDEF'), [0x4142, 0x4344]);
    assert.deepEqual(encode(text, slot('string', 1), 'é'), [0x3f00]);
    assert.deepEqual(decode(text, slot('string', 3), [0x4142, 0x2043, 0]), { ok: true, value: 'AB C' });
    assert.deepEqual(decode(text, slot('string', 2), [0x4100, 0x4242]), { ok: true, value: 'A' });
    assert.equal(decode(text, slot('string', 1), [0x41ff]).ok, false);
  });

  test('date-times are uint32 epoch seconds', () => {
    const iso = '2026-01-05T10:00:00.000Z';
    const seconds = Date.parse(iso) / 1000;
    assert.deepEqual(encode(when, slot('datetime', 2), iso), [
      Math.floor(seconds / 65_536),
      seconds % 65_536,
    ]);
    assert.deepEqual(decode(when, slot('datetime', 2), encode(when, slot('datetime', 2), iso)), {
      ok: true,
      value: iso,
    });
  });

  test('32-bit encodings go in pairs; the others do not', () => {
    for (const e of ['float32', 'uint32', 'int32', 'datetime'] as const) assert.ok(isPair({ encoding: e }));
    for (const e of ['uint16', 'int16', 'bool', 'enum', 'string'] as const)
      assert.ok(!isPair({ encoding: e }));
  });
});
