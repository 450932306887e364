// fast-check arbitraries of every value, PDU and service this codec encodes, shared by the round-trip and
// fuzz tests (and the interop tests); the test here checks that each one yields encodable values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { type Apdu, encodeApdu } from './apdu.js';
import { type BvlcMessage, encodeBvlc } from './bvlc.js';
import { encodeNetworkMessage, type NetworkMessage } from './network-messages.js';
import { encodeNpdu, type Npdu } from './npdu.js';
import { encodePropertyValue } from './property-value.js';
import type { Decoded } from './result.js';
import type { PropertyValueEntry } from './services/property-reference.js';
import type { SubscribeCovRequest } from './services/subscribe-cov.js';
import type { BacnetValue, ObjectId } from './values.js';

/** fc.record with plain objects (deepEqual tells a null prototype apart). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

const byte = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (maxLength = 32) => fc.uint8Array({ maxLength }).map((b) => Uint8Array.from(b));

export const objectIdArb: fc.Arbitrary<ObjectId> = rec({
  type: fc.integer({ min: 0, max: 1023 }),
  instance: fc.integer({ min: 0, max: 0x3fffff }),
});

export const valueArb: fc.Arbitrary<BacnetValue> = fc.oneof(
  fc.constant<BacnetValue>({ type: 'null' }),
  fc.boolean().map((value): BacnetValue => ({ type: 'boolean', value })),
  u32.map((value): BacnetValue => ({ type: 'unsigned', value })),
  fc
    .bigInt({ min: 1n << 32n, max: (1n << 64n) - 1n })
    .map((value): BacnetValue => ({ type: 'unsigned', value })),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value): BacnetValue => ({ type: 'signed', value })),
  fc
    .bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })
    .filter((v) => v < -(1n << 31n) || v >= 1n << 31n)
    .map((value): BacnetValue => ({ type: 'signed', value })),
  fc.float({ noNaN: true }).map((value): BacnetValue => ({ type: 'real', value })),
  fc.double({ noNaN: true }).map((value): BacnetValue => ({ type: 'double', value })),
  bytes(300).map((value): BacnetValue => ({ type: 'octetString', value })),
  fc
    .string({ unit: 'grapheme', maxLength: 40 })
    .map((value): BacnetValue => ({ type: 'characterString', value })),
  fc.array(fc.boolean(), { maxLength: 60 }).map((value): BacnetValue => ({ type: 'bitString', value })),
  u32.map((value): BacnetValue => ({ type: 'enumerated', value })),
  rec({
    year: fc.oneof(fc.integer({ min: 1900, max: 2154 }), fc.constant(255)),
    month: fc.oneof(fc.integer({ min: 1, max: 14 }), fc.constant(255)),
    day: fc.oneof(fc.integer({ min: 1, max: 34 }), fc.constant(255)),
    weekday: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(255)),
  }).map((value): BacnetValue => ({ type: 'date', value })),
  rec({
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constant(255)),
    minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constant(255)),
    second: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constant(255)),
    hundredths: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(255)),
  }).map((value): BacnetValue => ({ type: 'time', value })),
  objectIdArb.map((value): BacnetValue => ({ type: 'objectId', value })),
);

export const propertyValueArb = fc.array(valueArb, { minLength: 1, maxLength: 4 }).map(encodePropertyValue);
export const propertyIdArb = fc.oneof(fc.integer({ min: 0, max: 600 }), u32);
export const arrayIndexArb = fc.option(u32, { nil: undefined });
export const priorityArb = fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined });

/** A BACnetPropertyValue with its optional fields present or absent (not set to undefined). */
export const propertyValueEntryArb: fc.Arbitrary<PropertyValueEntry> = rec({
  property: propertyIdArb,
  arrayIndex: arrayIndexArb,
  value: propertyValueArb,
  priority: priorityArb,
}).map(({ property, arrayIndex, value, priority }) => ({
  property,
  ...(arrayIndex === undefined ? {} : { arrayIndex }),
  value,
  ...(priority === undefined ? {} : { priority }),
}));

const segmentArb = fc.option(
  rec({
    sequenceNumber: byte,
    proposedWindowSize: fc.integer({ min: 1, max: 127 }),
    moreFollows: fc.boolean(),
  }),
  { nil: undefined },
);

