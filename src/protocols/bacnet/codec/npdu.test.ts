// NPDU (ASHRAE 135-2020 clause 6.2) and network-layer messages (clause 6.4): headers octet by octet as
// clause 6.2.2 lays them out, the bodies of the router's messages, refusals, and round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { networkMessageArb, npduArb, plain } from './arbitraries.test.js';
import { decodeFrame, encodeFrame } from './frame.js';
import { decodeNetworkMessage, encodeNetworkMessage, RejectMessageReason } from './network-messages.js';
import { decodeNpdu, encodeNpdu, GLOBAL_NETWORK } from './npdu.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('NPDU', () => {
  test('local APDU, expecting a reply (the published ReadProperty capture: X01 04)', () => {
    assert.deepEqual(plain(decodeNpdu(hex('01 04 00 05 c4 0c'))), {
      ok: true,
      value: { expectingReply: true, priority: 0, payload: Uint8Array.from(hex('00 05 c4 0c')) },
    });
  });

  test('the published global Who-Is: the whole frame decoded, and encoded back octet for octet', () => {
    // jdearden.org knowledge base, "bacnet - message formats - whois": Original-Broadcast-NPDU, DNET 65535.
    const frame = hex('81 0b 00 0c 01 20 ff ff 00 ff 10 08');
    const f = decodeFrame(frame);
    assert.ok(f.ok);
    assert.deepEqual(plain(f.value.npdu?.destination), {
      network: GLOBAL_NETWORK,
      address: new Uint8Array(0),
    });
    assert.equal(f.value.npdu?.hopCount, 255);
    assert.deepEqual(plain(f.value.apdu), {
      type: 'unconfirmed-request',
      service: 8,
      body: new Uint8Array(0),
    });
    const again = encodeFrame({
      bvlc: 'original-broadcast',
      npdu: {
        expectingReply: false,
        priority: 0,
        destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
        hopCount: 255,
      },
      body: { apdu: { type: 'unconfirmed-request', service: 8, body: new Uint8Array(0) } },
    });
    assert.deepEqual(again, frame);
  });

  test('a global broadcast Who-Is: DNET 0xFFFF, DLEN 0, hop count 255', () => {
    const bytes = encodeNpdu({
      expectingReply: false,
      priority: 0,
      destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
      hopCount: 255,
      payload: hex('10 08'),
    });
    assert.equal(bytes.toString('hex'), '0120ffff00ff1008');
  });

  test('a routed answer: SNET/SADR of the virtual device, DNET/DADR of the requester, urgent priority', () => {
    const n = {
      expectingReply: false,
      priority: 1,
      destination: { network: 5, address: Uint8Array.of(192, 168, 1, 10, 0xba, 0xc0) },
      hopCount: 254,
      source: { network: 100, address: Uint8Array.of(0, 0, 0, 7) },
      payload: Uint8Array.of(0x30, 0x01, 0x0c),
    };
    const bytes = encodeNpdu(n);
    // version, control (DNET | SNET | priority 1), DNET 5, DLEN 6, DADR, SNET 100, SLEN 4, SADR, hop count.
    assert.equal(
      bytes.toString('hex'),
      '01290005 06c0a8010abac0 0064 0400000007 fe 30010c'.replace(/ /g, ''),
    );
    assert.deepEqual(plain(decodeNpdu(bytes)), { ok: true, value: n });
  });

  test('network-layer messages with their bodies', () => {
    const cases: Array<[string, unknown]> = [
      ['01 80 00', { type: 'who-is-router-to-network' }],
      ['01 80 00 00 64', { type: 'who-is-router-to-network', network: 100 }],
      ['01 80 01 00 64 00 65', { type: 'i-am-router-to-network', networks: [100, 101] }],
      [
        '01 80 03 01 00 09',
        { type: 'reject-message-to-network', reason: RejectMessageReason.NOT_DIRECTLY_CONNECTED, network: 9 },
      ],
      ['01 80 04 00 64', { type: 'router-busy-to-network', networks: [100] }],
      ['01 80 05', { type: 'router-available-to-network', networks: [] }],
      [
        '01 80 06 01 00 64 01 00',
        {
          type: 'initialize-routing-table',
          entries: [{ network: 100, portId: 1, portInfo: new Uint8Array(0) }],
        },
      ],
      ['01 80 07 00', { type: 'initialize-routing-table-ack', entries: [] }],
      ['01 80 12', { type: 'what-is-network-number' }],
      ['01 80 13 00 07 01', { type: 'network-number-is', network: 7, configured: true }],
      [
        '01 80 85 01 04 aa bb',
        { type: 'other', messageType: 0x85, vendorId: 260, body: Uint8Array.of(0xaa, 0xbb) },
      ],
    ];
    for (const [bytes, want] of cases) {
      const n = decodeNpdu(hex(bytes));
      assert.ok(n.ok && n.value.messageType !== undefined, bytes);
      const m = decodeNetworkMessage(n.value.messageType, n.value.payload, n.value.vendorId);
      assert.deepEqual(plain(m), { ok: true, value: want }, bytes);
    }
  });

  test('malformed headers and bodies are refused', () => {
    for (const b of [
      '',
      '01',
      '02 00 10 08',
      '01 40 10 08',
      '01 20 00 05',
      '01 08 00 05 00 10 08',
      '01 08 ff ff 01 01 10 08',
      '01 00',
      '01 20 00 00 00 ff 10 08',
      '01 80',
      '01 80 80 00',
    ]) {
      const n = decodeNpdu(hex(b));
      assert.equal(n.ok, false, b);
    }
    for (const [type, body] of [
      [0x00, '00'],
      [0x01, '00 64 00'],
      [0x03, '01 00'],
      [0x06, '02 00 64 01 00'],
      [0x13, '00 07 02'],
      [0x12, '00'],
    ] as const) {
      assert.equal(decodeNetworkMessage(type, hex(body)).ok, false, `${type} ${body}`);
    }
  });

  test('round trip of every header and network message', () => {
    fc.assert(
      fc.property(npduArb, (n) => {
        const back = decodeNpdu(encodeNpdu(n));
        assert.ok(back.ok, back.ok ? '' : back.error);
        assert.deepEqual(plain(back.value), plain(n));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(networkMessageArb, (m) => {
        const e = encodeNetworkMessage(m);
        const back = decodeNetworkMessage(e.messageType, e.payload, e.vendorId);
        assert.ok(back.ok, back.ok ? '' : back.error);
        assert.deepEqual(plain(back.value), plain(m));
      }),
      { numRuns: 500 },
    );
  });
});
