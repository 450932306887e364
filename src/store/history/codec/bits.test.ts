import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { CodecError } from './codec-error.js';

/** A field of 0…32 bits with a value that fits it. */
const field = fc
  .integer({ min: 0, max: 32 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n === 0 ? 0 : 2 ** n - 1 })));

describe('BitWriter', () => {
  test('packs bits least significant first, fields low bit first', () => {
    const w = new BitWriter();
    w.writeBit(1);
    w.writeBits(0b10, 2); // stream: 1, 0, 1
    w.writeBits(0b11111, 5);
    w.writeBits(0xabc, 12);
    assert.deepEqual([...w.finish()], [0b11111101, 0xbc, 0x0a]);
    assert.equal(w.bitLength, 20);
  });
  test('whole bytes at byte boundaries land as plain bytes; 32-bit halves as little-endian', () => {
    const w = new BitWriter();
    w.writeBits(0x7f, 8);
    w.writeBits(0x04030201, 32);
    w.writeBits64(0x08070605, 0x04030201, 64);
    assert.deepEqual([...w.finish()], [0x7f, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
  test('ignores bits above the field width', () => {
    const w = new BitWriter();
    w.writeBits(0xffffffff, 4);
    w.writeBits(0xffffffff, 0);
    assert.deepEqual([...w.finish()], [0x0f]);
  });
  test('grows past its initial capacity and pads the last byte with zeros', () => {
    const w = new BitWriter(1);
    for (let i = 0; i < 1000; i++) w.writeBits(i, 11);
    w.writeBit(1);
    const bytes = w.finish();
    assert.equal(bytes.length, Math.ceil(11001 / 8));
    const r = new BitReader(bytes);
    for (let i = 0; i < 1000; i++) assert.equal(r.readBits(11), i);
    assert.equal(r.readBit(), 1);
    assert.equal(r.remaining, 7);
    assert.equal(r.readBits(7), 0);
  });
  test('alignToByte pads to the next boundary only', () => {
    const w = new BitWriter();
    w.alignToByte();
    assert.equal(w.bitLength, 0);
    w.writeBits(1, 3);
    w.alignToByte();
    assert.equal(w.bitLength, 8);
  });
  test('finish can be called again after more writes', () => {
    const w = new BitWriter();
    w.writeBits(0xaa, 8);
    assert.deepEqual([...w.finish()], [0xaa]);
    w.writeBits(0x55, 8);
    assert.deepEqual([...w.finish()], [0xaa, 0x55]);
  });
  test('writeUint takes integers up to 53 bits and refuses others', () => {
    const w = new BitWriter();
    w.writeUint(Number.MAX_SAFE_INTEGER, 53);
    w.writeUint(5, 3);
    const r = new BitReader(w.finish());
    assert.equal(r.readUint(53), Number.MAX_SAFE_INTEGER);
    assert.equal(r.readUint(3), 5);
    for (const [v, n] of [
      [8, 3],
      [-1, 8],
      [1.5, 8],
      [2 ** 53, 53],
      [1, 54],
    ] as const)
      assert.throws(() => w.writeUint(v, n), CodecError, `${v} in ${n} bits`);
  });
});

describe('BitReader', () => {
  test('reads back any sequence of fields of 0…32 bits', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 200 }), (fields) => {
        const w = new BitWriter(4);
        for (const [n, v] of fields) w.writeBits(v, n);
        const r = new BitReader(w.finish());
        for (const [n, v] of fields) assert.equal(r.readBits(n), v);
        assert.ok(r.remaining < 8);
      }),
    );
  });
  test('reads back 64-bit fields as two halves', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(u32, u32, fc.integer({ min: 33, max: 64 }))),
        fc.nat(31),
        (fields, skew) => {
          const w = new BitWriter();
          w.writeBits(0, skew);
          for (const [hi, lo, n] of fields) w.writeBits64(hi, lo, n);
          const r = new BitReader(w.finish());
          r.readBits(skew);
          const out = { hi: 0, lo: 0 };
          for (const [hi, lo, n] of fields) {
            r.readBits64(n, out);
            assert.deepEqual(out, { hi: n === 64 ? hi : hi & (2 ** (n - 32) - 1), lo });
          }
        },
      ),
    );
  });
  test('reading past the end throws a CodecError and does not move', () => {
    const r = new BitReader(new Uint8Array([0xff, 0x01]));
    assert.equal(r.readBits(12), 0x1ff);
    assert.throws(() => r.readBits(5), {
      name: 'CodecError',
      message: /truncated: needed 5 more bits at bit 12 of 16/,
    });
    assert.equal(r.readBits(4), 0);
    assert.throws(() => r.readBit(), CodecError);
    assert.throws(() => new BitReader(new Uint8Array()).readBits(1), CodecError);
  });
  test('seek moves within the input only; alignToByte skips to a boundary', () => {
    const r = new BitReader(new Uint8Array([0, 0x80]));
    r.seek(3);
    r.alignToByte();
    assert.equal(r.position, 8);
    r.seek(15);
    assert.equal(r.readBit(), 1);
    assert.throws(() => r.seek(17), CodecError);
  });
  test('reads from a view with any byte offset', () => {
    const backing = new Uint8Array([9, 0x34, 0x12, 9]);
    assert.equal(new BitReader(backing.subarray(1, 3)).readBits(16), 0x1234);
  });
});
