// Property test of the application over the demo site: any request the codec decodes, aimed at the demo
// objects or anywhere, is answered (an ACK the codec decodes, an Error, a Reject) and never throws out of
// `confirmed`; unconfirmed requests never throw either.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import {
  type BacnetValue,
  ConfirmedService,
  decodeComplexAckBody,
  decodeConfirmedRequest,
  decodeUnconfirmedRequest,
  encodePropertyValue,
  encodeReadProperty,
  encodeReadPropertyMultiple,
  encodeSubscribeCov,
  encodeSubscribeCovProperty,
  encodeWhoHas,
  encodeWriteProperty,
  encodeWritePropertyMultiple,
  type ObjectId,
  PropertyId,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { type BacnetAppFixture, bacnetApp, PEER } from './bacnet-app-fixture.js';

describe('BACnet application fuzz', () => {
  let f: BacnetAppFixture;
  let objects: ObjectId[];
  before(async () => {
    f = await bacnetApp();
    objects = f.site.devices.flatMap((d) =>
      d.profile.points.map((p) => {
        const a = bacnetAddressOf(p);
        return { type: BACNET_OBJECT_TYPES[a.type].number, instance: a.instance };
      }),
    );
    objects.push({ type: 8, instance: 4194303 }, { type: 8, instance: 1000 });
  });
  after(() => f.close());

  const objectArb = () =>
    fc.oneof(
      fc.constantFrom(...objects),
      fc.record({ type: fc.integer({ min: 0, max: 1023 }), instance: fc.integer({ min: 0, max: 0x3fffff }) }),
    );
  const propertyArb = fc.oneof(
    fc.constantFrom(...Object.values(PropertyId)),
    fc.integer({ min: 0, max: 600 }),
  );
  const indexArb = fc.option(
    fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    {
      nil: undefined,
    },
  );
  const valueArb: fc.Arbitrary<BacnetValue> = fc.oneof(
    fc.constant<BacnetValue>({ type: 'null' }),
    fc.boolean().map((value): BacnetValue => ({ type: 'boolean', value })),
    fc.float({ noNaN: false }).map((value): BacnetValue => ({ type: 'real', value })),
    fc.integer({ min: 0, max: 10 }).map((value): BacnetValue => ({ type: 'enumerated', value })),
    fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((value): BacnetValue => ({ type: 'unsigned', value })),
    fc.integer().map((value): BacnetValue => ({ type: 'signed', value })),
    fc.string({ maxLength: 20 }).map((value): BacnetValue => ({ type: 'characterString', value })),
    fc
      .record({
        year: fc.oneof(fc.integer({ min: 1900, max: 2154 }), fc.constant(255)),
        month: fc.integer({ min: 0, max: 255 }),
        day: fc.integer({ min: 0, max: 255 }),
        weekday: fc.integer({ min: 0, max: 255 }),
      })
      .map((value): BacnetValue => ({ type: 'date', value })),
    fc
      .record({
        hour: fc.integer({ min: 0, max: 255 }),
        minute: fc.integer({ min: 0, max: 255 }),
        second: fc.integer({ min: 0, max: 255 }),
        hundredths: fc.integer({ min: 0, max: 255 }),
      })
      .map((value): BacnetValue => ({ type: 'time', value })),
  );
  const rawValueArb = fc.array(valueArb, { minLength: 1, maxLength: 3 }).map(encodePropertyValue);
  const priorityArb = fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined });
  const refArb = fc.record({ property: propertyArb, arrayIndex: indexArb }, { requiredKeys: ['property'] });

  const requestArb = (): fc.Arbitrary<[number, Uint8Array]> =>
    fc.oneof(
      fc
        .record(
          { object: objectArb(), property: propertyArb, arrayIndex: indexArb },
          { requiredKeys: ['object', 'property'] },
        )
        .map((r): [number, Uint8Array] => [ConfirmedService.READ_PROPERTY, encodeReadProperty(r)]),
      fc
        .array(
          fc.record({ object: objectArb(), properties: fc.array(refArb, { minLength: 1, maxLength: 4 }) }),
          {
            minLength: 1,
            maxLength: 4,
          },
        )
        .map((specs): [number, Uint8Array] => [
          ConfirmedService.READ_PROPERTY_MULTIPLE,
          encodeReadPropertyMultiple(specs),
        ]),
      fc
        .record(
          {
            object: objectArb(),
            property: propertyArb,
            arrayIndex: indexArb,
            value: rawValueArb,
            priority: priorityArb,
          },
          { requiredKeys: ['object', 'property', 'value'] },
        )
        .map((r): [number, Uint8Array] => [ConfirmedService.WRITE_PROPERTY, encodeWriteProperty(r)]),
      fc
        .array(
          fc.record({
            object: objectArb(),
            properties: fc.array(
              fc.record(
                { property: propertyArb, arrayIndex: indexArb, value: rawValueArb, priority: priorityArb },
                { requiredKeys: ['property', 'value'] },
              ),
              { minLength: 1, maxLength: 3 },
            ),
          }),
          { minLength: 1, maxLength: 3 },
        )
        .map((specs): [number, Uint8Array] => [
          ConfirmedService.WRITE_PROPERTY_MULTIPLE,
          encodeWritePropertyMultiple(specs),
        ]),
      fc
        .record({
          processId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          object: objectArb(),
          cancel: fc.boolean(),
          confirmed: fc.boolean(),
          lifetime: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        })
        .map((r) => {
          const request = r.cancel
            ? { processId: r.processId, object: r.object, cancel: true as const }
            : {
                processId: r.processId,
                object: r.object,
                cancel: false as const,
                confirmed: r.confirmed,
                ...(r.lifetime === undefined ? {} : { lifetime: r.lifetime }),
              };
          return [ConfirmedService.SUBSCRIBE_COV, encodeSubscribeCov(request)] as [number, Uint8Array];
        }),
      fc
        .record({
          processId: fc.integer({ min: 0, max: 1000 }),
          object: objectArb(),
          property: refArb,
          covIncrement: fc.option(fc.float({ noNaN: false }), { nil: undefined }),
        })
        .map((r): [number, Uint8Array] => [
          ConfirmedService.SUBSCRIBE_COV_PROPERTY,
          encodeSubscribeCovProperty({
            processId: r.processId,
            object: r.object,
            cancel: false,
            confirmed: false,
            property: r.property,
            ...(r.covIncrement === undefined ? {} : { covIncrement: r.covIncrement }),
          }),
        ]),
      fc
        .tuple(fc.constantFrom(...Object.values(ConfirmedService)), fc.uint8Array({ maxLength: 40 }))
        .map(([s, body]) => [s, body] as [number, Uint8Array]),
    );

  test('property: every decoded confirmed request is answered, never thrown', async () => {
    const devices = f.app.devices();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: devices.length - 1 }),
        requestArb(),
        async (i, [service, body]) => {
          const decoded = decodeConfirmedRequest(service, body);
          if (!decoded || !decoded.ok) return;
          const answer = await f.app.confirmed(devices[i] as (typeof devices)[number], decoded.value, PEER);
          assert.ok(
            ['simple-ack', 'complex-ack', 'error', 'reject'].includes(answer.kind),
            JSON.stringify(answer),
          );
          if (answer.kind === 'complex-ack') {
            const ack = decodeComplexAckBody(service, answer.body);
            assert.ok(ack?.ok, 'the ACK decodes');
          }
          if (answer.kind === 'error')
            assert.equal(
              answer.errorClass === 1 || answer.errorClass === 2 || answer.errorClass === 3,
              true,
              answer.why,
            );
        },
      ),
      { numRuns: 400 },
    );
  });

  test('property: Who-Has and any unconfirmed request never throw', () => {
    const devices = f.app.devices();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: devices.length - 1 }),
        fc.oneof(
          fc
            .oneof(
              objectArb().map((objectId) => ({ objectId })),
              fc
                .oneof(
                  fc.constantFrom(...f.site.devices.flatMap((d) => d.profile.points.map((p) => p.name))),
                  fc.string(),
                )
                .map((objectName) => ({ objectName })),
            )
            .map((r) => [UnconfirmedService.WHO_HAS, encodeWhoHas(r)] as [number, Uint8Array]),
          fc.tuple(fc.constantFrom(...Object.values(UnconfirmedService)), fc.uint8Array({ maxLength: 30 })),
        ),
        (i, [service, body]) => {
          const decoded = decodeUnconfirmedRequest(service, body);
          if (!decoded || !decoded.ok) return;
          const answers = f.app.unconfirmed(devices[i] as (typeof devices)[number], decoded.value, PEER);
          for (const a of answers) assert.equal(a.service, UnconfirmedService.I_HAVE);
        },
      ),
      { numRuns: 400 },
    );
  });
});
