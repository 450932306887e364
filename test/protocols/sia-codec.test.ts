// The DC-09 frame codec: the published frames (CRC, length and fields byte for byte), CRC-16/ARC itself, and
// properties: encode → decode is the identity (plain and encrypted with 128/192/256-bit keys), and decode
// never throws on any input.
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { keyFromHex } from '../../src/protocols/sia/codec/aes.js';
import { parseContactId } from '../../src/protocols/sia/codec/contact-id.js';
import { crc16Arc, crcField, lengthField } from '../../src/protocols/sia/codec/crc.js';
import { decodeFrame, encodeFrame, type SiaFrame } from '../../src/protocols/sia/codec/frame.js';
import { parseSiaDcs } from '../../src/protocols/sia/codec/sia-dcs.js';
import { formatTimestamp, parseTimestamp } from '../../src/protocols/sia/codec/timestamp.js';
import { aesKey, siaFrame } from '../fixtures/sia/arbitraries.js';

interface Vector {
  name: string;
  source: string;
  frame: string;
  key?: string;
  error?: string;
  expect?: Record<string, unknown> & { timestamp?: string; events?: unknown[]; contactId?: unknown };
}
const vectors = (
  JSON.parse(readFileSync(new URL('../fixtures/sia/published-frames.json', import.meta.url), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

describe('SIA DC-09 CRC and length', () => {
  test('CRC-16/ARC gives the catalogue check value for "123456789"', () => {
    assert.equal(crc16Arc('123456789'), 0xbb3d);
    assert.equal(crc16Arc(Buffer.from('123456789')), 0xbb3d);
    assert.equal(crcField(''), '0000');
  });

  test('the length field is 0 and three uppercase hex digits, at most 0FFF', () => {
    assert.equal(lengthField('x'.repeat(0x3b)), '003B');
    assert.equal(lengthField('x'.repeat(0xfff)), '0FFF');
    assert.throws(() => lengthField('x'.repeat(0x1000)), RangeError);
  });

  test('the CRC and length of every encoded frame are those of the message between LF+8 and CR', () => {
    fc.assert(
      fc.property(siaFrame(), (frame) => {
        const wire = encodeFrame(frame);
        const message = wire.slice(9, -1);
        assert.equal(wire.slice(1, 5), crcField(message));
        assert.equal(Number.parseInt(wire.slice(5, 9), 16), message.length);
        assert.equal(message[0], '"');
      }),
    );
  });
});

describe('SIA DC-09 published frames', () => {
  for (const v of vectors) {
    test(`${v.name} (${v.source.split(' ')[0]})`, () => {
      const key = v.key === undefined ? undefined : Buffer.from(v.key, 'latin1');
      const decoded = decodeFrame(Buffer.from(v.frame, 'latin1'), () => key);
      if (v.error) {
        assert.equal(decoded.ok, false);
        if (!decoded.ok) assert.equal(decoded.error.kind, v.error);
        return;
      }
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
      const { events, contactId, timestamp, ...fields } = v.expect ?? {};
      const frame = decoded.frame;
      for (const [name, value] of Object.entries(fields))
        assert.deepEqual(frame[name as keyof SiaFrame], value, name);
      assert.equal(frame.timestamp?.toISOString(), timestamp);
      if (events) {
        const dcs = parseSiaDcs(frame.data);
        assert.ok(dcs.ok);
        if (dcs.ok) assert.deepEqual(dcs.value.events, events);
      }
      if (contactId) {
        const cid = parseContactId(frame.data);
        assert.ok(cid.ok);
        if (cid.ok) assert.deepEqual(cid.value.event, contactId);
      }
      // Plain frames are written back byte for byte (CRC and length in uppercase hex, as they were sent).
      if (!frame.encrypted) assert.equal(encodeFrame(frame), v.frame);
      else {
        const again = decodeFrame(encodeFrame(frame, { key: key as Buffer }), () => key);
        assert.ok(again.ok);
        if (again.ok) assert.deepEqual(again.frame, frame);
      }
    });
  }
});

describe('SIA DC-09 frame properties', () => {
  test('encode → decode is the identity for plain frames', () => {
    fc.assert(
      fc.property(siaFrame(), (frame) => {
        const decoded = decodeFrame(encodeFrame(frame));
        assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
        assert.deepEqual(decoded.frame, frame);
      }),
      { numRuns: 500 },
    );
  });

  test('encode → decode is the identity for encrypted frames, with 128-, 192- and 256-bit keys', () => {
    fc.assert(
      fc.property(
        siaFrame({ encrypted: true }),
        aesKey,
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (frame, key, noise) => {
          const wire = encodeFrame(frame, { key, random: (n) => noise.subarray(0, n) });
          assert.match(wire, /^\n[0-9A-F]{4}0[0-9A-F]{3}"\*/);
          assert.equal(
            (wire.length - 1 - wire.indexOf('[') - 1) % 32,
            0,
            'whole AES blocks of hex after "["',
          );
          const decoded = decodeFrame(wire, () => key);
          assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
          assert.deepEqual(decoded.frame, frame);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('decode never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        decodeFrame(bytes);
        decodeFrame(Buffer.concat([Buffer.from('\n'), bytes, Buffer.from('\r')]), () => Buffer.alloc(16));
      }),
      { numRuns: 2000 },
    );
  });

  test('a frame with one byte changed is refused with a typed error (framing, length, CRC)', () => {
    fc.assert(
      fc.property(siaFrame(), fc.nat(), fc.integer({ min: 1, max: 255 }), (frame, at, delta) => {
        const wire = Buffer.from(encodeFrame(frame), 'latin1');
        const i = at % wire.length;
        wire[i] = ((wire[i] as number) + delta) & 0xff;
        const decoded = decodeFrame(wire);
        // A changed hex digit of the CRC or length field may change only its case: the same number.
        if (decoded.ok) assert.equal(wire.toString('latin1').toUpperCase(), encodeFrame(frame).toUpperCase());
        else assert.ok(['framing', 'length', 'crc'].includes(decoded.error.kind), decoded.error.kind);
      }),
      { numRuns: 1000 },
    );
  });

  test('an encrypted frame without a key or with the wrong key is a typed error, not garbage', () => {
    fc.assert(
      fc.property(siaFrame({ encrypted: true }), aesKey, aesKey, (frame, key, other) => {
        fc.pre(Buffer.compare(Buffer.from(key), Buffer.from(other)) !== 0);
        const wire = encodeFrame(frame, { key });
        const noKey = decodeFrame(wire);
        assert.equal(noKey.ok ? 'ok' : noKey.error.kind, 'no-key');
        const wrong = decodeFrame(wire, () => other);
        assert.equal(wrong.ok ? 'ok' : wrong.error.kind, 'decrypt');
        if (!wrong.ok) assert.equal(wrong.error.header?.sequence, frame.sequence);
      }),
      { numRuns: 300 },
    );
  });

  test('encrypted data is pad, "|" and the text; with empty data (NULL, ACK) pad and "]" with no "|"', () => {
    const key = Buffer.alloc(16, 7);
    const plainText = (wire: string) => {
      const hexText = wire.slice(wire.indexOf('[') + 1, -1);
      const d = createDecipheriv('aes-128-cbc', key, Buffer.alloc(16)).setAutoPadding(false);
      return Buffer.concat([d.update(Buffer.from(hexText, 'hex')), d.final()]).toString('latin1');
    };
    const at = new Date('2026-03-01T12:00:00Z');
    const base: SiaFrame = {
      token: 'SIA-DCS',
      encrypted: true,
      sequence: 7,
      line: '0',
      account: '1234',
      data: '#1234|Nri1/BA01',
      extended: [],
      timestamp: at,
    };
    assert.match(
      plainText(encodeFrame(base, { key })),
      /^[0-9A-Za-z]*\|#1234\|Nri1\/BA01\]_12:00:00,03-01-2026$/,
    );
    const nullFrame: SiaFrame = { ...base, token: 'NULL', data: '', extended: [{ type: 'X', value: 'a|b' }] };
    const wire = encodeFrame(nullFrame, { key });
    assert.match(plainText(wire), /^[0-9A-Za-z]*\]\[Xa\|b\]_12:00:00,03-01-2026$/);
    const decoded = decodeFrame(wire, () => key);
    assert.ok(decoded.ok);
    if (decoded.ok) assert.deepEqual(decoded.frame, nullFrame);
  });

  test('CRC and length fields are read in either case; keys are written as 32, 48 or 64 hex digits', () => {
    const message = '"NULL"0001L0#1234[]';
    const lower = `\n${crcField(message).toLowerCase()}${lengthField(message).toLowerCase()}${message}\r`;
    assert.equal(decodeFrame(lower).ok, true);
    assert.equal(keyFromHex('00112233445566778899aabbccddeeff')?.length, 16);
    assert.equal(keyFromHex('00'.repeat(24))?.length, 24);
    assert.equal(keyFromHex('00'.repeat(32))?.length, 32);
    assert.equal(keyFromHex('00'.repeat(20)), undefined);
    assert.equal(keyFromHex('zz'.repeat(16)), undefined);
  });

  test('timestamps are real UTC dates and times', () => {
    assert.equal(parseTimestamp('_23:59:59,12-31-2026')?.toISOString(), '2026-12-31T23:59:59.000Z');
    assert.equal(parseTimestamp('_00:00:00,02-29-2028')?.toISOString(), '2028-02-29T00:00:00.000Z');
    for (const bad of [
      '_24:00:00,01-01-2026',
      '_12:00:00,02-30-2026',
      '_12:00:00,13-01-2026',
      '12:00:00,01-01-2026',
    ])
      assert.equal(parseTimestamp(bad), undefined, bad);
    assert.equal(formatTimestamp(new Date('2026-03-01T04:05:06.789Z')), '_04:05:06,03-01-2026');
  });

  test('encode refuses what DC-09 cannot carry', () => {
    const frame: SiaFrame = {
      token: 'NULL',
      encrypted: false,
      sequence: 1,
      line: '0',
      data: '',
      extended: [],
    };
    assert.throws(() => encodeFrame({ ...frame, sequence: 10000 }), RangeError);
    assert.throws(() => encodeFrame({ ...frame, account: '12' }), RangeError);
    assert.throws(() => encodeFrame({ ...frame, data: 'a]b' }), RangeError);
    assert.throws(() => encodeFrame({ ...frame, encrypted: true, timestamp: new Date(0) }), RangeError);
    assert.throws(() => encodeFrame({ ...frame, data: 'x'.repeat(5000) }), RangeError);
  });
});
