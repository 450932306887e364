// The parking server's BMS Integration Status counts BACnet clients as it counts Modbus masters: a running
// server (startServer, the demo site, BACnet alone on 127.0.0.2) reads DISCONNECTED until a BACnet client
// talks to it, then CONNECTED once the server's self-measurement (every 5 s of wall-clock time) has seen it;
// the client reads the change itself, through ReadProperty of the point's object.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import type { Point } from '../../src/points/model.js';
import { bacnetAddressOf } from '../../src/protocols/bacnet/bacnet-address.js';
import { BACNET_OBJECT_TYPES } from '../../src/protocols/bacnet/bacnet-map.js';
import {
  type BipAddress,
  ConfirmedService,
  decodePropertyValue,
  decodeReadPropertyAck,
  encodeReadProperty,
  PropertyId,
} from '../../src/protocols/bacnet/codec/index.js';
import { ipDeviceIdOf } from '../../src/protocols/bacnet/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { serverSettingsOf } from '../../src/protocols/server-settings.js';
import { startServer } from '../../src/server.js';
import { loadSite } from '../../src/site/load.js';
import { T0 } from '../runtime/site-fixture.js';
import { RawPeer } from '../support/bacnet-network.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-bacnet-bms-'));
after(() => rmSync(root, { recursive: true, force: true }));

const quiet = { info() {}, warn() {}, error() {} };

describe('BMS Integration Status with a BACnet client', () => {
  test('a BACnet client turns the parking server’s BMS Integration Status to CONNECTED', async () => {
    const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
    assert.ok(site, 'the demo site loads');
    const made = serverSettingsOf(
      PROTOCOLS,
      site,
      { bacnetHost: '127.0.0.2', bacnetPort: 0 },
      { host: '127.0.0.1' },
    );
    assert.deepEqual(made.problems, []);
    // BACnet alone: no other protocol's client can count.
    const servers = Object.fromEntries(
      Object.keys(made.settings).map((name) => [name, name === 'bacnet' ? made.settings[name] : null]),
    );
    const clock = new VirtualClock(T0);
    const server = await startServer({
      site,
      dataDir: join(root, 'data'),
      sqlite: { acceptNewDatabase: true },
      clock,
      seed: 1,
      log: quiet,
      http: null,
      servers,
      env: { POINTYARD_ADMIN_PASSWORD: 'a long test password' },
    });
    const peer = await RawPeer.open('127.0.0.1');
    try {
      const address = server.endpoints.find((e) => e.name === 'bacnet')?.address;
      assert.ok(address, 'BACnet is served');
      const [host, port] = address.split(':');
      assert.equal(host, '127.0.0.2');
      const to: BipAddress = { address: host as string, port: Number(port) };

      const parking = site.devices.find((d) => d.id === ipDeviceIdOf(site));
      assert.ok(parking, 'the parking server answers on the IP network');
      const point = parking.profile.points.find((p) => p.name === 'BMS Integration Status') as Point;
      assert.ok(point, 'the parking server has a BMS Integration Status');
      const key = `${parking.id}.${point.id}`;
      const index = server.runtime.services.points.indexOf(key) as number;
      const stored = () => server.runtime.services.points.read(index).value;
      const { type, instance } = bacnetAddressOf(point);
      const object = { type: BACNET_OBJECT_TYPES[type].number, instance };

      // Before any client: the behaviour steps and finds none.
      clock.advance(2000);
      assert.equal(stored(), 'DISCONNECTED');

      // The client reads the point (ReadProperty, to the device on the IP network: no DNET).
      let invokeId = 0;
      const read = async (): Promise<number> => {
        invokeId = (invokeId + 1) & 0xff;
        const id = invokeId;
        peer.clear();
        peer.send(
          {
            bvlc: 'original-unicast',
            npdu: { expectingReply: true, priority: 0 },
            body: {
              apdu: {
                type: 'confirmed-request',
                segmentedResponseAccepted: false,
                maxSegments: 0,
                maxApdu: 5,
                invokeId: id,
                service: ConfirmedService.READ_PROPERTY,
                body: encodeReadProperty({ object, property: PropertyId.PRESENT_VALUE }),
              },
            },
          },
          to,
        );
        const [answer] = await peer.waitFor((f) => f.apdu?.type === 'complex-ack' && f.apdu.invokeId === id);
        assert.ok(answer?.apdu?.type === 'complex-ack');
        const ack = decodeReadPropertyAck(answer.apdu.body);
        assert.ok(ack.ok, 'the ReadProperty-ACK decodes');
        const values = decodePropertyValue(ack.value.value);
        assert.ok(values.ok && values.value[0]?.type === 'unsigned');
        return Number(values.value[0].value);
      };
      const states = point.enum ?? [];
      assert.equal(states[(await read()) - 1], 'DISCONNECTED');

      // The self-measurement refreshes every 5 s of wall-clock time: poll, stepping the site meanwhile.
      for (let i = 0; i < 300 && stored() !== 'CONNECTED'; i++) {
        clock.advance(1000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(stored(), 'CONNECTED', 'BMS Integration Status is CONNECTED');
      assert.equal(states[(await read()) - 1], 'CONNECTED', 'and the BACnet client reads it so');
    } finally {
      await peer.close();
      await server.stop();
    }
  });
});
