// Request and response PDUs: the server's reading of requests, the client's writing of them, both ways.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { EXCEPTION, FC, LIMITS } from './constants.js';
import { decodeRequest, encodeRequest, isRefusal, type Request } from './requests.js';
import {
  decodeResponse,
  encodeBits,
  encodeException,
  encodeRegisters,
  encodeWriteAnswer,
} from './responses.js';

const pdu = (...bytes: number[]) => Buffer.from(bytes);
const exceptionOf = (p: Buffer) => {
  const r = decodeRequest(p);
  return isRefusal(r) ? r.exception : null;
};

describe('requests', () => {
  test('reads: address and quantity', () => {
    assert.deepEqual(decodeRequest(pdu(3, 0, 100, 0, 10)), { fc: 3, address: 100, quantity: 10 });
    assert.deepEqual(decodeRequest(pdu(1, 0xff, 0xff, 0, 1)), { fc: 1, address: 65_535, quantity: 1 });
  });

  test('quantities outside 1–125 registers or 1–2000 bits are exception 03', () => {
    assert.equal(exceptionOf(pdu(3, 0, 0, 0, 0)), EXCEPTION.illegalDataValue);
    assert.equal(exceptionOf(pdu(4, 0, 0, 0, 126)), EXCEPTION.illegalDataValue);
    assert.equal(exceptionOf(pdu(3, 0, 0, 0, 125)), null);
    assert.equal(exceptionOf(pdu(1, 0, 0, 0x07, 0xd0)), null);
    assert.equal(exceptionOf(pdu(2, 0, 0, 0x07, 0xd1)), EXCEPTION.illegalDataValue);
  });

  test('a block past address 65535 is exception 02', () => {
    assert.equal(exceptionOf(pdu(3, 0xff, 0xff, 0, 2)), EXCEPTION.illegalDataAddress);
  });

  test('a request of the wrong length is exception 03', () => {
    assert.equal(exceptionOf(pdu(3, 0, 0, 0)), EXCEPTION.illegalDataValue);
    assert.equal(exceptionOf(pdu(6, 0, 0, 0, 1, 9)), EXCEPTION.illegalDataValue);
    assert.equal(exceptionOf(pdu(16, 0, 0, 0, 1, 2, 0)), EXCEPTION.illegalDataValue);
  });

  test('FC 5 takes FF00 or 0000 only', () => {
    assert.deepEqual(decodeRequest(pdu(5, 0, 3, 0xff, 0)), { fc: 5, address: 3, value: true });
    assert.deepEqual(decodeRequest(pdu(5, 0, 3, 0, 0)), { fc: 5, address: 3, value: false });
    assert.equal(exceptionOf(pdu(5, 0, 3, 0, 1)), EXCEPTION.illegalDataValue);
  });

  test('FC 15 and 16: quantity, byte count and data must agree', () => {
    assert.deepEqual(decodeRequest(pdu(15, 0, 0, 0, 3, 1, 0b101)), {
      fc: 15,
      address: 0,
      values: [true, false, true],
    });
    assert.equal(exceptionOf(pdu(15, 0, 0, 0, 9, 1, 0xff)), EXCEPTION.illegalDataValue);
    assert.equal(exceptionOf(pdu(15, 0, 0, 0x07, 0xb1, 0xf7)), EXCEPTION.illegalDataValue);
    const r = decodeRequest(pdu(16, 0, 1, 0, 2, 4, 0x12, 0x34, 0xab, 0xcd));
    assert.ok(!isRefusal(r) && r.fc === 16);
    assert.deepEqual([...(r as { values: Uint16Array }).values], [0x1234, 0xabcd]);
    assert.equal(exceptionOf(pdu(16, 0, 1, 0, 2, 2, 0, 0)), EXCEPTION.illegalDataValue);
    assert.equal(exceptionOf(pdu(16, 0, 1, 0, 124, 248)), EXCEPTION.illegalDataValue);
  });

  test('FC 43: MEI 14 with codes 1–4; another MEI is 01, another code 03', () => {
    assert.deepEqual(decodeRequest(pdu(43, 14, 1, 0)), { fc: 43, mei: 14, code: 1, objectId: 0 });
    assert.equal(exceptionOf(pdu(43, 13, 1, 0)), EXCEPTION.illegalFunction);
    assert.equal(exceptionOf(pdu(43, 14, 5, 0)), EXCEPTION.illegalDataValue);
  });

  test('functions not served are exception 01', () => {
    for (const f of [0, 7, 8, 17, 22, 23, 24, 100])
      assert.equal(exceptionOf(pdu(f, 0, 0, 0, 1)), EXCEPTION.illegalFunction);
  });

  const request: fc.Arbitrary<Request> = fc.oneof(
    fc.record({
      fc: fc.constantFrom(FC.readHoldingRegisters, FC.readInputRegisters),
      address: fc.integer({ min: 0, max: 65_535 - LIMITS.readRegisters }),
      quantity: fc.integer({ min: 1, max: LIMITS.readRegisters }),
    }),
    fc.record({
      fc: fc.constantFrom(FC.readCoils, FC.readDiscreteInputs),
      address: fc.integer({ min: 0, max: 65_535 - LIMITS.readBits }),
      quantity: fc.integer({ min: 1, max: LIMITS.readBits }),
    }),
    fc.record({
      fc: fc.constant(FC.writeSingleCoil),
      address: fc.integer({ min: 0, max: 65_535 }),
      value: fc.boolean(),
    }),
    fc.record({
      fc: fc.constant(FC.writeSingleRegister),
      address: fc.integer({ min: 0, max: 65_535 }),
      value: fc.integer({ min: 0, max: 65_535 }),
    }),
    fc.record({
      fc: fc.constant(FC.writeMultipleCoils),
      address: fc.integer({ min: 0, max: 1000 }),
      values: fc.array(fc.boolean(), { minLength: 1, maxLength: LIMITS.writeBits }),
    }),
    fc.record({
      fc: fc.constant(FC.writeMultipleRegisters),
      address: fc.integer({ min: 0, max: 1000 }),
      values: fc
        .array(fc.integer({ min: 0, max: 65_535 }), { minLength: 1, maxLength: LIMITS.writeRegisters })
        .map((v) => Uint16Array.from(v)),
    }),
    fc.record({
      fc: fc.constant(FC.encapsulatedInterface),
      mei: fc.constant(14 as const),
      code: fc.integer({ min: 1, max: 4 }),
      objectId: fc.integer({ min: 0, max: 255 }),
    }),
  );

  test('property: what the client writes, the server reads back', () => {
    fc.assert(fc.property(request, (r) => assert.deepEqual(decodeRequest(encodeRequest(r)), { ...r })));
  });

  test('property: any bytes decode to a request or a refusal, never an exception thrown', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 253 }), (bytes) => {
        const r = decodeRequest(Buffer.from(bytes));
        if (isRefusal(r)) assert.ok([1, 2, 3].includes(r.exception));
      }),
    );
  });
});

