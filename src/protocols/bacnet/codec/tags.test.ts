// Tags: the forms clause 20.2.1 of ASHRAE 135-2020 defines (extended tag numbers and lengths, opening and
// closing tags) checked octet by octet, round trips of every form, and a reader that reports, never throws.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ByteWriter } from './byte-writer.js';
import { decodeTag, writeClosingTag, writeOpeningTag, writeTag } from './tags.js';

function hex(write: (w: ByteWriter) => void): string {
  const w = new ByteWriter();
  write(w);
  return w.toBuffer().toString('hex');
}

describe('tags', () => {
  test('short forms: number and length in one octet', () => {
    // Clause 20.2.4: Unsigned 72 is X'21 48'; its tag X'21' is application tag 2, length 1.
    assert.equal(
      hex((w) => writeTag(w, 2, false, 1)),
      '21',
    );
    // Clause 20.2.1.1: context tag 0 with length 1 is X'09' (the ReadProperty captures' property id tag is X'19').
    assert.equal(
      hex((w) => writeTag(w, 0, true, 1)),
      '09',
    );
  });

  test('extended tag number (15 in the high nibble, the number in the next octet)', () => {
    // Clause 20.2.1.2: tag number 254 context-specific, length 1: X'F9 FE'.
    assert.equal(
      hex((w) => writeTag(w, 254, true, 1)),
      'f9fe',
    );
    const t = decodeTag(Buffer.from('f9fe00', 'hex'));
    assert.deepEqual(t, {
      ok: true,
      value: { number: 254, context: true, kind: 'value', length: 1, size: 2 },
    });
  });

  test('extended lengths: one octet (5–253), 254 + two octets, 255 + four octets', () => {
    // Clause 20.2.1.3.1: an OctetString of 5 octets has the tag X'65 05'; of 300 octets X'65 FE 01 2C'.
    assert.equal(
      hex((w) => writeTag(w, 6, false, 5)),
      '6505',
    );
    assert.equal(
      hex((w) => writeTag(w, 6, false, 253)),
      '65fd',
    );
    assert.equal(
      hex((w) => writeTag(w, 6, false, 300)),
      '65fe012c',
    );
    assert.equal(
      hex((w) => writeTag(w, 6, false, 65535)),
      '65feffff',
    );
    assert.equal(
      hex((w) => writeTag(w, 6, false, 65536)),
      '65ff00010000',
    );
    const body = Buffer.alloc(300);
    const t = decodeTag(Buffer.concat([Buffer.from('65fe012c', 'hex'), body]));
    assert.ok(t.ok && t.value.length === 300 && t.value.size === 4);
  });

  test('opening and closing tags are context tags 6 and 7', () => {
    // Clause 20.2.1.3.2: opening tag 3 is X'3E', closing tag 3 is X'3F'; tag 20 opening is X'FE 14'.
    assert.equal(
      hex((w) => writeOpeningTag(w, 3)),
      '3e',
    );
    assert.equal(
      hex((w) => writeClosingTag(w, 3)),
      '3f',
    );
    assert.equal(
      hex((w) => writeOpeningTag(w, 20)),
      'fe14',
    );
    assert.deepEqual(decodeTag(Buffer.from('3f', 'hex')), {
      ok: true,
      value: { number: 3, context: true, kind: 'closing', length: 0, size: 1 },
    });
  });

  test('malformed tags are results, not exceptions', () => {
    const bad: Array<[string, string]> = [
      ['', 'empty'],
      ['f9', 'extended tag number missing'],
      ['f9ff', 'tag number 255 reserved'],
      ['d1', 'application tag 13 reserved'],
      ['06', 'an application opening tag'],
      ['65', 'extended length missing'],
      ['65fe01', 'two-octet length cut short'],
      ['6505010203', 'length past the end'],
      ['13', 'application Boolean with value 3'],
    ];
    for (const [bytes, why] of bad) {
      const t = decodeTag(Buffer.from(bytes, 'hex'));
      assert.equal(t.ok, false, why);
    }
  });

  test('round trip of every tag number, class and length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 254 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 70_000 }),
        (n, ctx, len) => {
          const number = ctx ? n : n % 13;
          const length = !ctx && number === 1 ? len % 2 : Math.min(len, 0xffff);
          const w = new ByteWriter();
          writeTag(w, number, ctx, length);
          const head = w.toBuffer();
          const t = decodeTag(Buffer.concat([head, Buffer.alloc(number === 1 && !ctx ? 0 : length)]));
          assert.ok(t.ok, t.ok ? '' : t.error);
          assert.deepEqual(t.value, { number, context: ctx, kind: 'value', length, size: head.length });
        },
      ),
    );
  });

  test('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (b) => {
        const t = decodeTag(b);
        assert.ok(t.ok || typeof t.error === 'string');
      }),
      { numRuns: 2000 },
    );
  });
});
