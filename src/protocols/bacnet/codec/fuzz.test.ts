// Fuzzing: random bytes and mutated valid frames and service bodies given to every decoder. A decoder must
// return (never throw, never loop: every loop consumes input), and its result is either a value or a
// failure with a reason, a message and an offset.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeApdu, encodeApdu } from './apdu.js';
import {
  apduArb,
  bvlcArb,
  npduArb,
  objectIdArb,
  propertyIdArb,
  propertyValueArb,
  propertyValueEntryArb,
} from './arbitraries.test.js';
import { decodeBvlc, encodeBvlc } from './bvlc.js';
import { decodeFrame } from './frame.js';
import { decodeNetworkMessage } from './network-messages.js';
import { decodeNpdu, encodeNpdu } from './npdu.js';
import { decodePropertyValue, decodeSingleValue } from './property-value.js';
import type { Decoded } from './result.js';
import { decodeCovNotification, encodeCovNotification } from './services/cov-notification.js';
import {
  decodeComplexAckBody,
  decodeConfirmedRequest,
  decodeUnconfirmedRequest,
} from './services/dispatch.js';
import { decodeError } from './services/error.js';
import { decodeIAm } from './services/i-am.js';
import { decodeIHave } from './services/i-have.js';
import {
  decodeReadProperty,
  decodeReadPropertyAck,
  encodeReadPropertyAck,
} from './services/read-property.js';
import {
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  encodeReadPropertyMultiple,
} from './services/read-property-multiple.js';
import { decodeSubscribeCov } from './services/subscribe-cov.js';
import { decodeSubscribeCovProperty } from './services/subscribe-cov-property.js';
import { decodeTimeSynchronization } from './services/time-synchronization.js';
import { decodeWhoHas } from './services/who-has.js';
import { decodeWhoIs } from './services/who-is.js';
import { decodeWriteProperty } from './services/write-property.js';
import {
  decodeWritePropertyMultiple,
  decodeWritePropertyMultipleError,
  encodeWritePropertyMultiple,
} from './services/write-property-multiple.js';
import { decodeTag } from './tags.js';

const DECODERS: Array<(b: Uint8Array) => Decoded<unknown>> = [
  decodeFrame,
  decodeBvlc,
  decodeNpdu,
  decodeApdu,
  (b) => decodeNetworkMessage(b[0] ?? 0, b.subarray(1)),
  decodeTag,
  decodePropertyValue,
  decodeSingleValue,
  decodeWhoIs,
  decodeIAm,
  decodeWhoHas,
  decodeIHave,
  decodeReadProperty,
  decodeReadPropertyAck,
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  decodeWriteProperty,
  decodeWritePropertyMultiple,
  decodeWritePropertyMultipleError,
  decodeSubscribeCov,
  decodeSubscribeCovProperty,
  decodeCovNotification,
  decodeTimeSynchronization,
  decodeError,
  // Every service choice 0–33 through the dispatchers (null, for one they do not know, is an answer too).
  ...Array.from(
    { length: 34 },
    (_, choice) => (b: Uint8Array) => decodeConfirmedRequest(choice, b) ?? { ok: true as const, value: null },
  ),
  ...Array.from(
    { length: 15 },
    (_, choice) => (b: Uint8Array) =>
      decodeUnconfirmedRequest(choice, b) ?? { ok: true as const, value: null },
  ),
  (b: Uint8Array) => decodeComplexAckBody(b[0] ?? 0, b.subarray(1)) ?? { ok: true as const, value: null },
];

/** Every decoder returns a well-formed result for `bytes`. */
function everyDecoderAnswers(bytes: Uint8Array): void {
  for (const decode of DECODERS) {
    const r = decode(bytes);
    if (r.ok) continue;
    assert.ok(r.reason === 'malformed' || r.reason === 'unsupported');
    assert.equal(typeof r.error, 'string');
    // An offset of -1 means an error other than the codec's own (a bug the decoder should have checked for).
    assert.ok(Number.isInteger(r.offset) && r.offset >= 0, r.error);
    assert.ok(Number.isInteger(r.rejectReason) && r.rejectReason >= 0 && r.rejectReason <= 9);
  }
}

interface Mutation {
  writes: Array<[number, number]>;
  cut: number | undefined;
  extra: Uint8Array;
}

/** Byte changes applied to a valid input: overwrites, a cut, or junk appended. */
const mutationArb: fc.Arbitrary<Mutation> = fc.record(
  {
    writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    extra: fc.uint8Array({ maxLength: 4 }),
  },
  { noNullPrototype: true },
);

function mutate(valid: Uint8Array, m: Mutation): Uint8Array {
  const out = Uint8Array.from(valid);
  for (const [at, v] of m.writes) if (out.length > 0) out[at % out.length] = v;
  const cut = m.cut === undefined ? out.length : m.cut % (out.length + 1);
  return Uint8Array.from([...out.subarray(0, cut), ...m.extra]);
}

const validFrameArb = fc.oneof(
  bvlcArb.map((m) => encodeBvlc(m)),
  fc
    .tuple(npduArb, fc.constantFrom('original-unicast' as const, 'original-broadcast' as const))
    .map(([n, f]) => encodeBvlc({ function: f, npdu: encodeNpdu(n) })),
  apduArb.map((a) =>
    encodeBvlc({
      function: 'original-unicast',
      npdu: encodeNpdu({ expectingReply: true, priority: 0, payload: encodeApdu(a) }),
    }),
  ),
);

const validBodyArb = fc.oneof(
  fc
    .tuple(objectIdArb, propertyIdArb, propertyValueArb)
    .map(([object, property, value]) => encodeReadPropertyAck({ object, property, value })),
  fc
    .array(
      fc.record({
        object: objectIdArb,
        properties: fc.array(
          propertyIdArb.map((property) => ({ property })),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map(encodeReadPropertyMultiple),
  fc
    .array(
      fc.record({
        object: objectIdArb,
        properties: fc.array(propertyValueEntryArb, { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 2 },
    )
    .map(encodeWritePropertyMultiple),
  fc.array(propertyValueEntryArb, { maxLength: 3 }).map((values) =>
    encodeCovNotification({
      processId: 1,
      device: { type: 8, instance: 1 },
      object: { type: 0, instance: 1 },
      timeRemaining: 60,
      values,
    }),
  ),
  propertyValueArb,
);

describe('fuzz', () => {
  test('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), everyDecoderAnswers), { numRuns: 3000 });
  });

  test('random bytes behind a valid BVLC and NPDU header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (apdu) => {
        const frame = Uint8Array.from([0x81, 0x0a, 0, 6 + apdu.length, 0x01, 0x04, ...apdu]);
        everyDecoderAnswers(frame);
      }),
      { numRuns: 2000 },
    );
  });

  test('mutated valid frames', () => {
    fc.assert(
      fc.property(validFrameArb, mutationArb, (f, m) => everyDecoderAnswers(mutate(f, m))),
      { numRuns: 2000 },
    );
  });

  test('mutated valid service bodies', () => {
    fc.assert(
      fc.property(validBodyArb, mutationArb, (b, m) => everyDecoderAnswers(mutate(b, m))),
      { numRuns: 2000 },
    );
  });

  test('deep nesting of opening tags is bounded by the input', () => {
    const deep = Uint8Array.from([...new Array(5000).fill(0x0e), ...new Array(5000).fill(0x0f)]);
    everyDecoderAnswers(deep);
    assert.ok(decodePropertyValue(deep).ok);
  });
});
