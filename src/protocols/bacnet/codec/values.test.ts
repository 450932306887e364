// Values: the worked examples of ASHRAE 135-2020 clauses 20.2.2–20.2.14 octet for octet, the character
// sets of clause 20.2.9, and the encode→decode round trip of every value type.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { valueArb } from './arbitraries.test.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { decodePropertyValue, decodeSingleValue, encodePropertyValue } from './property-value.js';
import { decodeSafely } from './result.js';
import { ApplicationTag, writeTag } from './tags.js';
import {
  type BacnetValue,
  contentOf,
  readApplicationValue,
  TAG_OF,
  UNSPECIFIED,
  writeValue,
} from './values.js';

function encode(v: BacnetValue, context?: number): string {
  const w = new ByteWriter();
  writeValue(w, v, context);
  return w.toBuffer().toString('hex');
}

function decode(hex: string) {
  return decodeSafely(() => {
    const r = new ByteReader(Buffer.from(hex, 'hex'));
    const v = readApplicationValue(r);
    if (!r.atEnd) throw new Error('left over');
    return v;
  });
}

// [clause, value, encoding] from the examples of clause 20.2.
const EXAMPLES: Array<[string, BacnetValue, string]> = [
  ['20.2.2 Null', { type: 'null' }, '00'],
  ['20.2.3 Boolean FALSE', { type: 'boolean', value: false }, '10'],
  ['20.2.3 Boolean TRUE', { type: 'boolean', value: true }, '11'],
  ['20.2.4 Unsigned 72', { type: 'unsigned', value: 72 }, '2148'],
  ['20.2.5 Signed 72', { type: 'signed', value: 72 }, '3148'],
  ['20.2.6 Real 72.0', { type: 'real', value: 72 }, '4442900000'],
  ['20.2.7 Double 72.0', { type: 'double', value: 72 }, '55084052000000000000'],
  [
    '20.2.8 Octet String X1234FF',
    { type: 'octetString', value: Uint8Array.of(0x12, 0x34, 0xff) },
    '631234ff',
  ],
  [
    '20.2.9 Character String "This is a BACnet string!" (charset 0)',
    { type: 'characterString', value: 'This is a BACnet string!' },
    `751900${Buffer.from('This is a BACnet string!').toString('hex')}`,
  ],
  ['20.2.10 Bit String B10101', { type: 'bitString', value: [true, false, true, false, true] }, '8203a8'],
  ['20.2.11 Enumerated ANALOG-INPUT (0)', { type: 'enumerated', value: 0 }, '9100'],
  [
    '20.2.12 Date January 24, 1991 (Thursday)',
    { type: 'date', value: { year: 1991, month: 1, day: 24, weekday: 4 } },
    'a45b011804',
  ],
  [
    '20.2.13 Time 17:35:45.17',
    { type: 'time', value: { hour: 17, minute: 35, second: 45, hundredths: 17 } },
    'b411232d11',
  ],
  [
    '20.2.14 ObjectIdentifier Binary Input 15',
    { type: 'objectId', value: { type: 3, instance: 15 } },
    'c400c0000f',
  ],
];

