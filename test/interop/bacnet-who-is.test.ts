// Interop: @bacnet-js/client (an independent BACnet stack from npm) sends a global Who-Is to the network side
// and finds every demo device through the router: the parking server on the IP network, every other device
// with the virtual network's SNET and its MAC. The client ignores requests from exactly 127.0.0.1 and binds
// 47808 unless told a port: the server runs on 127.0.0.2 and the client on 127.0.0.3, each on a free port.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { type Any, BACNET_JS_MISSING, freeUdpPort, loadBacnetJs } from '../support/bacnet-js.js';
import { testNetwork } from '../support/bacnet-network.js';
import { peerSkip } from '../support/peers.js';

const Client = loadBacnetJs();
const skip = peerSkip(Client ? null : BACNET_JS_MISSING);

describe('BACnet Who-Is with @bacnet-js/client', { skip }, () => {
  test('a global Who-Is finds every demo device: instances, and SNET/SADR for those behind the router', async () => {
    const net = await testNetwork({ host: '127.0.0.2' });
    const port = await freeUdpPort('127.0.0.3');
    const client = new Client({
      port,
      interface: '127.0.0.3',
      broadcastAddress: '127.0.0.2',
      apduTimeout: 2000,
    });
    try {
      await new Promise<void>((resolve) => client.once('listening', () => resolve()));
      const found = new Map<number, { net?: number; adr?: number[] }>();
      client.on('iAm', (msg: Any) => {
        found.set(msg.payload.deviceId, { net: msg.header.sender.net, adr: msg.header.sender.adr });
      });
      client.whoIs({ address: `127.0.0.2:${net.network.address.port}`, net: 0xffff });
      for (let i = 0; i < 400 && found.size < net.devices.length; i++)
        await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(
        [...found.keys()].sort((a, b) => a - b),
        net.devices.map((d) => d.instance).sort((a, b) => a - b),
      );
      assert.equal(found.get(net.ipDevice.instance)?.net, undefined);
      for (const d of net.routed) {
        const seen = found.get(d.instance);
        assert.equal(seen?.net, 2, `SNET of ${d.id}`);
        assert.deepEqual(seen?.adr, [...macOf(d.instance)], `SADR of ${d.id}`);
      }
    } finally {
      client.close();
      await net.network.close();
    }
  });
});
