// Interop: @bacnet-js/client (an independent BACnet stack from npm) against Pointyard's BACnet server over a
// running demo site: ReadProperty of every mapped point of every device, through the router for the routed
// ones, checked against the point store; ReadPropertyMultiple ALL; a write with a priority and its
// relinquish, through the one write path; a value out of range refused; a COV subscription notified when the
// point moves; a segmented Object_List. The server runs on 127.0.0.2 and the client on 127.0.0.3 (the client
// ignores requests from exactly 127.0.0.1:47808), each on a free port.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import type { Value } from '../../src/core/value.js';
import type { Point } from '../../src/points/model.js';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { createBacnetApplication } from '../../src/protocols/bacnet/bacnet-application.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import { bacnetInstanceOf } from '../../src/protocols/bacnet/device-number.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import {
  type BacnetNetwork,
  ipDeviceIdOf,
  startBacnetNetwork,
} from '../../src/protocols/bacnet/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Device } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { type Any, BACNET_JS_MISSING, freeUdpPort, loadBacnetJs } from '../support/bacnet-js.js';
import { peerSkip } from '../support/peers.js';

const Client = loadBacnetJs();
const skip = peerSkip(Client ? null : BACNET_JS_MISSING);

const PRESENT_VALUE = 85;
const OBJECT_NAME = 77;
const OBJECT_LIST = 76;
const ALL = 8;
const DEVICE = 8;
const T0 = Date.UTC(2026, 0, 5);

/** What the point store holds, as BACnet's Present_Value carries it (see docs/bacnet.md). */
function expected(point: Point, value: Value): unknown {
  if (point.type === 'action') return 0; // a momentary action reads INACTIVE
  if (point.type === 'bool') return value ? 1 : 0;
  if (point.type === 'enum') return (point.enum ?? []).indexOf(String(value)) + 1;
  return value;
}

