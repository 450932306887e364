// Interop: a whole session of @bacnet-js/client (an independent BACnet stack from npm) with Pointyard's BACnet
// server over a running demo site — a global Who-Is, ReadProperty, ReadPropertyMultiple ALL, WriteProperty at
// priority 8 and its relinquish, SubscribeCOV and a notification, the Device object's Object_List segmented
// for a client that takes 128-octet APDUs — with every datagram both sides exchanged recorded by a relay
// between them, written to a pcap file and read by Wireshark's BACnet dissector (Debian's tshark): every
// frame BACnet/IP, none malformed, no error in the expert info, and each service of the session found.
// The server runs on 127.0.0.2, the relay on 127.0.0.2 (towards the client) and 127.0.0.4 (towards the
// server), the client on 127.0.0.3 (it ignores requests from exactly 127.0.0.1:47808), each on a free port.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import type { Point } from '../../src/points/model.js';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { createBacnetApplication } from '../../src/protocols/bacnet/bacnet-application.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import { bacnetInstanceOf } from '../../src/protocols/bacnet/device-number.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { ipDeviceIdOf, startBacnetNetwork } from '../../src/protocols/bacnet/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Device } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { type Any, BACNET_JS_MISSING, freeUdpPort, loadBacnetJs } from '../support/bacnet-js.js';
import { bvlcProblems, dissect, pcapFile, tsharkMissing, udpPacket } from '../support/pcap.js';
import { peerSkip } from '../support/peers.js';

const Client = loadBacnetJs();
const skip = peerSkip(Client ? tsharkMissing() : BACNET_JS_MISSING);

const PRESENT_VALUE = 85;
const OBJECT_LIST = 76;
const ALL = 8;
const DEVICE = 8;
const T0 = Date.UTC(2026, 0, 5);

const CLIENT = [127, 0, 0, 3];
const SERVER = [127, 0, 0, 2];

// ---- the relay: passes each datagram on and keeps it, in the order seen ----

async function bound(host: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return socket;
}

/** A relay to the server at 127.0.0.2:`serverPort`; the client talks to `port` (on 127.0.0.2). */
async function relay(serverPort: number) {
  const towardsClient = await bound('127.0.0.2');
  const towardsServer = await bound('127.0.0.4');
  const packets: Buffer[] = [];
  let client: dgram.RemoteInfo | null = null;
  towardsClient.on('message', (data, from) => {
    client = from;
    packets.push(udpPacket(CLIENT, SERVER, data));
    towardsServer.send(data, serverPort, '127.0.0.2');
  });
  towardsServer.on('message', (data) => {
    packets.push(udpPacket(SERVER, CLIENT, data));
    if (client) towardsClient.send(data, client.port, client.address);
  });
  return {
    port: towardsClient.address().port,
    packets,
    async close() {
      await new Promise<void>((resolve) => towardsClient.close(() => resolve()));
      await new Promise<void>((resolve) => towardsServer.close(() => resolve()));
    },
  };
}

/** Polls `done` every 5 ms, 2 s at most. */
async function until(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return done();
}