export const apduArb: fc.Arbitrary<Apdu> = fc.oneof(
  rec({
    segmentedResponseAccepted: fc.boolean(),
    maxSegments: fc.integer({ min: 0, max: 7 }),
    maxApdu: fc.integer({ min: 0, max: 5 }),
    invokeId: byte,
    segment: segmentArb,
    service: byte,
    body: bytes(),
  }).map(({ segment, ...a }): Apdu => ({ type: 'confirmed-request', ...a, ...(segment ? { segment } : {}) })),
  rec({ service: byte, body: bytes() }).map((a): Apdu => ({ type: 'unconfirmed-request', ...a })),
  rec({ invokeId: byte, service: byte }).map((a): Apdu => ({ type: 'simple-ack', ...a })),
  rec({ invokeId: byte, segment: segmentArb, service: byte, body: bytes() }).map(
    ({ segment, ...a }): Apdu => ({ type: 'complex-ack', ...a, ...(segment ? { segment } : {}) }),
  ),
  rec({
    negative: fc.boolean(),
    fromServer: fc.boolean(),
    invokeId: byte,
    sequenceNumber: byte,
    actualWindowSize: byte,
  }).map((a): Apdu => ({ type: 'segment-ack', ...a })),
  rec({ invokeId: byte, service: byte, body: bytes() }).map((a): Apdu => ({ type: 'error', ...a })),
  rec({ invokeId: byte, reason: byte }).map((a): Apdu => ({ type: 'reject', ...a })),
  rec({ fromServer: fc.boolean(), invokeId: byte, reason: byte }).map((a): Apdu => ({ type: 'abort', ...a })),
);

const networkArb = fc.integer({ min: 1, max: 0xfffe });

export const networkMessageArb: fc.Arbitrary<NetworkMessage> = fc.oneof(
  fc
    .option(networkArb, { nil: undefined })
    .map(
      (network): NetworkMessage =>
        network === undefined
          ? { type: 'who-is-router-to-network' }
          : { type: 'who-is-router-to-network', network },
    ),
  rec({
    type: fc.constantFrom(
      'i-am-router-to-network' as const,
      'router-busy-to-network' as const,
      'router-available-to-network' as const,
    ),
    networks: fc.array(networkArb, { maxLength: 8 }),
  }).map((m): NetworkMessage => m),
  rec({ network: networkArb, performanceIndex: byte }).map(
    (m): NetworkMessage => ({ type: 'i-could-be-router-to-network', ...m }),
  ),
  rec({ reason: fc.integer({ min: 0, max: 6 }), network: networkArb }).map(
    (m): NetworkMessage => ({ type: 'reject-message-to-network', ...m }),
  ),
  rec({
    type: fc.constantFrom('initialize-routing-table' as const, 'initialize-routing-table-ack' as const),
    entries: fc.array(rec({ network: networkArb, portId: byte, portInfo: bytes(8) }), {
      maxLength: 4,
    }),
  }).map((m): NetworkMessage => m),
  fc.constant<NetworkMessage>({ type: 'what-is-network-number' }),
  rec({ network: networkArb, configured: fc.boolean() }).map(
    (m): NetworkMessage => ({ type: 'network-number-is', ...m }),
  ),
  rec({ messageType: fc.integer({ min: 0x80, max: 0xff }), vendorId: u16, body: bytes(16) }).map(
    (m): NetworkMessage => ({ type: 'other', ...m }),
  ),
);

const stationArb = (minLength: number) =>
  rec({
    network: networkArb,
    address: fc.uint8Array({ minLength, maxLength: 8 }).map((b) => Uint8Array.from(b)),
  });

/** An NPDU header: with or without destination (then with a hop count) and source. */
export const npduHeaderArb = rec({
  expectingReply: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
  destination: fc.option(
    fc.oneof(stationArb(0), fc.constant({ network: 0xffff, address: new Uint8Array(0) })),
    {
      nil: undefined,
    },
  ),
  hopCount: byte,
  source: fc.option(stationArb(1), { nil: undefined }),
}).map(
  ({ destination, hopCount, source, ...rest }): Omit<Npdu, 'payload'> => ({
    ...rest,
    ...(destination ? { destination, hopCount } : {}),
    ...(source ? { source } : {}),
  }),
);

/** A whole NPDU carrying an APDU or a network message. */
export const npduArb: fc.Arbitrary<Npdu> = fc
  .tuple(
    npduHeaderArb,
    fc.oneof(
      apduArb.map((a) => ({ apdu: a })),
      networkMessageArb.map((m) => ({ m })),
    ),
  )
  .map(([header, body]): Npdu => {
    if ('apdu' in body) return { ...header, payload: encodeApdu(body.apdu) };
    const m = encodeNetworkMessage(body.m);
    return {
      ...header,
      messageType: m.messageType,
      ...(m.vendorId === undefined ? {} : { vendorId: m.vendorId }),
      payload: m.payload,
    };
  });