describe('BACnet with @bacnet-js/client: reads, writes and COV through the router', { skip }, () => {
  let runtime: Runtime;
  let network: BacnetNetwork;
  let client: Any;
  let ipDeviceId: string | null;
  const site = loadSite('sites/demo.yaml', PROTOCOLS).site;
  assert.ok(site, 'the demo site loads');
  const clock = new VirtualClock(T0);

  /** The client's address of a device: the router's, with DNET/DADR for a device behind it. */
  const addressOf = (device: Device) => {
    const address = `127.0.0.2:${network.address.port}`;
    const instance = bacnetInstanceOf(device) as number;
    return device.id === ipDeviceId ? { address } : { address, net: 2, adr: [...macOf(instance)] };
  };
  const objectOf = (point: Point) => {
    const { type, instance } = bacnetAddressOf(point);
    return { type: BACNET_OBJECT_TYPES[type].number, instance };
  };

  before(async () => {
    runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 3 });
    runtime.start();
    clock.advance(60_000);
    ipDeviceId = ipDeviceIdOf(site);
    network = await startBacnetNetwork({
      host: '127.0.0.2',
      port: 0,
      network: 2,
      ipNetwork: 1,
      broadcast: '127.0.0.2',
      ipDeviceId,
      application: (outbound) => createBacnetApplication(runtime.services, outbound),
    });
    client = new Client({ port: await freeUdpPort('127.0.0.3'), interface: '127.0.0.3', apduTimeout: 3000 });
    await new Promise<void>((resolve) => client.once('listening', () => resolve()));
  });
  after(async () => {
    client?.close();
    await network?.close();
    await runtime?.stop();
  });

  test('Present_Value of every mapped point of every device matches the point store', async () => {
    let read = 0;
    for (const device of site.devices) {
      for (const point of device.profile.points) {
        const index = runtime.points.indexOf(`${device.id}.${point.id}`) as number;
        const answer = await client.readProperty(addressOf(device), objectOf(point), PRESENT_VALUE);
        const got = answer.values[0]?.value;
        const want = expected(point, runtime.points.read(index).value);
        if (point.type === 'number')
          assert.ok(
            Math.abs((got as number) - (want as number)) <= Math.abs(want as number) * 1e-6 + 1e-6,
            `${device.id}.${point.id}: ${got} for ${want}`,
          );
        else if (point.type !== 'datetime') assert.deepEqual(got, want, `${device.id}.${point.id}`);
        read++;
      }
    }
    assert.equal(read, runtime.points.size);
  });

  test('ReadPropertyMultiple ALL of a routed object gives its name and value', async () => {
    const device = site.devices.find((d) => d.id !== ipDeviceId) as Device;
    const point = device.profile.points[0] as Point;
    const answer = await client.readPropertyMultiple(addressOf(device), [
      { objectId: objectOf(point), properties: [{ id: ALL }] },
    ]);
    const properties = answer.values[0].values as Array<{ id: number; value: Array<{ value: unknown }> }>;
    const name = properties.find((p) => p.id === OBJECT_NAME)?.value[0]?.value;
    assert.equal(name, point.name);
    assert.ok(properties.some((p) => p.id === PRESENT_VALUE));
  });

  test('a write at priority 8 goes through the write path; NULL relinquishes it; out of range is refused', async () => {
    const device = site.devices.find((d) =>
      d.profile.points.some((p) => p.kind === 'command' && p.type === 'number' && p.min !== null),
    ) as Device;
    const point = device.profile.points.find(
      (p) => p.kind === 'command' && p.type === 'number' && p.min !== null,
    ) as Point;
    const key = `${device.id}.${point.id}`;
    const value = ((point.min as number) + (point.max as number)) / 2;
    await client.writeProperty(addressOf(device), objectOf(point), PRESENT_VALUE, [{ type: 4, value }], {
      priority: 8,
    });
    const array = runtime.services.writes.priorityArray(key);
    assert.ok(array, 'a writable point has a priority array');
    assert.equal(array.values[7], value);
    await client.writeProperty(
      addressOf(device),
      objectOf(point),
      PRESENT_VALUE,
      [{ type: 0, value: null }],
      {
        priority: 8,
      },
    );
    assert.equal(runtime.services.writes.priorityArray(key)?.values[7] ?? null, null);
    await assert.rejects(
      client.writeProperty(
        addressOf(device),
        objectOf(point),
        PRESENT_VALUE,
        [{ type: 4, value: (point.max as number) + 1000 }],
        { priority: 8 },
      ),
    );
    const audit = await runtime.services.audit.query({ key });
    assert.ok(
      audit.some((r) => r.via === 'bacnet'),
      'the writes are audited as BACnet',
    );
  });

  test('a COV subscription is notified when the point moves', async () => {
    const device = site.devices.find((d) => d.id !== ipDeviceId) as Device;
    const point = device.profile.points.find((p) => p.kind === 'sensor' && p.type === 'number') as Point;
    const index = runtime.points.indexOf(`${device.id}.${point.id}`) as number;
    const seen: number[] = [];
    client.on('covNotifyUnconfirmed', (msg: Any) => {
      if (msg.payload.monitoredObjectId?.instance === objectOf(point).instance) seen.push(1);
    });
    await client.subscribeCov(addressOf(device), objectOf(point), 7, false, false, 300);
    const initial = seen.length;
    const now = runtime.points.read(index).value as number;
    runtime.points.update(index, now + Math.max(1, Math.abs(now)), clock.now());
    for (let i = 0; i < 400 && seen.length <= initial; i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(seen.length > initial, 'a notification after the move');
  });

  test("the Device object's Object_List, segmented for a client that takes 128-octet APDUs", async () => {
    const device = site.devices.find((d) => d.id === ipDeviceId) as Device;
    const instance = bacnetInstanceOf(device) as number;
    const answer = await client.readProperty(addressOf(device), { type: DEVICE, instance }, OBJECT_LIST, {
      maxApdu: 1, // 128 octets
    });
    const ids = (answer.values as Array<{ value: { type: number; instance: number } }>).map((v) => v.value);
    assert.equal(ids.length, device.profile.points.length + 1);
    assert.deepEqual(ids[0], { type: DEVICE, instance });
  });
});