describe('responses', () => {
  test('bits are packed LSB first and padded with zeros', () => {
    const out = encodeBits(1, Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 0, 1]), 9);
    assert.deepEqual([...out], [1, 2, 0b1101, 0b1]);
    assert.deepEqual(decodeResponse(out, 9), {
      kind: 'bits',
      fc: 1,
      bits: [true, false, true, true, false, false, false, false, true],
    });
  });

  test('registers are big-endian', () => {
    const out = encodeRegisters(3, Uint16Array.from([0x1234, 0xabcd]), 2);
    assert.deepEqual([...out], [3, 4, 0x12, 0x34, 0xab, 0xcd]);
    const r = decodeResponse(out);
    assert.ok(r.kind === 'registers');
    assert.deepEqual([...r.registers], [0x1234, 0xabcd]);
  });

  test('write answers echo; exceptions set the high bit', () => {
    assert.deepEqual([...encodeWriteAnswer(6, 100, 1600)], [6, 0, 100, 0x06, 0x40]);
    assert.deepEqual([...encodeException(16, EXCEPTION.illegalDataAddress)], [0x90, 2]);
    assert.deepEqual(decodeResponse(encodeException(3, EXCEPTION.gatewayTargetFailedToRespond)), {
      kind: 'exception',
      fc: 3,
      exception: 0x0b,
    });
  });
});
