import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { encodeFrame, encodeFrames, type Frame, FrameDecoder, MAX_PDU_LENGTH } from './mbap.js';

const frameOf = (id: number, unit: number, pdu: number[]) => encodeFrame(id, unit, Uint8Array.from(pdu));

function decodeAll(chunks: Buffer[]): { frames: Frame[]; problem: string | null } {
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  let problem: string | null = null;
  for (const chunk of chunks) {
    problem = decoder.push(chunk, (f) => frames.push({ ...f, pdu: Buffer.from(f.pdu) }));
    if (problem) break;
  }
  return { frames, problem };
}

describe('MBAP frames', () => {
  test('a frame is header (transaction, protocol 0, length = PDU + 1, unit) then PDU', () => {
    assert.deepEqual([...frameOf(0x1234, 7, [3, 0, 1, 0, 2])], [0x12, 0x34, 0, 0, 0, 6, 7, 3, 0, 1, 0, 2]);
  });

  test('frames in pieces and many frames in one chunk', () => {
    const a = frameOf(1, 1, [3, 0, 0, 0, 1]);
    const b = frameOf(2, 9, [4, 0, 10, 0, 2]);
    const stream = Buffer.concat([a, b]);
    const { frames } = decodeAll([stream.subarray(0, 3), stream.subarray(3, 15), stream.subarray(15)]);
    assert.deepEqual(
      frames.map((f) => [f.transactionId, f.unitId, [...f.pdu]]),
      [
        [1, 1, [3, 0, 0, 0, 1]],
        [2, 9, [4, 0, 10, 0, 2]],
      ],
    );
  });

  test('a protocol id other than 0 is garbage, seen as soon as its 4 bytes arrive', () => {
    const { problem } = decodeAll([Buffer.from([0, 1, 0, 1])]);
    assert.match(problem ?? '', /protocol id 1/);
  });

  test('a length below 2 or above 254 is garbage', () => {
    assert.match(decodeAll([Buffer.from([0, 1, 0, 0, 0, 1, 1])]).problem ?? '', /length 1/);
    assert.match(decodeAll([Buffer.from([0, 1, 0, 0, 0, 255])]).problem ?? '', /length 255/);
  });

  test('frames before garbage are delivered; nothing after it, even later chunks', () => {
    const decoder = new FrameDecoder();
    const frames: Frame[] = [];
    const good = frameOf(5, 1, [3, 0, 0, 0, 1]);
    const problem = decoder.push(Buffer.concat([good, Buffer.from('GET / HTTP/1.1\r\n')]), (f) =>
      frames.push(f),
    );
    assert.ok(problem);
    assert.equal(frames.length, 1);
    assert.ok(decoder.push(good, (f) => frames.push(f)));
    assert.equal(frames.length, 1);
  });

  test('an incomplete frame is held, and never more than one frame of it', () => {
    const decoder = new FrameDecoder();
    const big = frameOf(
      1,
      1,
      Array.from({ length: MAX_PDU_LENGTH }, () => 0x10),
    );
    assert.equal(
      decoder.push(big.subarray(0, big.length - 1), () => {}),
      null,
    );
    assert.equal(decoder.pending, big.length - 1);
    let n = 0;
    assert.equal(
      decoder.push(big.subarray(big.length - 1), () => n++),
      null,
    );
    assert.equal(n, 1);
    assert.equal(decoder.pending, 0);
  });
});

describe('MBAP decoder fuzz', () => {
  const pdu = fc.uint8Array({ minLength: 1, maxLength: MAX_PDU_LENGTH });
  const frame = fc.record({
    id: fc.integer({ min: 0, max: 0xffff }),
    unit: fc.integer({ min: 0, max: 255 }),
    pdu,
  });

  test('property: any valid stream cut anywhere gives back the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(frame, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (frames, cuts) => {
          const stream = Buffer.concat(frames.map((f) => encodeFrame(f.id, f.unit, f.pdu)));
          const points = [...new Set(cuts.map((c) => c % stream.length))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((from, i) => stream.subarray(from, points[i] ?? stream.length));
          const { frames: got, problem } = decodeAll(chunks);
          assert.equal(problem, null);
          assert.deepEqual(
            got.map((f) => [f.transactionId, f.unitId, [...f.pdu]]),
            frames.map((f) => [f.id, f.unit, [...f.pdu]]),
          );
        },
      ),
    );
  });

  test('property: several frames in one buffer are the frames one after the other, and decode back', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 8 }), (frames) => {
        const together = encodeFrames(
          frames.map((f) => ({ transactionId: f.id, unitId: f.unit, pdu: Buffer.from(f.pdu) })),
        );
        assert.deepEqual(together, Buffer.concat(frames.map((f) => encodeFrame(f.id, f.unit, f.pdu))));
        const { frames: got } = decodeAll([together]);
        assert.deepEqual(
          got.map((f) => [f.transactionId, f.unitId, [...f.pdu]]),
          frames.map((f) => [f.id, f.unit, [...f.pdu]]),
        );
      }),
    );
  });

  test('property: random bytes never throw; each result is frames, a wait, or garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), (chunks) => {
        const { frames } = decodeAll(chunks.map((c) => Buffer.from(c)));
        for (const f of frames) assert.ok(f.pdu.length >= 1 && f.pdu.length <= MAX_PDU_LENGTH);
      }),
    );
  });

  test('property: a mutated valid stream never throws and never yields a frame the header does not allow', () => {
    fc.assert(
      fc.property(
        fc.array(frame, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (frames, mutations) => {
          const stream = Buffer.concat(frames.map((f) => encodeFrame(f.id, f.unit, f.pdu)));
          for (const [at, byte] of mutations) stream[at % stream.length] = byte;
          const { frames: got } = decodeAll([stream]);
          for (const f of got) assert.ok(f.pdu.length >= 1 && f.pdu.length <= MAX_PDU_LENGTH);
        },
      ),
    );
  });
});
