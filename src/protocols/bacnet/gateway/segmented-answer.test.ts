// The gateway's side of a segmented answer: the first segment acknowledged alone (setting the window), then
// the end of each window and the last segment; a gap or a duplicate answered by a negative SegmentACK
// naming the last segment taken; the pieces put together in order; too many segments end the answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { GATEWAY_WINDOW, SegmentedAnswer, type SegmentTaken } from './segmented-answer.js';

const seg = (sequenceNumber: number, moreFollows: boolean, proposedWindowSize = 4) => ({
  sequenceNumber,
  moreFollows,
  proposedWindowSize,
});
const part = (n: number) => Uint8Array.of(n, n);
const ackOf = (t: SegmentTaken) => (t.kind === 'overflow' ? null : t.ack);

test('in order: the first alone, then each window end and the last are acknowledged; the body in order', () => {
  const answer = new SegmentedAnswer(64, 10);
  const acked: Array<number | null> = [];
  let body: Uint8Array | null = null;
  for (let i = 0; i < 10; i++) {
    const taken = answer.take(seg(i, i < 9), part(i));
    acked.push(ackOf(taken)?.sequenceNumber ?? null);
    if (taken.kind === 'done') body = taken.body;
  }
  // Window 4 proposed: 0 alone, then 1–4, 5–8, then the last (9).
  assert.deepEqual(acked, [0, null, null, null, 4, null, null, null, 8, 9]);
  assert.deepEqual([...(body ?? [])], [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
});

test("the window is the smaller of the device's proposal and the gateway's", () => {
  const answer = new SegmentedAnswer(64, 10);
  const first = answer.take(seg(0, true, 127), part(0));
  assert.equal(ackOf(first)?.actualWindowSize, GATEWAY_WINDOW);
});

test('a gap or a duplicate gets a negative SegmentACK naming the last segment taken, and is dropped', () => {
  const answer = new SegmentedAnswer(64, 10);
  answer.take(seg(0, true), part(0));
  answer.take(seg(1, true), part(1));
  const gap = answer.take(seg(3, true), part(3));
  assert.deepEqual(ackOf(gap), { negative: true, sequenceNumber: 1, actualWindowSize: 4 });
  const duplicate = answer.take(seg(1, true), part(1));
  assert.deepEqual(ackOf(duplicate), { negative: true, sequenceNumber: 1, actualWindowSize: 4 });
  // The device resends from 2: the window counts from the segment named.
  assert.equal(ackOf(answer.take(seg(2, true), part(2))), null);
  assert.equal(ackOf(answer.take(seg(3, true), part(3))), null);
  assert.equal(ackOf(answer.take(seg(4, true), part(4))), null);
  assert.equal(ackOf(answer.take(seg(5, true), part(5)))?.sequenceNumber, 5);
  const last = answer.take(seg(6, false), part(6));
  assert.equal(last.kind, 'done');
  assert.deepEqual([...(last.kind === 'done' ? last.body : [])], [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
});

test('a segment out of order before the first is dropped without an answer', () => {
  const answer = new SegmentedAnswer(64, 10);
  assert.deepEqual(answer.take(seg(2, true), part(2)), { kind: 'more', ack: null });
});

test('more segments than accepted, or a segment larger than the max-APDU, end the answer', () => {
  const few = new SegmentedAnswer(2, 10);
  few.take(seg(0, true), part(0));
  few.take(seg(1, true), part(1));
  assert.equal(few.take(seg(2, false), part(2)).kind, 'overflow');
  assert.equal(new SegmentedAnswer(2, 1).take(seg(0, true), part(0)).kind, 'overflow');
});

test('property: segments in any order with resends put together the body sent', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 127 }),
      fc.array(fc.nat(), { maxLength: 30 }),
      (parts, window, noise) => {
        const answer = new SegmentedAnswer(64, 8);
        // A sender that sometimes sends a stray segment, and resends from the segment after a NAK's.
        let next = 0;
        let body: Uint8Array | null = null;
        for (let step = 0; step < 500 && body === null; step++) {
          const stray = noise[step];
          const seq = stray !== undefined && stray % 3 === 0 ? stray % parts.length : next;
          const taken = answer.take(seg(seq, seq < parts.length - 1, window), parts[seq] as Uint8Array);
          if (taken.kind === 'overflow') throw new Error('overflow');
          if (taken.kind === 'done') body = taken.body;
          else if (taken.ack?.negative) next = taken.ack.sequenceNumber + 1;
          else if (seq === next) next++;
        }
        assert.ok(body, 'the answer is complete');
        assert.deepEqual(Buffer.from(body), Buffer.concat(parts.map((p) => Buffer.from(p))));
      },
    ),
  );
});
