// Finding a device with Who-Is in gateway mode, against our own server (bacnet-gateway-fixture.ts): site B
// knows only A's address and each device's instance (`whoIs: true`, no dnet/dadr); the I-Am of a routed
// device gives its network and MAC, that of the IP device none, no device of that instance no I-Am; every
// point reads A's value and is subscribed to.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Point } from '../../src/points/model.js';
import { BacnetClient } from '../../src/protocols/bacnet/gateway/bacnet-client.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { ipDeviceIdOf } from '../../src/protocols/bacnet/server-service.js';
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

describe('BACnet gateway: devices found with Who-Is', () => {
  let a: SiteA;
  before(async () => {
    a = await siteA();
  });
  after(async () => {
    await a?.close();
  });

  test("the I-Am says a routed device's network and MAC, and nothing for the device on the IP network", async () => {
    const client = await BacnetClient.open(HOST_A, a.port, { timeoutMs: 1000 });
    try {
      const tank = a.site.devices.find((d) => d.id === 'dhw-tank')?.numbers.bacnet as number;
      assert.deepEqual(await client.whoIs(tank), { network: VIRTUAL_NETWORK, mac: macOf(tank) });
      const ip = a.site.devices.find((d) => d.id === ipDeviceIdOf(a.site))?.numbers.bacnet as number;
      assert.equal(await client.whoIs(ip), null);
      await assert.rejects(client.whoIs(4_000_000), /no I-Am of device 4000000/);
    } finally {
      await client.close();
    }
  });

  test("a site that knows only A's address and the instances reads A's values and subscribes to them", async () => {
    const ids = ['dhw-tank', 'ev-charger-1', ipDeviceIdOf(a.site) as string];
    const b = await siteB(gatewaySite(a, ids, { whoIs: true, cov: true }));
    try {
      const keys = readKeys(b);
      const subscribable = b.runtime.points.entries.filter((e) => e.point.type !== 'action').length;
      assert.ok(
        await b.settle(
          () => keys.every((key) => b.state(key).status === 'ok') && a.covSubscriptions === subscribable,
        ),
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
