// The site file's server.bacnet reaches the BACnet application through the one settings reader: the Device
// objects carry its Vendor_Name and Vendor_Identifier, and writes are made with its role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import {
  applicationOptionsOf,
  createBacnetApplication,
} from '../../src/protocols/bacnet/bacnet-application.js';
import {
  decodePropertyValue,
  decodeReadPropertyAck,
  ObjectType,
  PropertyId,
} from '../../src/protocols/bacnet/codec/index.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

test('server.bacnet vendorName, vendorId and role reach the Device objects and the writes', async () => {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  assert.ok(site);
  site.server.bacnet = { vendorName: 'Acme Gateways', vendorId: 42, role: 'admin' };
  assert.deepEqual(applicationOptionsOf(site), { role: 'admin', vendorId: 42, vendorName: 'Acme Gateways' });
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock: new VirtualClock(Date.UTC(2026, 0, 5)),
    seed: 1,
  });
  const app = createBacnetApplication(runtime.services, { unconfirmed() {}, confirmed: async () => true });
  try {
    const device = app.devices()[0];
    assert.ok(device);
    assert.equal(device.vendorId, 42, 'announced in I-Am');
    const read = async (property: number) => {
      const answer = await app.confirmed(
        device,
        {
          service: 'read-property',
          request: { object: { type: ObjectType.DEVICE, instance: device.instance }, property },
        },
        { address: '127.0.0.1:47808', routedFrom: null },
      );
      assert.equal(answer.kind, 'complex-ack');
      const ack = decodeReadPropertyAck(answer.kind === 'complex-ack' ? answer.body : new Uint8Array());
      assert.ok(ack.ok);
      const values = decodePropertyValue(ack.value.value);
      assert.ok(values.ok);
      return (values.value[0] as { value: unknown }).value;
    };
    assert.equal(await read(PropertyId.VENDOR_NAME), 'Acme Gateways');
    assert.equal(await read(PropertyId.VENDOR_IDENTIFIER), 42);
  } finally {
    app.close?.();
    await runtime.stop();
  }
});