const ipArb = fc.tuple(byte, byte, byte, byte).map((p) => p.join('.'));
const bipArb = rec({ address: ipArb, port: u16 });

export const bvlcArb: fc.Arbitrary<BvlcMessage> = fc.oneof(
  rec({
    function: fc.constantFrom(
      'original-unicast' as const,
      'original-broadcast' as const,
      'distribute-broadcast' as const,
    ),
    npdu: npduArb.map((n) => Uint8Array.from(encodeNpdu(n))),
  }).map((m): BvlcMessage => m),
  rec({ origin: bipArb, npdu: npduArb.map((n) => Uint8Array.from(encodeNpdu(n))) }).map(
    (m): BvlcMessage => ({ function: 'forwarded', ...m }),
  ),
  u16.map((ttl): BvlcMessage => ({ function: 'register-foreign-device', ttl })),
  u16.map((code): BvlcMessage => ({ function: 'result', code })),
  rec({
    function: fc.constantFrom('write-bdt' as const, 'read-bdt-ack' as const),
    entries: fc.array(rec({ address: ipArb, port: u16, mask: ipArb }), { maxLength: 4 }),
  }).map((m): BvlcMessage => m),
  fc
    .array(rec({ address: ipArb, port: u16, ttl: u16, remaining: u16 }), { maxLength: 4 })
    .map((entries): BvlcMessage => ({ function: 'read-fdt-ack', entries })),
  fc.constantFrom<BvlcMessage>({ function: 'read-bdt' }, { function: 'read-fdt' }),
  bipArb.map((entry): BvlcMessage => ({ function: 'delete-fdt-entry', entry })),
);

/** Encodes, decodes and compares, for every value the arbitrary yields. */
export function roundTrip<T>(
  arb: fc.Arbitrary<T>,
  encode: (v: T) => Buffer,
  decode: (b: Uint8Array) => Decoded<T>,
): void {
  fc.assert(
    fc.property(arb, (v) => {
      const back = decode(encode(v));
      assert.ok(back.ok, back.ok ? '' : back.error);
      assert.deepEqual(plain(back.value), plain(v));
    }),
    { numRuns: 300 },
  );
}

/** `{ [key]: v }`, or nothing when v is undefined (optional fields absent rather than undefined). */
export const opt = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
export const u32Arb = u32;
export const instanceArb = fc.integer({ min: 0, max: 0x3fffff });
export const rangeArb = fc.option(
  fc.record({ low: instanceArb, high: instanceArb }, { noNullPrototype: true }),
  {
    nil: undefined,
  },
);
export const nameArb = fc.string({ maxLength: 30 });
export const errorArb = fc.record(
  { errorClass: fc.integer({ min: 0, max: 7 }), errorCode: fc.integer({ min: 0, max: 300 }) },
  { noNullPrototype: true },
);
export const refArb = fc
  .tuple(propertyIdArb, arrayIndexArb)
  .map(([property, arrayIndex]) => ({ property, ...opt('arrayIndex', arrayIndex) }));
export const subscriptionArb: fc.Arbitrary<SubscribeCovRequest> = fc
  .tuple(
    u32Arb,
    objectIdArb,
    fc.option(fc.tuple(fc.boolean(), fc.option(u32Arb, { nil: undefined })), { nil: undefined }),
  )
  .map(([processId, object, sub]) =>
    sub === undefined
      ? { processId, object, cancel: true as const }
      : { processId, object, cancel: false as const, confirmed: sub[0], ...opt('lifetime', sub[1]) },
  );

/** A deep copy with every byte view (Buffer, subarray) made a plain Uint8Array, for deepEqual. */
export function plain<T>(v: T): T {
  if (v instanceof Uint8Array) return Uint8Array.from(v) as T;
  if (Array.isArray(v)) return v.map(plain) as T;
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as T;
  }
  return v;
}

// Registered only when this file is run itself, not again in every test file that imports the arbitraries.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  test('every arbitrary yields values the encoders take', () => {
    fc.assert(
      fc.property(bvlcArb, (m) => {
        assert.ok(encodeBvlc(m).length >= 4);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(propertyValueEntryArb, (e) => {
        assert.ok(e.value.length >= 1);
      }),
      { numRuns: 200 },
    );
  });
}
