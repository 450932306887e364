// APDU headers (ASHRAE 135-2020 clause 20.1): the header of the published captures, every PDU type octet by
// octet as clause 20.1.2–20.1.9 lays them out, the max-APDU and max-segments codes, refusals, round trips.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type Apdu,
  decodeApdu,
  encodeApdu,
  MAX_APDU_OCTETS,
  MAX_SEGMENTS,
  maxApduCode,
  maxSegmentsCode,
} from './apdu.js';
import { apduArb, plain } from './arbitraries.test.js';
import { AbortReason, ConfirmedService, RejectReason } from './enums.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('APDU', () => {
  test('Confirmed-Request of the published RPM capture: 1476 octets accepted, invoke id 210', () => {
    // jdearden.org knowledge base, "confirmed request - readpropertymultiple": X'00 05 D2 0E' then the body.
    assert.deepEqual(plain(decodeApdu(hex('00 05 d2 0e 0c 00 00 00 05'))), {
      ok: true,
      value: {
        type: 'confirmed-request',
        segmentedResponseAccepted: false,
        maxSegments: 0,
        maxApdu: 5,
        invokeId: 210,
        service: ConfirmedService.READ_PROPERTY_MULTIPLE,
        body: Uint8Array.from(hex('0c 00 00 00 05')),
      },
    });
  });

  test('every PDU type, octet by octet', () => {
    const cases: Array<[Apdu, string]> = [
      [
        {
          type: 'confirmed-request',
          segmentedResponseAccepted: true,
          maxSegments: 7,
          maxApdu: 5,
          invokeId: 1,
          segment: { sequenceNumber: 2, proposedWindowSize: 4, moreFollows: true },
          service: 12,
          body: Uint8Array.of(0xaa),
        },
        '0e 75 01 02 04 0c aa',
      ],
      [{ type: 'unconfirmed-request', service: 8, body: new Uint8Array(0) }, '10 08'],
      [{ type: 'simple-ack', invokeId: 9, service: 15 }, '20 09 0f'],
      [
        {
          type: 'complex-ack',
          invokeId: 3,
          segment: { sequenceNumber: 0, proposedWindowSize: 8, moreFollows: true },
          service: 12,
          body: Uint8Array.of(1),
        },
        '3c 03 00 08 0c 01',
      ],
      [{ type: 'complex-ack', invokeId: 3, service: 14, body: new Uint8Array(0) }, '30 03 0e'],
      [
        {
          type: 'segment-ack',
          negative: true,
          fromServer: true,
          invokeId: 3,
          sequenceNumber: 5,
          actualWindowSize: 8,
        },
        '43 03 05 08',
      ],
      [
        { type: 'error', invokeId: 4, service: 12, body: Uint8Array.of(0x91, 0x02, 0x91, 0x20) },
        '50 04 0c 91 02 91 20',
      ],
      [{ type: 'reject', invokeId: 5, reason: RejectReason.UNRECOGNIZED_SERVICE }, '60 05 09'],
      [
        { type: 'abort', fromServer: true, invokeId: 6, reason: AbortReason.SEGMENTATION_NOT_SUPPORTED },
        '71 06 04',
      ],
    ];
    for (const [apdu, bytes] of cases) {
      assert.equal(encodeApdu(apdu).toString('hex'), bytes.replace(/ /g, ''), apdu.type);
      assert.deepEqual(plain(decodeApdu(hex(bytes))), { ok: true, value: plain(apdu) }, apdu.type);
    }
  });

  test('max-APDU and max-segments codes ↔ sizes (clause 20.1.2.4, 20.1.2.5)', () => {
    assert.deepEqual([...MAX_APDU_OCTETS], [50, 128, 206, 480, 1024, 1476]);
    assert.equal(maxApduCode(1476), 5);
    assert.equal(maxApduCode(1500), 5);
    assert.equal(maxApduCode(480), 3);
    assert.equal(maxApduCode(479), 2);
    assert.equal(maxApduCode(10), 0);
    assert.equal(MAX_SEGMENTS[4], 16);
    assert.equal(maxSegmentsCode(undefined), 0);
    assert.equal(maxSegmentsCode(64), 6);
    assert.equal(maxSegmentsCode(65), 7);
    assert.equal(maxSegmentsCode(3), 1);
  });

  test('malformed headers are refused', () => {
    for (const b of [
      '',
      '00',
      '00 05',
      '00 05 01',
      '08 05 01 00',
      '08 05 01 00 00 0c',
      '04 05 01 0c',
      '01 05 01 0c',
      '00 85 01 0c',
      '11 08',
      '20 01',
      '20 01 02 03',
      '38 01 00',
      '40 01 02',
      '60 01',
      '70 01 02 03',
      '80 00',
      'f0 00',
    ]) {
      assert.equal(decodeApdu(hex(b)).ok, false, b);
    }
  });

  test('round trip of every PDU type', () => {
    fc.assert(
      fc.property(apduArb, (a) => {
        const back = decodeApdu(encodeApdu(a));
        assert.ok(back.ok, back.ok ? '' : back.error);
        assert.deepEqual(plain(back.value), plain(a));
      }),
      { numRuns: 1000 },
    );
  });
});
