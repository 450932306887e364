// Fuzz of the request handler on the demo site (no sockets, so thousands of runs): any PDU to any unit gets
// the response of its function or one of the listed exceptions, never a throw; reads answer the quantity asked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { identityObjects } from '../../src/protocols/modbus/device-id.js';
import { RequestHandler } from '../../src/protocols/modbus/request-handler.js';
import { bindUnits } from '../../src/protocols/modbus/units.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';

describe('Modbus request handler fuzz', () => {
  let demo: DemoModbus;
  let handler: RequestHandler;
  before(async () => {
    demo = await demoModbus();
    const units = bindUnits(
      demo.site,
      demo.runtime.points,
      { wordOrder: 'high-first', zeroGaps: false },
      {
        'fuel-tank': { zeroGaps: true },
      },
    );
    const identities = new Map<number, Map<number, Buffer>>();
    for (const b of units)
      if (b)
        identities.set(
          b.unit,
          identityObjects({
            profileId: b.device.profile.id,
            profileName: b.device.profile.name,
            localName: b.device.profile.localName,
            deviceId: b.device.id,
            deviceName: b.device.name,
            siteName: demo.site.site.name,
          }),
        );
    handler = new RequestHandler({
      units,
      identities,
      points: demo.runtime.services.points,
      writes: demo.runtime.services.writes,
      readOnly: false,
      priority: 16,
      role: 'admin',
    });
  });
  after(() => demo.close());

  const functionCode = fc.oneof(
    fc.constantFrom(1, 2, 3, 4, 5, 6, 15, 16, 43),
    fc.integer({ min: 0, max: 255 }),
  );
  const pdu = fc
    .tuple(
      functionCode,
      fc.oneof(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 495, max: 530 }),
        fc.integer({ min: 0, max: 65_535 }),
      ),
      fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 65_535 })),
      fc.uint8Array({ maxLength: 40 }),
      fc.boolean(),
    )
    .map(([f, address, quantity, rest, short]) => {
      const head = Buffer.alloc(5);
      head[0] = f;
      head.writeUInt16BE(address, 1);
      head.writeUInt16BE(quantity, 3);
      return short ? head.subarray(0, 1 + (rest.length % 5)) : Buffer.concat([head, rest]);
    });

  test('property: an answer of the same function or a listed exception, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }), pdu, async (unit, request) => {
        const answer = await handler.handle(unit, request, '127.0.0.1:1');
        assert.ok(Buffer.isBuffer(answer));
        const f = (request[0] as number) & 0x7f;
        assert.equal((answer[0] as number) & 0x7f, f);
        if ((answer[0] as number) & 0x80) {
          assert.equal(answer.length, 2);
          assert.ok([1, 2, 3, 4, 0x0b].includes(answer[1] as number), `exception ${answer[1]}`);
          return;
        }
        const quantity = request.readUInt16BE(3);
        if (f === 3 || f === 4) assert.equal(answer.length, 2 + 2 * quantity);
        if (f === 1 || f === 2) assert.equal(answer.length, 2 + Math.ceil(quantity / 8));
        if ([5, 6, 15, 16].includes(f)) assert.deepEqual(answer.subarray(0, 5), request.subarray(0, 5));
      }),
      { numRuns: 3000 },
    );
  });
});
