// BVLC (ASHRAE 135-2020 Annex J.2): a published capture, the NAK a non-BBMD answers, length checks, and the
// round trip of every message.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { bvlcArb, plain } from './arbitraries.test.js';
import { BvlcResultCode, decodeBvlc, encodeBvlc, nakFor } from './bvlc.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('BVLC', () => {
  test('Original-Unicast-NPDU of a published ReadProperty capture', () => {
    // jdearden.org knowledge base, "bacnet - message formats - confirmed request": ReadProperty of
    // Device 245's Model_Name, 17 octets on the wire.
    const frame = hex('81 0A 00 11 01 04 00 05 C4 0C 0C 02 00 00 F5 19 46');
    const m = decodeBvlc(frame);
    assert.ok(m.ok);
    assert.equal(m.value.function, 'original-unicast');
    assert.ok('npdu' in m.value);
    assert.equal(Buffer.from(m.value.npdu).toString('hex'), '01040005c40c0c020000f51946');
    assert.deepEqual(encodeBvlc(m.value), frame);
  });

  test('Forwarded-NPDU carries the original B/IP address (J.2.5)', () => {
    const frame = hex('81 04 00 0e c0 a8 01 0a ba c0 01 00 10 08');
    assert.deepEqual(plain(decodeBvlc(frame)), {
      ok: true,
      value: {
        function: 'forwarded',
        origin: { address: '192.168.1.10', port: 47808 },
        npdu: Uint8Array.of(1, 0, 0x10, 0x08),
      },
    });
  });

  test('BBMD messages are decoded and get the NAK of J.2 from a device that is not a BBMD', () => {
    const cases: Array<[string, number | null]> = [
      ['81 01 00 0e c0 a8 01 01 ba c0 ff ff ff ff', BvlcResultCode.WRITE_BDT_NAK],
      ['81 02 00 04', BvlcResultCode.READ_BDT_NAK],
      ['81 05 00 06 00 3c', BvlcResultCode.REGISTER_FOREIGN_DEVICE_NAK],
      ['81 06 00 04', BvlcResultCode.READ_FDT_NAK],
      ['81 08 00 0a c0 a8 01 01 ba c0', BvlcResultCode.DELETE_FDT_ENTRY_NAK],
      ['81 09 00 08 01 00 10 08', BvlcResultCode.DISTRIBUTE_BROADCAST_TO_NETWORK_NAK],
      ['81 0b 00 08 01 00 10 08', null],
      ['81 00 00 06 00 30', null],
    ];
    for (const [bytes, nak] of cases) {
      const m = decodeBvlc(hex(bytes));
      assert.ok(m.ok, bytes);
      assert.equal(nakFor(m.value), nak, bytes);
    }
    assert.deepEqual(
      encodeBvlc({ function: 'result', code: BvlcResultCode.REGISTER_FOREIGN_DEVICE_NAK }),
      hex('81 00 00 06 00 30'),
    );
    const fdt = decodeBvlc(hex('81 07 00 0e c0 a8 01 01 ba c0 00 3c 00 1e'));
    assert.deepEqual(fdt, {
      ok: true,
      value: {
        function: 'read-fdt-ack',
        entries: [{ address: '192.168.1.1', port: 47808, ttl: 60, remaining: 30 }],
      },
    });
  });

  test('lengths are checked against the datagram and the function', () => {
    const bad = [
      '',
      '81',
      '81 0a 00',
      '81 0a 00 08 01 00 10', // length says 8, datagram is 7
      '81 0a 00 05 01 00 10 08', // length says 5, datagram is 8
      '81 0a 00 03',
      '81 05 00 05 00', // Register-Foreign-Device with a 1-octet TTL
      '81 00 00 07 00 00 00', // BVLC-Result of 3 octets
      '81 01 00 0d c0 a8 01 01 ba c0 ff ff ff', // a BDT entry cut short
      '81 04 00 08 c0 a8 01 0a', // Forwarded-NPDU without its whole address
    ];
    for (const b of bad) {
      const m = decodeBvlc(hex(b));
      assert.ok(!m.ok && m.reason === 'malformed', b);
    }
    const other = decodeBvlc(hex('82 0a 00 04'));
    assert.ok(!other.ok && other.reason === 'unsupported');
    const secure = decodeBvlc(hex('81 0c 00 04'));
    assert.ok(!secure.ok && secure.reason === 'unsupported');
  });

  test('round trip of every message', () => {
    fc.assert(
      fc.property(bvlcArb, (m) => {
        const back = decodeBvlc(encodeBvlc(m));
        assert.ok(back.ok, back.ok ? '' : back.error);
        assert.deepEqual(plain(back.value), plain(m));
      }),
      { numRuns: 500 },
    );
  });
});