describe('a BACnet session with @bacnet-js/client read by tshark', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bacnet-session-pcap-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('Who-Is, reads, a write, COV and a segmented Object_List: every frame BACnet/IP, none malformed', async () => {
    const site = loadSite('sites/demo.yaml', PROTOCOLS).site;
    assert.ok(site, 'the demo site loads');
    const clock = new VirtualClock(T0);
    const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 3 });
    runtime.start();
    clock.advance(60_000);
    const ipDeviceId = ipDeviceIdOf(site);
    const network = await startBacnetNetwork({
      host: '127.0.0.2',
      port: 0,
      network: 2,
      ipNetwork: 1,
      broadcast: '127.0.0.2',
      ipDeviceId,
      application: (outbound) => createBacnetApplication(runtime.services, outbound),
    });
    const between = await relay(network.address.port);
    const client = new Client({
      port: await freeUdpPort('127.0.0.3'),
      interface: '127.0.0.3',
      apduTimeout: 3000,
    });
    await new Promise<void>((resolve) => client.once('listening', () => resolve()));

    const address = `127.0.0.2:${between.port}`;
    const addressOf = (device: Device) =>
      device.id === ipDeviceId
        ? { address }
        : { address, net: 2, adr: [...macOf(bacnetInstanceOf(device) as number)] };
    const objectOf = (point: Point) => {
      const { type, instance } = bacnetAddressOf(point);
      return { type: BACNET_OBJECT_TYPES[type].number, instance };
    };
    const parking = site.devices.find((d) => d.id === ipDeviceId) as Device;
    const routed = site.devices.find((d) => d.id !== ipDeviceId) as Device;
    try {
      // A global Who-Is: every device answers.
      const found = new Set<number>();
      client.on('iAm', (msg: Any) => found.add(msg.payload.deviceId));
      client.whoIs({ address, net: 0xffff });
      assert.ok(await until(() => found.size === site.devices.length), `${found.size} devices found`);

      // ReadProperty of a point of the device on the IP network.
      const first = parking.profile.points[0] as Point;
      const read = await client.readProperty(addressOf(parking), objectOf(first), PRESENT_VALUE);
      assert.equal(read.values.length, 1);

      // ReadPropertyMultiple ALL of an object behind the router.
      const point = routed.profile.points[0] as Point;
      const all = await client.readPropertyMultiple(addressOf(routed), [
        { objectId: objectOf(point), properties: [{ id: ALL }] },
      ]);
      assert.ok(all.values[0].values.length > 5);

      // WriteProperty at priority 8, then NULL to relinquish it.
      const writable = site.devices.find((d) =>
        d.profile.points.some((p) => p.kind === 'command' && p.type === 'number' && p.min !== null),
      ) as Device;
      const command = writable.profile.points.find(
        (p) => p.kind === 'command' && p.type === 'number' && p.min !== null,
      ) as Point;
      const value = ((command.min as number) + (command.max as number)) / 2;
      await client.writeProperty(
        addressOf(writable),
        objectOf(command),
        PRESENT_VALUE,
        [{ type: 4, value }],
        {
          priority: 8,
        },
      );
      const key = `${writable.id}.${command.id}`;
      assert.equal(runtime.services.writes.priorityArray(key)?.values[7], value);
      await client.writeProperty(
        addressOf(writable),
        objectOf(command),
        PRESENT_VALUE,
        [{ type: 0, value: null }],
        { priority: 8 },
      );

      // SubscribeCOV (unconfirmed), then a change of the point and its notification.
      const sensor = routed.profile.points.find((p) => p.kind === 'sensor' && p.type === 'number') as Point;
      let notifications = 0;
      client.on('covNotifyUnconfirmed', (msg: Any) => {
        if (msg.payload.monitoredObjectId?.instance === objectOf(sensor).instance) notifications++;
      });
      await client.subscribeCov(addressOf(routed), objectOf(sensor), 7, false, false, 300);
      assert.ok(await until(() => notifications >= 1), 'the first notification');
      const index = runtime.points.indexOf(`${routed.id}.${sensor.id}`) as number;
      const now = runtime.points.read(index).value as number;
      runtime.points.update(index, now + Math.max(1, Math.abs(now)), clock.now());
      assert.ok(await until(() => notifications >= 2), 'a notification after the change');

      // Object_List of the Device object, segmented for a client that takes 128-octet APDUs.
      const instance = bacnetInstanceOf(parking) as number;
      const list = await client.readProperty(addressOf(parking), { type: DEVICE, instance }, OBJECT_LIST, {
        maxApdu: 1,
      });
      assert.equal(list.values.length, parking.profile.points.length + 1);
    } finally {
      client.close();
      await between.close();
      await network.close();
      await runtime.stop();
    }

    const file = join(dir, 'session.pcap');
    writeFileSync(file, pcapFile(between.packets));
    const dissected = dissect(file);
    assert.equal(dissected.length, between.packets.length, 'one dissection per frame');
    // Problems name the frame and its first lines only: a whole dissection makes an unreadable failure.
    const problems: string[] = [];
    dissected.forEach((out, i) => {
      const head = out.slice(0, 1500);
      for (const why of bvlcProblems(out)) problems.push(`frame ${i + 1}: ${why}\n${head}`);
    });
    assert.deepEqual(problems, []);
    const text = dissected.join('\n');
    const services = [
      'who-Is',
      'i-Am',
      'readProperty',
      'readPropertyMultiple',
      'writeProperty',
      'subscribeCOV',
      'unconfirmedCOVNotification',
      'Segment-ACK',
      'Reassembled BACapp length',
    ];
    assert.deepEqual(
      services.filter((name) => !text.includes(name)),
      [],
      'every service of the session is dissected',
    );
  });
});