describe('values', () => {
  for (const [name, value, hex] of EXAMPLES) {
    test(`clause ${name}`, () => {
      assert.equal(encode(value), hex);
      assert.deepEqual(decode(hex), { ok: true, value });
    });
  }

  test('context-tagged values (clause 20.2.15): Unsigned 256 with tag 0, Boolean with tag 2 takes an octet', () => {
    assert.equal(encode({ type: 'unsigned', value: 256 }, 0), '0a0100');
    assert.equal(encode({ type: 'boolean', value: true }, 2), '2901');
    assert.equal(encode({ type: 'null' }, 3), '38');
  });

  test('minimal encodings of Unsigned and Signed; 64-bit values as bigints', () => {
    assert.equal(encode({ type: 'unsigned', value: 0 }), '2100');
    assert.equal(encode({ type: 'unsigned', value: 0xffffffff }), '24ffffffff');
    assert.equal(encode({ type: 'unsigned', value: 2n ** 64n - 1n }), '2508ffffffffffffffff');
    assert.equal(encode({ type: 'signed', value: -1 }), '31ff');
    assert.equal(encode({ type: 'signed', value: 128 }), '320080');
    assert.equal(encode({ type: 'signed', value: -129 }), '32ff7f');
    assert.deepEqual(decode('2505ffffffffff'), {
      ok: true,
      value: { type: 'unsigned', value: 2n ** 40n - 1n },
    });
    assert.deepEqual(decode('32ff7f'), { ok: true, value: { type: 'signed', value: -129 } });
    assert.throws(() => encode({ type: 'unsigned', value: -1 }), RangeError);
  });

  test('unspecified Date and Time fields are 255', () => {
    const any = { year: UNSPECIFIED, month: UNSPECIFIED, day: UNSPECIFIED, weekday: UNSPECIFIED };
    assert.equal(encode({ type: 'date', value: any }), 'a4ffffffff');
    assert.deepEqual(decode('a4ffffffff'), { ok: true, value: { type: 'date', value: any } });
    assert.deepEqual(decode('b40cffffff'), {
      ok: true,
      value: { type: 'time', value: { hour: 12, minute: 255, second: 255, hundredths: 255 } },
    });
  });

  test('character sets (clause 20.2.9): UCS-2, UCS-4 and ISO 8859-1 decoded; DBCS and JIS refused', () => {
    const ucs2 = Buffer.from('Ab€', 'utf16le').swap16().toString('hex');
    assert.deepEqual(decode(`7507 04${ucs2}`.replace(' ', '')), {
      ok: true,
      value: { type: 'characterString', value: 'Ab€' },
    });
    assert.deepEqual(decode('7505030001f600'), {
      ok: true,
      value: { type: 'characterString', value: '\u{1F600}' },
    });
    assert.deepEqual(decode('750305e9e8'), { ok: true, value: { type: 'characterString', value: 'éè' } });
    const dbcs = decode('7503010102');
    assert.ok(!dbcs.ok && dbcs.reason === 'unsupported');
    const jis = decode('7503020102');
    assert.ok(!jis.ok && jis.reason === 'unsupported');
    const badUtf8 = decode('750300c328');
    assert.ok(!badUtf8.ok && badUtf8.reason === 'malformed');
  });

  test('malformed contents are refused', () => {
    for (const hex of [
      '4300000000',
      '2100ff',
      '8101',
      '820800',
      '9505ffffffffff',
      'a3010203',
      '1',
      '7500',
      '1101',
    ]) {
      assert.equal(decode(hex).ok, false, hex);
    }
  });

  test('round trip of every value type', () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const w = new ByteWriter();
        writeValue(w, v);
        const back = decode(w.toBuffer().toString('hex'));
        assert.ok(back.ok, back.ok ? '' : back.error);
        assert.deepEqual(back.value, v);
      }),
      { numRuns: 2000 },
    );
  });

  test('what writeValue writes straight into the writer is the tag and contentOf, application or context tagged', () => {
    fc.assert(
      fc.property(valueArb, fc.option(fc.integer({ min: 0, max: 254 }), { nil: undefined }), (v, context) => {
        const got = new ByteWriter(1);
        writeValue(got, v, context);
        const want = new ByteWriter();
        if (v.type === 'boolean' && context === undefined)
          writeTag(want, ApplicationTag.BOOLEAN, false, v.value ? 1 : 0);
        else {
          const content = contentOf(v);
          writeTag(want, context ?? TAG_OF[v.type], context !== undefined, content.length);
          want.bytes(content);
        }
        assert.deepEqual(got.toBuffer(), want.toBuffer());
      }),
      { numRuns: 2000 },
    );
  });

  test('a writer rewound drops what followed, and writes on from there', () => {
    const w = new ByteWriter(2);
    w.u8(1);
    const mark = w.length;
    w.f32(72).bytes(Uint8Array.of(9, 9, 9));
    w.rewind(mark).u8(2);
    assert.equal(w.toBuffer().toString('hex'), '0102');
    assert.throws(() => w.rewind(3), RangeError);
  });

  test('property values: a run of values, context fields kept raw', () => {
    const raw = encodePropertyValue([{ type: 'real', value: 1.5 }, { type: 'null' }]);
    assert.deepEqual(decodePropertyValue(raw), {
      ok: true,
      value: [{ type: 'real', value: 1.5 }, { type: 'null' }],
    });
    // A BACnetDateTime inside a context tag 0 (constructed) and a primitive context field 1.
    const mixed = Buffer.from('0ea47b0c0302b40c0000000f190a', 'hex');
    const decoded = decodePropertyValue(mixed);
    assert.ok(decoded.ok);
    assert.equal(decoded.value.length, 2);
    assert.deepEqual(decoded.value[1], {
      type: 'context',
      tag: 1,
      data: Uint8Array.of(0x0a),
      constructed: false,
    });
    assert.equal(decodeSingleValue(raw).ok, false);
    assert.deepEqual(decodeSingleValue(encodePropertyValue([{ type: 'enumerated', value: 1 }])), {
      ok: true,
      value: { type: 'enumerated', value: 1 },
    });
    assert.equal(decodePropertyValue(Buffer.from('3f', 'hex')).ok, false);
  });
});
