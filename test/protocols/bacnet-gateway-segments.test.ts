// Segmented answers in gateway mode, against our own server (bacnet-gateway-fixture.ts), which segments a
// ComplexACK larger than the max-APDU a request says it takes: the gateway's client accepts segments,
// acknowledges them window by window and puts them together; a site read with a small `maxApdu` reads A's
// values; an answer that would take more segments than a request accepts is refused by the device.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Point } from '../../src/points/model.js';
import {
  ConfirmedService,
  decodeReadPropertyMultipleAck,
  encodeReadPropertyMultiple,
  PropertyId,
} from '../../src/protocols/bacnet/codec/index.js';
import { BacnetClient, type RoutedTo } from '../../src/protocols/bacnet/gateway/bacnet-client.js';
import { objectOf } from '../../src/protocols/bacnet/gateway/read-plan.js';
import { GATEWAY_WINDOW } from '../../src/protocols/bacnet/gateway/segmented-answer.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import {
  gatewaySite,
  HOST_A,
  readKeys,
  type SiteA,
  same,
  siteA,
  siteB,
  VIRTUAL_NETWORK,
} from './bacnet-gateway-fixture.js';

describe('BACnet gateway: segmented answers from site A', () => {
  let a: SiteA;
  const tank = () => a.site.devices.find((d) => d.id === 'dhw-tank');
  const routed = (): RoutedTo => ({
    network: VIRTUAL_NETWORK,
    mac: macOf(tank()?.numbers.bacnet as number),
  });
  /** ReadPropertyMultiple of every dhw-tank object's `properties`. */
  const everyObject = (properties: number[]) =>
    encodeReadPropertyMultiple(
      (tank()?.profile.points ?? []).map((p) => ({
        object: objectOf(p),
        properties: properties.map((property) => ({ property })),
      })),
    );

  before(async () => {
    a = await siteA();
  });
  after(async () => {
    await a?.close();
  });

  test('an answer in many windows of 50-octet segments is put together: the same as one unsegmented answer', async () => {
    const request = everyObject([PropertyId.PRESENT_VALUE, PropertyId.STATUS_FLAGS, PropertyId.OBJECT_NAME]);
    const small = await BacnetClient.open(HOST_A, a.port, { timeoutMs: 1000, maxApdu: 50 });
    const large = await BacnetClient.open(HOST_A, a.port, { timeoutMs: 1000 });
    try {
      const segmented = await small.request(ConfirmedService.READ_PROPERTY_MULTIPLE, request, routed());
      const whole = await large.request(ConfirmedService.READ_PROPERTY_MULTIPLE, request, routed());
      assert.equal(segmented.kind, 'complex-ack', JSON.stringify(segmented));
      assert.equal(whole.kind, 'complex-ack');
      if (segmented.kind !== 'complex-ack' || whole.kind !== 'complex-ack') return;
      // Segments carry at most 50 - 5 octets: the first alone, then more than one window of them.
      assert.ok(segmented.body.length > 45 * (GATEWAY_WINDOW + 1), `${segmented.body.length} octets`);
      assert.deepEqual(Buffer.from(segmented.body), Buffer.from(whole.body));
      const decoded = decodeReadPropertyMultipleAck(segmented.body);
      assert.ok(decoded.ok);
      assert.equal(decoded.value.length, tank()?.profile.points.length);
    } finally {
      await small.close();
      await large.close();
    }
  });

  test('an answer that needs more segments than the request accepts is refused by the device', async () => {
    const small = await BacnetClient.open(HOST_A, a.port, { timeoutMs: 1000, maxApdu: 50 });
    try {
      const answer = await small.request(
        ConfirmedService.READ_PROPERTY_MULTIPLE,
        everyObject([PropertyId.ALL]),
        routed(),
      );
      assert.deepEqual(answer, { kind: 'refused', why: 'abort BUFFER_OVERFLOW' });
    } finally {
      await small.close();
    }
  });

  test("a site read with maxApdu 128 has A's values on the routed and the IP device", async () => {
    const ids = ['dhw-tank', 'parking-server'];
    const b = await siteB(gatewaySite(a, ids, { maxApdu: 128 }));
    try {
      const keys = readKeys(b);
      assert.ok(
        await b.settle(() => keys.every((key) => b.state(key).status === 'ok')),
        keys.filter((key) => b.state(key).status !== 'ok').join(' '),
      );
      for (const key of keys) {
        const point = b.runtime.points.entries.find((e) => e.key === key)?.point as Point;
        assert.ok(same(point, b.state(key).value, a.state(key).value), key);
      }
    } finally {
      await b.close();
    }
  });
});
